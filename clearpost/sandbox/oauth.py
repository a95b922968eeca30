"""OAuth 2.0 authorization-code flows as each network serves them (X requires PKCE with S256; Mastodon and
LinkedIn accept it). The consent page asks which sandbox member is signing in: there are no passwords here."""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import timedelta
from urllib.parse import urlencode

from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from clearpost.sandbox.models import SandboxAccount, SandboxAuthCode, SandboxToken

ACCESS_SECONDS = 7200
PARAMS = ("response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method")


def _oauth_error(code: str, description: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": code, "error_description": description}, status=status)


def pkce_challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def _authorize(request: HttpRequest, network: str) -> HttpResponse:
    params = {k: (request.POST if request.method == "POST" else request.GET).get(k, "") for k in PARAMS}
    if params["response_type"] != "code" or not params["client_id"] or not params["redirect_uri"]:
        return _oauth_error("invalid_request", "response_type=code, client_id and redirect_uri are required")
    if network == "x" and (not params["code_challenge"] or params["code_challenge_method"] != "S256"):
        return _oauth_error("invalid_request", "X requires PKCE: code_challenge with code_challenge_method=S256")
    if request.method == "GET":
        members = SandboxAccount.objects.filter(network=network, is_audience=False).order_by("handle")[:200]
        return render(request, "sandbox/authorize.html", {"params": params, "network": network, "members": members})
    account = SandboxAccount.objects.filter(network=network, handle=request.POST.get("handle", "")).first()
    if account is None:
        return _oauth_error("access_denied", "no such member")
    code = secrets.token_urlsafe(24)
    SandboxAuthCode.objects.create(account=account, code=code, client_id=params["client_id"],
                                   redirect_uri=params["redirect_uri"], scope=params["scope"],
                                   code_challenge=params["code_challenge"],
                                   expires_at=timezone.now() + timedelta(minutes=10))
    query = urlencode({"code": code, "state": params["state"]})
    return HttpResponseRedirect(f"{params['redirect_uri']}{'&' if '?' in params['redirect_uri'] else '?'}{query}")


def _issue(account: SandboxAccount, scope: str) -> JsonResponse:
    access, refresh = f"sbx-oa-{secrets.token_urlsafe(24)}", f"sbx-or-{secrets.token_urlsafe(24)}"
    SandboxToken.objects.create(account=account, kind="access", token=access,
                                expires_at=timezone.now() + timedelta(seconds=ACCESS_SECONDS))
    SandboxToken.objects.create(account=account, kind="refresh", token=refresh)
    return JsonResponse({"token_type": "bearer", "access_token": access, "refresh_token": refresh,
                         "expires_in": ACCESS_SECONDS, "scope": scope})


@transaction.atomic
def _token(request: HttpRequest, network: str) -> HttpResponse:
    grant = request.POST.get("grant_type", "")
    if grant == "authorization_code":
        found = (SandboxAuthCode.objects.select_for_update().select_related("account")
                 .filter(code=request.POST.get("code", ""), account__network=network).first())
        if found is None or found.used or found.expires_at <= timezone.now():
            return _oauth_error("invalid_grant", "the code is unknown, used or expired")
        if found.redirect_uri != request.POST.get("redirect_uri", ""):
            return _oauth_error("invalid_grant", "redirect_uri does not match the authorization request")
        if found.code_challenge and pkce_challenge(request.POST.get("code_verifier", "")) != found.code_challenge:
            return _oauth_error("invalid_grant", "code_verifier does not match the code_challenge")
        found.used = True
        found.save(update_fields=["used"])
        return _issue(found.account, found.scope)
    if grant == "refresh_token":
        old = (SandboxToken.objects.select_for_update().select_related("account")
               .filter(token=request.POST.get("refresh_token", ""), kind="refresh", revoked=False,
                       account__network=network).first())
        if old is None:
            return _oauth_error("invalid_grant", "the refresh token is unknown or revoked")
        # Rotation, as X does: a refresh token works once.
        old.revoked = True
        old.save(update_fields=["revoked"])
        return _issue(old.account, "")
    return _oauth_error("unsupported_grant_type", f"grant_type {grant!r} is not supported")


def authorize_view(network: str):  # type: ignore[no-untyped-def]
    @csrf_exempt
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest) -> HttpResponse:
        return _authorize(request, network)

    return view


def token_view(network: str):  # type: ignore[no-untyped-def]
    @csrf_exempt
    @require_http_methods(["POST"])
    def view(request: HttpRequest) -> HttpResponse:
        return _token(request, network)

    return view
