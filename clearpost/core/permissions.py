"""View guards that archive every denial (a denied attempt is evidence too)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def require_permission(perm: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(perm):
                deny(request, f"missing permission {perm}")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def deny(request: HttpRequest, detail: str) -> None:
    from clearpost.accounts.services import permission_denied_record

    permission_denied_record(request=request, detail=detail)
    raise PermissionDenied(detail)
