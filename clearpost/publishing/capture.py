"""Inbound capture: poll each linked account for replies, mentions and comments since its cursor, archive each
item with its original payload, screen it with the policy engine (direction "inbound") and keep it for the
supervision queue (FINRA Reg. Notices 10-06 / 17-18). A poll that fails opens a visible alert: a capture gap
is never silent. Items from a firm's compliance feed (LinkedIn comments the app may not read) come in through
`interactions_import`, the same path."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from clearpost.archive.services import archive_record_append
from clearpost.connectors.base import ConnectorError, Interaction
from clearpost.connectors.choices import AccountStatus
from clearpost.connectors.models import NetworkAccount
from clearpost.connectors.registry import connector_for
from clearpost.connectors.services import account_access_token
from clearpost.core.events import EventType
from clearpost.publishing.choices import CaptureSource
from clearpost.publishing.gates import gate_acquire, gate_release, window_end
from clearpost.publishing.models import CaptureAlert, CaptureCursor, Delivery, InboundInteraction

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CaptureResult:
    account_id: int
    captured: int
    status: str  # "ok" | "deferred" | "gap"
    detail: str = ""


def _screen(text: str, network: str) -> dict[str, Any]:
    try:
        from clearpost.policy.services import policy_screen

        return policy_screen(text=text, network=network, direction="inbound")
    except Exception as exc:  # the item is kept and flagged for a human rather than lost
        log.exception("capture: screening failed")
        return {"verdict": "unscreened", "categories": [], "findings": [], "error": repr(exc)}


def _store(account: NetworkAccount, item: Interaction, source: str) -> InboundInteraction | None:
    """Archive and store one item, once (the unique constraint makes a second poll harmless)."""
    if InboundInteraction.objects.filter(account=account, external_id=item.external_id).exists():
        return None
    screening = _screen(item.text, account.network)
    delivery = (Delivery.objects.filter(account=account, external_id=item.in_reply_to).first()
                if item.in_reply_to else None)
    record = archive_record_append(
        event_type=EventType.INTERACTION_CAPTURED, actor_id=None, advisor_id=account.owner_id,
        branch_id=account.owner.branch_id, network=account.network, account_id=account.pk,
        post_id=delivery.post_id if delivery else None,
        payload={"kind": item.kind, "source": source, "external_id": item.external_id, "text": item.text,
                 "author_id": item.author_id, "author_handle": item.author_handle, "in_reply_to": item.in_reply_to,
                 "occurred_at": item.created_at, "verdict": screening.get("verdict"),
                 "categories": screening.get("categories", []), "original": item.raw},
    )
    interaction = InboundInteraction.objects.create(
        account=account, network=account.network, kind=item.kind, source=source, external_id=item.external_id,
        in_reply_to=item.in_reply_to, delivery=delivery, author_id=item.author_id, author_handle=item.author_handle,
        text=item.text, occurred_at=item.created_at, payload=item.raw, verdict=str(screening.get("verdict", "")),
        screening=screening, archive_record_id=record.pk)
    if interaction.verdict != "ok":
        _to_supervision(account, interaction, delivery)
    return interaction


def _to_supervision(account: NetworkAccount, interaction: InboundInteraction, delivery: Delivery | None) -> None:
    """A flagged (or unscreenable) item goes to the queue of the supervisor of the advisor's branch, in the same
    transaction as its capture, with the advisor's post it answers as the start of its thread."""
    from clearpost.supervision.choices import ItemKind
    from clearpost.supervision.services import supervision_item_open

    thread = []
    if delivery is not None:
        thread.append({"author": f"@{account.handle} (advisor)", "text": delivery.version.text})
    thread.append({"author": f"@{interaction.author_handle}" if interaction.author_handle else "unknown",
                   "text": interaction.text})
    supervision_item_open(
        kind=ItemKind.INBOUND, advisor=account.owner, text=interaction.text, network=account.network,
        verdict=interaction.verdict, findings=interaction.screening.get("findings", []),
        interaction_ref=f"{account.network}:{account.pk}:{interaction.external_id}", thread=thread,
        post_id=delivery.post_id if delivery else None)


def _store_once(account: NetworkAccount, item: Interaction, source: str) -> bool:
    try:
        with transaction.atomic():  # a savepoint: a concurrent poll that stored it first is not an error
            return _store(account, item, source) is not None
    except IntegrityError:
        return False


def _gap(account: NetworkAccount, reason: str, detail: str) -> None:
    log.warning("capture gap on account %s (%s): %s", account.pk, reason, detail)
    with transaction.atomic():
        CaptureCursor.objects.filter(account=account).update(last_error=detail[:2000])
        open_alert = CaptureAlert.objects.select_for_update().filter(account=account, resolved_at__isnull=True).first()
        if open_alert is not None:
            CaptureAlert.objects.filter(pk=open_alert.pk).update(failures=open_alert.failures + 1, detail=detail,
                                                                 reason=reason)
            return
        alert = CaptureAlert.objects.create(account=account, reason=reason, detail=detail)
        from clearpost.supervision.choices import AlertKind
        from clearpost.supervision.services import alert_raise

        alert_raise(kind=AlertKind.CAPTURE_GAP, advisor=account.owner, ref=f"capture-gap:{alert.pk}",
                    message=f"Replies to @{account.handle} on {account.network} are not being captured: {detail}")
        archive_record_append(event_type=EventType.CAPTURE_GAP, actor_id=None, advisor_id=account.owner_id,
                              branch_id=account.owner.branch_id, network=account.network, account_id=account.pk,
                              payload={"reason": reason, "detail": detail})


def capture_account(*, account_id: int, holder: str = "capture") -> CaptureResult:
    """Poll one account once. Safe to run concurrently with publishing and with itself."""
    account = NetworkAccount.objects.select_related("owner").get(pk=account_id)
    if account.status != AccountStatus.ACTIVE:
        return CaptureResult(account.pk, 0, "deferred", "not linked")
    now = timezone.now()
    try:
        token = account_access_token(account=account)
    except ConnectorError as exc:
        reason = "token_expired" if account.token_expires_at and account.token_expires_at <= now else "token_refused"
        _gap(account, reason, exc.message)
        return CaptureResult(account.pk, 0, "gap", reason)
    holder = f"{holder}:{account.pk}:{uuid.uuid4().hex[:8]}"  # unique: overlapping polls must exclude each other
    with transaction.atomic():
        wait = gate_acquire(account_id=account.pk, holder=holder, now=now, until=now + timedelta(seconds=30))
    if wait is not None:
        return CaptureResult(account.pk, 0, "deferred", f"gate busy until {wait.isoformat()}")
    cursor, _ = CaptureCursor.objects.get_or_create(account=account)
    connector = connector_for(account.network)
    try:
        page = connector.fetch_interactions(access_token=token, handle=account.handle,
                                            cursor=cursor.cursor)
    except ConnectorError as exc:
        gate_release(account_id=account.pk, holder=holder, not_before=window_end(connector.blocked_until,
                                                                                 exc.retry_after))
        if exc.rate_limited:
            return CaptureResult(account.pk, 0, "deferred", exc.message)
        _gap(account, "token_refused" if exc.auth or exc.status in (401, 403) else "network_error", exc.message)
        return CaptureResult(account.pk, 0, "gap", exc.message)
    except Exception as exc:  # an unexpected failure is a gap too, and must be seen
        gate_release(account_id=account.pk, holder=holder, not_before=None)
        _gap(account, "network_error", repr(exc))
        return CaptureResult(account.pk, 0, "gap", repr(exc))
    gate_release(account_id=account.pk, holder=holder, not_before=window_end(connector.blocked_until, None))
    captured = 0
    with transaction.atomic():
        for item in page.items:
            captured += _store_once(account, item, CaptureSource.API)
        # The cursor moves only with the items it covers, in the same transaction.
        CaptureCursor.objects.filter(pk=cursor.pk).update(cursor=page.cursor, last_success_at=timezone.now(),
                                                          last_error="")
        CaptureAlert.objects.filter(account=account, resolved_at__isnull=True).update(resolved_at=timezone.now())
    return CaptureResult(account.pk, captured, "ok")


def capture_all() -> list[CaptureResult]:
    ids = NetworkAccount.objects.filter(status=AccountStatus.ACTIVE).values_list("pk", flat=True)
    return [capture_account(account_id=pk) for pk in ids]


@transaction.atomic
def interactions_import(*, account_id: int, items: list[dict[str, Any]]) -> int:
    """Capture items from a firm's compliance feed or a vendor export (each: id, kind, text, author, in_reply_to,
    created_at, and anything else, kept as the original payload)."""
    account = NetworkAccount.objects.select_related("owner").get(pk=account_id)
    stored = 0
    for raw in items:
        item = Interaction(external_id=str(raw["id"]), kind=str(raw.get("kind", "comment")),
                           text=str(raw.get("text", "")), author_id=str(raw.get("author_id", "")),
                           author_handle=str(raw.get("author", "")), in_reply_to=str(raw.get("in_reply_to", "")),
                           created_at=str(raw.get("created_at", "")), raw=raw)
        stored += _store_once(account, item, CaptureSource.IMPORT)
    return stored


def capture_interval() -> float:
    return float(settings.CAPTURE_INTERVAL_SECONDS)
