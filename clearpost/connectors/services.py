"""Linking an advisor's network account through the network's OAuth flow."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from clearpost.accounts.models import User
from clearpost.archive.hashing import canonical_json
from clearpost.archive.services import archive_record_append
from clearpost.connectors.base import Profile, TokenSet
from clearpost.connectors.choices import AccountStatus, Network
from clearpost.connectors.models import NetworkAccount, ProfileSnapshot
from clearpost.connectors.tokens import encrypt_token
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.core.events import EventType
from clearpost.entitlements.choices import Level
from clearpost.entitlements.services import entitlement_require


@transaction.atomic
def network_account_link(*, owner: User, network: str, tokens: TokenSet, profile: Profile) -> NetworkAccount:
    """Store (encrypted) the tokens of an account the advisor just authorized. A new link waits for
    compliance's approval (`pending_approval`); re-linking an account the advisor already holds refreshes its
    tokens and keeps its status. The link is archived (FINRA 17-18: the firm knows every business account)."""
    if not owner.has_perm("posts.compose_post"):
        raise NotPermitted("only advisors link network accounts", permission="posts.compose_post")
    # Only once entitled: training current and at least `library` access on this network.
    entitlement_require(advisor=owner, network=network, level=Level.LIBRARY)
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
                                   "scope": tokens.scope, "profile": _profile_dict(profile)})
    _snapshot(account, profile)
    return account


def _profile_dict(profile: Profile) -> dict[str, str]:
    return {"external_id": profile.external_id, "handle": profile.handle, "display_name": profile.display_name}


def _snapshot(account: NetworkAccount, profile: Profile) -> ProfileSnapshot | None:
    """Record the profile unless it is the one last recorded."""
    data = _profile_dict(profile)
    digest = hashlib.sha256(canonical_json(data).encode()).hexdigest()
    last = account.snapshots.order_by("-taken_at", "-id").first()
    if last is not None and last.profile_hash == digest:
        return None
    return ProfileSnapshot.objects.create(account=account, profile=data, profile_hash=digest)


def _require_account_approver(actor: User) -> None:
    if not actor.has_perm("connectors.approve_accounts"):
        raise NotPermitted("only compliance approves accounts", permission="connectors.approve_accounts")


@transaction.atomic
def network_account_decide(*, actor: User, account_id: int, approve: bool, reason: str = "") -> NetworkAccount:
    """Compliance approves (or refuses, with a reason) a linked account and its profile before business use."""
    _require_account_approver(actor)
    account = NetworkAccount.objects.select_for_update().select_related("owner").get(pk=account_id)
    if account.status != AccountStatus.PENDING_APPROVAL:
        raise DomainError(f"this account is {account.get_status_display().lower()}", code="not_pending")
    if not approve and not reason.strip():
        raise DomainError("give the advisor a reason for the refusal", code="reason_required")
    snapshot = account.snapshots.filter(status="pending").order_by("-taken_at", "-id").first()
    now = timezone.now()
    if snapshot is not None:
        ProfileSnapshot.objects.filter(pk=snapshot.pk).update(
            status="approved" if approve else "rejected", decided_by=actor, decided_at=now, reason=reason.strip())
    account.status = AccountStatus.ACTIVE if approve else AccountStatus.UNLINKED
    account.save(update_fields=["status", "updated_at"])
    archive_record_append(
        event_type=EventType.ACCOUNT_APPROVED if approve else EventType.ACCOUNT_REJECTED, actor_id=actor.pk,
        advisor_id=account.owner_id, branch_id=account.owner.branch_id, network=account.network,
        account_id=account.pk, payload={"handle": account.handle, "reason": reason.strip(),
                                        "profile": snapshot.profile if snapshot else None})
    return account


@transaction.atomic
def network_account_unlink(*, actor: User, account_id: int, reason: str = "") -> NetworkAccount:
    """The advisor (or compliance) unlinks an account; it is kept and archived, never erased."""
    account = NetworkAccount.objects.select_for_update().select_related("owner").get(pk=account_id)
    if account.owner_id != actor.pk and not actor.has_perm("connectors.approve_accounts"):
        raise NotPermitted("only the account's owner or compliance may unlink it")
    if account.status == AccountStatus.UNLINKED:
        return account
    account.status = AccountStatus.UNLINKED
    account.save(update_fields=["status", "updated_at"])
    archive_record_append(event_type=EventType.ACCOUNT_UNLINKED, actor_id=actor.pk, advisor_id=account.owner_id,
                          branch_id=account.owner.branch_id, network=account.network, account_id=account.pk,
                          payload={"handle": account.handle, "reason": reason.strip()})
    return account


def network_account_profile_check(*, account_id: int) -> bool:
    """Re-fetch a linked profile; a change since the approved one opens a re-approval (the account waits) and
    alerts the supervisor. Returns True when the profile changed."""
    from clearpost.connectors.registry import connector_for
    from clearpost.publishing.gates import gate_acquire, gate_release, window_end
    from clearpost.supervision.choices import AlertKind
    from clearpost.supervision.services import alert_raise

    account = NetworkAccount.objects.select_related("owner").get(pk=account_id)
    if account.status != AccountStatus.ACTIVE:
        return False
    # Through the account's gate like every other call: never inside a rate-limit window the network announced.
    now = timezone.now()
    holder = f"profile-check:{account.pk}"
    if gate_acquire(account_id=account.pk, holder=holder, now=now, until=now + timedelta(seconds=30)) is not None:
        return False  # busy or inside a window: the next hourly run checks it
    connector = connector_for(account.network)
    try:
        profile = connector.fetch_profile(access_token=account_access_token(account=account))
    finally:
        gate_release(account_id=account.pk, holder=holder, not_before=window_end(connector.blocked_until, None))
    with transaction.atomic():
        locked = NetworkAccount.objects.select_for_update().get(pk=account.pk)
        first = not locked.snapshots.exists()
        snapshot = _snapshot(locked, profile)
        if snapshot is None:
            return False
        if first:
            # An account approved before snapshots existed: its current profile is the approved baseline.
            ProfileSnapshot.objects.filter(pk=snapshot.pk).update(status="approved", decided_at=timezone.now(),
                                                                  reason="baseline of an approved account")
            return False
        locked.status = AccountStatus.PENDING_APPROVAL
        locked.save(update_fields=["status", "updated_at"])
        archive_record_append(event_type=EventType.ACCOUNT_PROFILE_CHANGED, actor_id=None,
                              advisor_id=account.owner_id, branch_id=account.owner.branch_id,
                              network=account.network, account_id=account.pk,
                              payload={"handle": account.handle, "profile": snapshot.profile})
        alert_raise(kind=AlertKind.PROFILE_CHANGED, advisor=account.owner, ref=f"profile:{snapshot.pk}",
                    message=f"The {account.network} profile of @{account.handle} changed without approval: "
                            f"{snapshot.profile}. Posting is paused until compliance approves it again.")
    return True


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
