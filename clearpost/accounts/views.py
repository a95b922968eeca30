from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from clearpost.accounts.forms import LoginForm
from clearpost.accounts.services import user_login, user_logout


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST if request.method == "POST" else None)
    error = ""
    if request.method == "POST" and form.is_valid():
        outcome = user_login(request=request, username=form.cleaned_data["username"],
                             password=form.cleaned_data["password"])
        if outcome.user is not None:
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "/"
            return redirect(target or "/")
        error = outcome.error
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/login.html", {"form": form, "error": error}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    user_logout(request=request)
    return redirect("accounts:login")
