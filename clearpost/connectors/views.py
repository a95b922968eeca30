"""OAuth linking: start sends the advisor to the network (state and PKCE verifier kept in their session);
the callback checks the state, exchanges the code and stores the account through the service."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from clearpost.connectors.base import ConnectorError
from clearpost.connectors.choices import Network
from clearpost.connectors.registry import connector_for
from clearpost.connectors.services import network_account_link
from clearpost.core.errors import DomainError
from clearpost.core.permissions import require_permission

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
    return redirect("/")
