"""Linking an advisor's network account through the network's OAuth flow."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from clearpost.accounts.models import User
from clearpost.archive.services import archive_record_append
from clearpost.connectors.base import Profile, TokenSet
from clearpost.connectors.choices import AccountStatus, Network
from clearpost.connectors.models import NetworkAccount
from clearpost.connectors.tokens import encrypt_token
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.core.events import EventType


@transaction.atomic
def network_account_link(*, owner: User, network: str, tokens: TokenSet, profile: Profile) -> NetworkAccount:
    """Store (encrypted) the tokens of an account the advisor just authorized. A new link waits for
    compliance's approval (`pending_approval`); re-linking an account the advisor already holds refreshes its
    tokens and keeps its status. The link is archived (FINRA 17-18: the firm knows every business account)."""
    if not owner.has_perm("posts.compose_post"):
        raise NotPermitted("only advisors link network accounts", permission="posts.compose_post")
    if network not in Network.values or not profile.handle:
        raise DomainError("the network did not identify the account", code="unknown_profile")
    live = NetworkAccount.objects.select_for_update().filter(network=network, handle=profile.handle).exclude(
        status=AccountStatus.UNLINKED).first()
    if live is not None and live.owner_id != owner.pk:
        raise DomainError("this account is linked to another advisor", code="account_taken")
    expires = timezone.now() + timedelta(seconds=tokens.expires_in) if tokens.expires_in else None
    fields = {"external_id": profile.external_id, "display_name": profile.display_name,
              "access_token_encrypted": encrypt_token(tokens.access_token),
              "refresh_token_encrypted": encrypt_token(tokens.refresh_token) if tokens.refresh_token else "",
              "token_expires_at": expires}
    if live is None:
        account = NetworkAccount.objects.create(owner=owner, network=network, handle=profile.handle, **fields)
    else:
        NetworkAccount.objects.filter(pk=live.pk).update(**fields, updated_at=timezone.now())
        account = NetworkAccount.objects.get(pk=live.pk)
    archive_record_append(event_type=EventType.ACCOUNT_LINKED, actor_id=owner.pk, advisor_id=owner.pk,
                          branch_id=owner.branch_id, network=network, account_id=account.pk,
                          payload={"handle": profile.handle, "external_id": profile.external_id,
                                   "status": account.status, "relinked": live is not None,
                                   "scope": tokens.scope})
    return account


def account_access_token(*, account: NetworkAccount, margin_seconds: int = 60) -> str:
    """The account's access token, refreshed first through the network's OAuth refresh grant when it expires
    within `margin_seconds`. The new tokens are stored encrypted before use (X rotates refresh tokens, so the
    old one is dead once this call returns). Raises ConnectorError(auth=True) when no refresh is possible."""
    from clearpost.connectors.base import ConnectorError
    from clearpost.connectors.registry import connector_for
    from clearpost.connectors.tokens import decrypt_token

    expires = account.token_expires_at
    if expires is None or expires > timezone.now() + timedelta(seconds=margin_seconds):
        return account.access_token
    if not account.refresh_token_encrypted:
        raise ConnectorError(f"the {account.network} token expired and there is no refresh token; re-link the "
                             "account", permanent=True, auth=True)
    with transaction.atomic():
        locked = NetworkAccount.objects.select_for_update().get(pk=account.pk)
        if locked.token_expires_at and locked.token_expires_at > timezone.now() + timedelta(seconds=margin_seconds):
            return locked.access_token  # another worker refreshed it meanwhile
        tokens = connector_for(account.network).oauth_refresh(
            refresh_token=decrypt_token(locked.refresh_token_encrypted))
        fields = {"access_token_encrypted": encrypt_token(tokens.access_token),
                  "token_expires_at": timezone.now() + timedelta(seconds=tokens.expires_in or 3600)}
        if tokens.refresh_token:
            fields["refresh_token_encrypted"] = encrypt_token(tokens.refresh_token)
        NetworkAccount.objects.filter(pk=account.pk).update(**fields)
    account.refresh_from_db()
    return tokens.access_token
