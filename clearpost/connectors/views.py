"""OAuth linking: start sends the advisor to the network (state and PKCE verifier kept in their session);
the callback checks the state, exchanges the code and stores the account through the service."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from clearpost.connectors.base import ConnectorError
from clearpost.connectors.choices import AccountStatus, Network
from clearpost.connectors.models import NetworkAccount
from clearpost.connectors.registry import connector_for
from clearpost.connectors.services import network_account_decide, network_account_link, network_account_unlink
from clearpost.core.errors import DomainError
from clearpost.core.permissions import deny, require_permission

SESSION_KEY = "connectors.oauth"


def _callback_url(request: HttpRequest, network: str) -> str:
    return request.build_absolute_uri(reverse("connectors:callback", args=[network]))


@require_GET
@require_permission("posts.compose_post")
def oauth_start(request: HttpRequest, network: str) -> HttpResponse:
    if network not in Network.values:
        return HttpResponseBadRequest("unknown network")
    start = connector_for(network).oauth_start(redirect_uri=_callback_url(request, network),
                                               state=secrets.token_urlsafe(24))
    request.session[SESSION_KEY] = {"network": network, "state": start.state, "verifier": start.code_verifier}
    return HttpResponseRedirect(start.url)


@require_GET
@require_permission("posts.compose_post")
def oauth_callback(request: HttpRequest, network: str) -> HttpResponse:
    pending = request.session.pop(SESSION_KEY, None)
    state = request.GET.get("state", "")
    if not pending or pending.get("network") != network or not secrets.compare_digest(pending["state"], state):
        return HttpResponseBadRequest("the authorization does not match one started here; please start again")
    if "error" in request.GET or not request.GET.get("code"):
        messages.error(request, f"{network}: authorization was refused ({request.GET.get('error', 'no code')}).")
        return redirect("/")
    connector = connector_for(network)
    try:
        tokens = connector.oauth_finish(code=request.GET["code"], redirect_uri=_callback_url(request, network),
                                        code_verifier=pending["verifier"])
        profile = connector.fetch_profile(access_token=tokens.access_token)
        account = network_account_link(owner=request.user, network=network, tokens=tokens,  # type: ignore[arg-type]
                                       profile=profile)
    except (ConnectorError, DomainError) as exc:
        messages.error(request, f"{network}: the account could not be linked: {exc}")
        return redirect("/")
    messages.success(request, f"Linked {account}; it waits for compliance's approval before you can post.")
    return redirect("connectors:mine")


@require_permission("posts.compose_post")
def my_accounts(request: HttpRequest) -> HttpResponse:
    accounts = NetworkAccount.objects.filter(owner=request.user).exclude(status=AccountStatus.UNLINKED)
    return render(request, "connectors/mine.html", {"accounts": accounts, "networks": Network.choices})


@require_POST
@require_permission("posts.compose_post")
def unlink(request: HttpRequest, account_id: int) -> HttpResponse:
    try:
        network_account_unlink(actor=request.user, account_id=account_id, reason=request.POST.get("reason", ""))
        messages.success(request, "Unlinked. The account's history stays in the archive.")
    except DomainError as exc:
        if exc.status == 403:
            deny(request, exc.message)
        messages.error(request, exc.message)
    return redirect("connectors:mine")


@require_permission("connectors.approve_accounts")
def approvals(request: HttpRequest) -> HttpResponse:
    pending = (NetworkAccount.objects.filter(status=AccountStatus.PENDING_APPROVAL)
               .select_related("owner", "owner__branch").prefetch_related("snapshots"))
    return render(request, "connectors/approvals.html", {"accounts": pending})


@require_POST
@require_permission("connectors.approve_accounts")
def decide(request: HttpRequest, account_id: int) -> HttpResponse:
    try:
        network_account_decide(actor=request.user, account_id=account_id,
                               approve=request.POST.get("action") == "approve", reason=request.POST.get("reason", ""))
        messages.success(request, "Recorded.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("connectors:approvals")
