"""The JSON API: OpenAPI at /api/openapi.json, docs at /api/docs. Session auth (CSRF enforced) for the
browser, bearer tokens for integrations. Every error is RFC 9457 application/problem+json."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from clearpost.api.services import api_token_user
from clearpost.core.errors import DomainError

log = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(key=token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Clearpost API",
    version="1",
    description="Compliance-controlled social publishing for financial advisors.",
    auth=[SessionAuth(csrf=True), TokenAuth()],
    urls_namespace="api",
)


def problem(request: HttpRequest, status: int, title: str, detail: str, **extra: Any) -> HttpResponse:
    response = api.create_response(
        request, {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}, status=status
    )
    response["Content-Type"] = "application/problem+json"
    return response


@api.exception_handler(ValidationError)
def _validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"loc": list(e.get("loc", [])), "msg": e.get("msg", "")} for e in exc.errors]
    detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors) or "invalid input"
    return problem(request, 422, "Invalid request", detail, errors=errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(request, 401, "Not authenticated", "sign in or send a valid bearer token")


@api.exception_handler(DomainError)
def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
    if exc.status == 403:
        from clearpost.accounts.services import permission_denied_record

        permission_denied_record(request=request, detail=exc.message)
    return problem(request, exc.status, exc.code.replace("_", " ").capitalize(), exc.message, code=exc.code)


@api.exception_handler(PermissionDenied)
def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return problem(request, 403, "Forbidden", str(exc) or "not allowed")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, "Not found", str(exc) or "no such resource")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, "Request failed", str(exc))


@api.exception_handler(Exception)
def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    log.exception("unhandled API error")
    return problem(request, 500, "Internal error", "an unexpected error occurred; it has been logged")


from clearpost.api import routes  # noqa: E402  (registers the routers on `api`)

__all__ = ["api", "routes"]
