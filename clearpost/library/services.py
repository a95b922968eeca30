"""Library use cases: authoring and approving items (versioned, four-eyes), sharing (render, screen, post, submit),
campaigns, advisors' preferences, and the fan-out of a market event. Each checks the actor's permission, changes
rows and archives in one transaction; e-mails and background work start once it commits."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.utils import timezone

from clearpost.accounts.models import OrgUnit, User
from clearpost.archive.hashing import canonical_json, content_hash
from clearpost.archive.services import Entry, archive_record_append, archive_records_append_many
from clearpost.connectors.choices import Network
from clearpost.core.errors import DomainError, IllegalTransition, NotPermitted
from clearpost.core.events import EventType
from clearpost.entitlements.models import Cohort
from clearpost.library.choices import CampaignMode, CampaignStatus, ItemStatus, NotePosition, ShareStatus
from clearpost.library.lifecycle import can_transition
from clearpost.library.models import (
    AdvisorPreference,
    Campaign,
    ItemUnlock,
    LibraryItem,
    LibraryItemVersion,
    Share,
    Suggestion,
)
from clearpost.library.rendering import Rendered, TemplateError, check_template
from clearpost.library.selectors import (
    LibraryEntry,
    eligible_accounts,
    in_window,
    library_entries_for_shares,
    library_entry_for_advisor,
    may_approve_library,
    may_manage_library,
    share_preview,
)
from clearpost.policy.engine.disclosures import DEFAULT_DISCLOSURES
from clearpost.policy.services import policy_screen
from clearpost.posts.choices import ContentKind

log = logging.getLogger(__name__)

MAX_NOTE = 500
EMAIL_BATCH = 500
# Automatic shares go to the workers in batches (`share_queued_process_many`): big enough that each statement
# serves many shares, small enough that a batch's write transaction (SQLite: the database's one writer) stays
# short for the publishers meanwhile, and never fewer batches than the task workers that share them.
AUTO_SHARE_BATCH = 200
AUTO_SHARE_MIN_BATCH = 20
TASK_WORKERS = 2


def _require_manager(actor: User) -> None:
    if not may_manage_library(actor):
        raise NotPermitted("only compliance admins write library items", permission="library.manage_library")


# --- authoring ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemContent:
    """The content of one version, as compliance writes it."""

    title: str
    body: str
    variants: dict[str, str]
    disclosure_ids: list[str]
    tags: list[str]
    audience: dict[str, list[str]]
    valid_from: datetime
    valid_until: datetime | None
    note_allowed: bool = False
    note_max_length: int = 0
    note_positions: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "body": self.body, "variants": self.variants,
                "disclosure_ids": self.disclosure_ids, "tags": self.tags, "audience": self.audience,
                "valid_from": self.valid_from.isoformat(),
                "valid_until": self.valid_until.isoformat() if self.valid_until else None,
                "note_allowed": self.note_allowed, "note_max_length": self.note_max_length,
                "note_positions": list(self.note_positions)}


def item_content(*, title: str, body: str, variants: dict[str, str] | None = None,
                 disclosure_ids: Sequence[str] = (), tags: Sequence[str] = (),
                 audience: dict[str, list[str]] | None = None, valid_from: datetime | None = None,
                 valid_until: datetime | None = None, note_allowed: bool = False, note_max_length: int = 0,
                 note_positions: Sequence[str] = ()) -> ItemContent:
    return ItemContent(
        title=title.strip(), body=body.strip(),
        variants={k: v.strip() for k, v in (variants or {}).items() if v.strip()},
        disclosure_ids=list(dict.fromkeys(disclosure_ids)), tags=sorted({t.strip().lower() for t in tags if t.strip()}),
        audience={k: sorted(set(v)) for k, v in (audience or {}).items() if v},
        valid_from=valid_from or timezone.now(), valid_until=valid_until, note_allowed=note_allowed,
        note_max_length=note_max_length if note_allowed else 0,
        note_positions=tuple(p for p in NotePosition.values if p in set(note_positions)) if note_allowed else (),
    )


def _check_content(content: ItemContent, *, has_trigger: bool) -> None:
    if not content.title or not content.body:
        raise DomainError("a library item needs a title and a body", code="invalid_item")
    for network in content.variants:
        if network not in Network.values:
            raise DomainError(f"unknown network {network!r} for a variant", code="invalid_item")
    try:
        for text in [content.body, *content.variants.values()]:
            check_template(text, has_trigger=has_trigger)
    except TemplateError as exc:
        raise DomainError(str(exc), code="invalid_template") from exc
    unknown = [d for d in content.disclosure_ids if d not in DEFAULT_DISCLOSURES]
    if unknown:
        raise DomainError(f"unknown disclosure(s): {', '.join(unknown)}", code="invalid_item")
    if content.valid_until is not None and content.valid_until <= content.valid_from:
        raise DomainError("the validity window ends before it starts", code="invalid_item")
    if content.note_allowed and (not 1 <= content.note_max_length <= MAX_NOTE or not content.note_positions):
        raise DomainError(f"a personal note needs a length limit (1–{MAX_NOTE}) and at least one position",
                          code="invalid_item")
    extra = set(content.audience) - {"cohorts", "branches", "roles"}
    if extra:
        raise DomainError(f"unknown audience dimension(s): {', '.join(sorted(extra))}", code="invalid_item")
    known = {"cohorts": set(Cohort.objects.values_list("code", flat=True)),
             "branches": set(OrgUnit.objects.values_list("code", flat=True)),
             "roles": {"advisor", "principal", "supervisor", "compliance_admin", "auditor", "admin"}}
    for key, values in content.audience.items():
        missing = set(values) - known[key]
        if missing:
            raise DomainError(f"unknown {key}: {', '.join(sorted(missing))}", code="invalid_item")


def _archive_item(item: LibraryItem, event: EventType, actor_id: int | None, payload: dict[str, Any]) -> None:
    archive_record_append(event_type=event, actor_id=actor_id, payload={"library_item": item.pk, **payload})


def _add_version(item: LibraryItem, content: ItemContent, actor: User) -> LibraryItemVersion:
    _check_content(content, has_trigger=item.trigger_rule_id is not None)
    number = (item.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    data = content.as_dict()
    version = LibraryItemVersion.objects.create(
        item=item, number=number, content_hash=content_hash(canonical_json(data)), created_by=actor,
        **{k: getattr(content, k) for k in ("title", "body", "variants", "disclosure_ids", "tags", "audience",
                                            "valid_from", "valid_until", "note_allowed", "note_max_length")},
        note_positions=list(content.note_positions))
    item.current_version = version
    item.save(update_fields=["current_version", "updated_at"])
    _archive_item(item, EventType.LIBRARY_ITEM_VERSION_CREATED, actor.pk,
                  {"version": number, "content_hash": version.content_hash, "content": data,
                   "trigger_rule": item.trigger_rule_id})
    return version


def _transition(item_id: int, to: ItemStatus, actor_id: int | None, reason: str = "",
                details: dict[str, Any] | None = None) -> LibraryItem:
    item = LibraryItem.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=item_id)
    if not can_transition(item.status, to):
        raise IllegalTransition(f"a library item cannot go from {item.get_status_display()} to {to.label}")
    previous = item.status
    item.status = to
    item.save(update_fields=["status", "updated_at"])
    version = item.current_version
    _archive_item(item, EventType.LIBRARY_ITEM_TRANSITIONED, actor_id, {
        "from": previous, "to": str(to), "reason": reason, "version": version.number if version else None,
        "content_hash": version.content_hash if version else None, **(details or {})})
    return item


@transaction.atomic
def library_item_create(*, actor: User, content: ItemContent, trigger_rule_id: int | None = None) -> LibraryItem:
    """A new item in draft with its first version. Nobody outside compliance sees it until a principal approves."""
    _require_manager(actor)
    item = LibraryItem.objects.create(created_by=actor, trigger_rule_id=trigger_rule_id)
    _add_version(item, content, actor)
    return item


@transaction.atomic
def library_item_edit(*, actor: User, item_id: int, content: ItemContent) -> LibraryItem:
    """A new immutable version. An approval covers exact content, so an approved or pending item goes back to
    draft and leaves the library until a principal approves the new version."""
    _require_manager(actor)
    item = LibraryItem.objects.select_for_update().get(pk=item_id)
    if item.status == ItemStatus.RETIRED:
        raise DomainError("a retired item cannot be edited", code="not_editable")
    if item.status != ItemStatus.DRAFT:
        item = _transition(item.pk, ItemStatus.DRAFT, actor.pk, reason="edited: a new version needs approval")
    _add_version(item, content, actor)
    return item


@transaction.atomic
def library_item_submit(*, actor: User, item_id: int) -> LibraryItem:
    _require_manager(actor)
    return _transition(item_id, ItemStatus.IN_REVIEW, actor.pk, reason="submitted for a principal's approval")


@transaction.atomic
def library_item_approve(*, actor: User, item_id: int, version_hash: str = "", note: str = "") -> LibraryItem:
    """A registered principal approves the current version (FINRA 2210(b)(1)); never its author nor the item's
    creator. `version_hash`, when given, must match: the principal approves what they saw."""
    if not may_approve_library(actor):
        raise NotPermitted("only registered principals approve library items", permission="review.review_post")
    item = LibraryItem.objects.select_for_update(of=("self",)).select_related("current_version").get(pk=item_id)
    version = item.current_version
    assert version is not None
    if actor.pk in (version.created_by_id, item.created_by_id):
        raise NotPermitted("four-eyes rule: you cannot approve a library item you wrote")
    if version_hash and version_hash != version.content_hash:
        raise DomainError("the item changed since you opened it; review the new version", code="stale_version")
    if item.status != ItemStatus.IN_REVIEW:
        raise IllegalTransition(f"only an item in review can be approved (this one is {item.get_status_display()})")
    now = timezone.now()
    LibraryItemVersion.objects.filter(pk=version.pk).update(approved_by=actor, approved_at=now)
    return _transition(item.pk, ItemStatus.APPROVED, actor.pk, reason=note.strip(),
                       details={"approved_by": actor.username, "approver_crd": actor.crd_number,
                                "approved_at": now.isoformat()})


@transaction.atomic
def library_item_return(*, actor: User, item_id: int, reason: str) -> LibraryItem:
    """A principal sends the item back to compliance with a reason."""
    if not may_approve_library(actor):
        raise NotPermitted("only registered principals review library items", permission="review.review_post")
    if not reason.strip():
        raise DomainError("say what should change", code="reason_required")
    item = LibraryItem.objects.get(pk=item_id)
    if item.status != ItemStatus.IN_REVIEW:
        raise IllegalTransition("only an item in review can be returned")
    return _transition(item_id, ItemStatus.DRAFT, actor.pk, reason=reason.strip(), details={"returned": True})


@transaction.atomic
def library_item_retire(*, actor: User, item_id: int, reason: str) -> LibraryItem:
    _require_manager(actor)
    if not reason.strip():
        raise DomainError("give a reason for retiring the item", code="reason_required")
    return _transition(item_id, ItemStatus.RETIRED, actor.pk, reason=reason.strip())


def library_items_expire(*, now: datetime | None = None) -> int:
    """Approved items past their validity window become expired (the periodic job; safe to run twice)."""
    now = now or timezone.now()
    due = list(LibraryItem.objects.filter(status=ItemStatus.APPROVED, current_version__valid_until__lte=now)
               .values_list("pk", flat=True))
    for item_id in due:
        with transaction.atomic():
            item = LibraryItem.objects.select_for_update().get(pk=item_id)
            if item.status == ItemStatus.APPROVED:
                _transition(item_id, ItemStatus.EXPIRED, None, reason="validity window ended")
    return len(due)


# --- sharing -----------------------------------------------------------------------------------------------------


def _check_note(version: LibraryItemVersion, note: str, position: str) -> str:
    note = note.strip()
    if not note:
        return ""
    if not version.note_allowed:
        raise DomainError("compliance does not allow a personal note on this item", code="note_not_allowed")
    if len(note) > version.note_max_length:
        raise DomainError(f"the note is {len(note)} characters; this item allows {version.note_max_length}",
                          code="note_too_long")
    if position not in (version.note_positions or []):
        raise DomainError(f"the note may go only {' or '.join(version.note_positions)} the item",
                          code="note_position")
    return note


def _schedule(post_id: int, when: datetime) -> None:
    # The posts app has no scheduling service yet; the time is read when the delivery row is written.
    from clearpost.posts.models import Post

    Post.objects.filter(pk=post_id).update(scheduled_for=when)


def _submit_share(share: Share, advisor: User) -> Share:
    """Create the post from the share's rendered text and submit it; routing decides the rest."""
    from clearpost.posts.services import post_create, post_submit

    kind = ContentKind.LIBRARY_WITH_NOTE if share.note else ContentKind.LIBRARY
    post = post_create(author=advisor, account_id=share.account_id, text=share.rendered_text, kind=kind)
    if share.scheduled_for:
        _schedule(post.pk, share.scheduled_for)
    share.post, share.status = post, ShareStatus.SUBMITTED
    share.save(update_fields=["post", "status"])
    archive_records_append_many([_shared_entry(share, advisor)])
    share.post = post_submit(post_id=post.pk, actor=advisor)
    return share


def _shared_entry(share: Share, advisor: User) -> Entry:
    assert share.post_id is not None
    return Entry(
        event_type=EventType.LIBRARY_SHARED, actor_id=advisor.pk if not share.automatic else None,
        advisor_id=advisor.pk, branch_id=advisor.branch_id, network=share.account.network,
        account_id=share.account_id, post_id=share.post_id,
        payload={"share": share.pk, "library_item": share.item_id, "item_version": share.item_version.number,
                 "item_version_hash": share.item_version.content_hash, "note": share.note,
                 "note_position": share.note_position, "note_verdict": (share.note_screening or {}).get("verdict"),
                 "rendered_text": share.rendered_text, "occasion": share.occasion, "automatic": share.automatic,
                 "scheduled_for": share.scheduled_for.isoformat() if share.scheduled_for else None})


@transaction.atomic
def share_create(*, advisor: User, item_id: int, account_ids: Sequence[int], note: str = "",
                 note_position: str = NotePosition.AFTER, scheduled_for: datetime | None = None,
                 suggestion_id: int | None = None) -> list[Share]:
    """Share an approved item to one or several of the advisor's accounts. The text is rendered here (advisor
    and market figures, the note in its place, disclosures attached), and that exact text is screened, submitted
    and archived. A share from a suggestion is idempotent per account: clicking twice never posts twice."""
    if not advisor.has_perm("posts.compose_post"):
        raise NotPermitted("only advisors share library items", permission="posts.compose_post")
    if not account_ids:
        raise DomainError("choose at least one account", code="no_account")
    entry = library_entry_for_advisor(advisor=advisor, item_id=item_id)
    if entry is None:
        raise DomainError("this item is not in your library (not approved, expired, locked or not for you)",
                          code="not_shareable")
    if scheduled_for is not None and scheduled_for <= timezone.now() - timedelta(minutes=1):
        raise DomainError("choose a time in the future", code="schedule_in_past")
    if scheduled_for is not None and entry.version.valid_until and scheduled_for >= entry.version.valid_until:
        raise DomainError("the item expires before that time", code="schedule_after_expiry")
    version = entry.version
    clean_note = _check_note(version, note, note_position)
    suggestion = None
    if suggestion_id is not None:
        suggestion = Suggestion.objects.filter(pk=suggestion_id, advisor=advisor, item_id=item_id).first()
        if suggestion is None:
            raise DomainError("no such suggestion", code="not_found")
    occasion = suggestion.occasion if suggestion else ""
    usable = {a.pk: a for a in entry.accounts}
    shares: list[Share] = []
    for account_id in dict.fromkeys(account_ids):
        account = usable.get(account_id)
        if account is None:
            raise DomainError("you may not share this item to that account", code="unknown_account")
        if occasion:
            existing = Share.objects.filter(advisor=advisor, account=account, item_version=version,
                                            occasion=occasion).first()
            if existing is not None:
                shares.append(existing)
                continue
        screening: dict[str, Any] = {}
        if clean_note:
            # The note is the advisor's own words: screened alone, so findings point into it.
            screening = policy_screen(text=clean_note, network=account.network)
            if screening.get("verdict") == "reject":
                found = "; ".join(f"{f.get('category')}: “{f.get('excerpt')}”" for f in screening.get("findings", []))
                raise DomainError(f"the note cannot be published: {found or 'refused by screening'}",
                                  code="note_rejected")
        rendered = share_preview(advisor=advisor, version=version, network=account.network, figures=entry.figures,
                                 note=clean_note, note_position=note_position)
        if not rendered.fits:
            raise DomainError(f"the post is {rendered.length['counted']} characters on "
                              f"{account.get_network_display()} (limit {rendered.length['limit']}); shorten the note",
                              code="too_long")
        share = Share.objects.create(
            item=entry.item, item_version=version, advisor=advisor, account=account, note=clean_note,
            note_position=note_position if clean_note else "", note_screening=screening,
            rendered_text=rendered.text, event=suggestion.event if suggestion else (
                entry.unlock.event if entry.unlock else None),
            campaign=suggestion.campaign if suggestion else None, suggestion=suggestion, occasion=occasion,
            status=ShareStatus.PROCESSING, scheduled_for=scheduled_for)
        shares.append(_submit_share(share, advisor))
    if suggestion is not None and suggestion.shared_at is None:
        Suggestion.objects.filter(pk=suggestion.pk).update(shared_at=timezone.now())
    return shares


def share_queued_process(*, share_id: int) -> Share | None:
    """Submit one queued automatic share (opt-in). Claimed with a conditional update, so two workers never
    submit it twice; a share whose item or entitlement lapsed meanwhile fails with the reason."""
    claimed = Share.objects.filter(pk=share_id, status=ShareStatus.QUEUED).update(status=ShareStatus.PROCESSING)
    if claimed != 1:
        return None
    return _share_process_claimed(share_id)


def _share_process_claimed(share_id: int) -> Share | None:
    share = Share.objects.select_related("advisor__branch", "account", "item", "item_version", "event").get(pk=share_id)
    if share.status != ShareStatus.PROCESSING:
        return None  # already submitted or failed (a batch that committed before it failed further on)
    try:
        with transaction.atomic():
            entry = library_entry_for_advisor(advisor=share.advisor, item_id=share.item_id)
            problem = _share_problem(share, entry)
            if problem:
                raise DomainError(problem[1], code=problem[0])
            assert entry is not None
            rendered = share_preview(advisor=share.advisor, version=entry.version, network=share.account.network,
                                     figures=_share_figures(share, entry))
            if not rendered.fits:
                raise DomainError("the rendered item does not fit the network", code="too_long")
            share.rendered_text = rendered.text
            share.save(update_fields=["rendered_text"])
            return _submit_share(share, share.advisor)
    except DomainError as exc:
        Share.objects.filter(pk=share_id).update(status=ShareStatus.FAILED, problem=exc.message)
        return None


def _share_problem(share: Share, entry: LibraryEntry | None) -> tuple[str, str] | None:
    """Why a queued share can no longer go out (code, message), checked before anything is rendered."""
    if entry is None or entry.version.pk != share.item_version_id:
        return "not_shareable", "the item is no longer shareable"
    if share.account_id not in {a.pk for a in entry.accounts}:
        return "unknown_account", "the account is no longer linked or entitled"
    return None


def _share_figures(share: Share, entry: LibraryEntry) -> dict[str, str]:
    return share.event.figures if share.event_id and share.event else entry.figures


@dataclass
class _Prepared:
    """What a batch computed for its shares: renderings and screenings (keyed by their inputs, so the pass inside
    the write transaction reuses those of the pass before it whenever nothing changed in between)."""

    rendered: dict[tuple[Any, ...], Rendered]
    screened: dict[tuple[str, str], dict[str, Any]]


def _prepare(shares: list[Share], prepared: _Prepared, now: datetime) -> dict[int, tuple[LibraryEntry, Rendered] | str]:
    """Each share's entry and rendering, or the reason it cannot go out: the checks of `share_queued_process` in
    its order, for the batch. The rendered texts are screened as `post_create` will screen them."""
    entries = library_entries_for_shares(shares, now)
    result: dict[int, tuple[LibraryEntry, Rendered] | str] = {}
    for share in shares:
        entry = entries[share.pk]
        problem = _share_problem(share, entry)
        if problem:
            result[share.pk] = problem[1]
            continue
        assert entry is not None
        figures = _share_figures(share, entry)
        key = (share.advisor_id, entry.version.pk, share.account.network, canonical_json(figures))
        if key not in prepared.rendered:
            prepared.rendered[key] = share_preview(advisor=share.advisor, version=entry.version,
                                                   network=share.account.network, figures=figures)
        rendered = prepared.rendered[key]
        if not rendered.fits:
            result[share.pk] = "the rendered item does not fit the network"
            continue
        text = rendered.text.strip()
        if text and (text, share.account.network) not in prepared.screened:
            prepared.screened[(text, share.account.network)] = policy_screen(text=text, network=share.account.network)
        result[share.pk] = (entry, rendered)
    return result


def _claim_shares(share_ids: Sequence[int]) -> list[int]:
    """The queued shares among these, claimed (queued → processing) in one conditional update: two workers never
    submit the same share. PostgreSQL skips rows another worker is claiming; SQLite has one writer at a time."""
    with transaction.atomic():
        rows = Share.objects.filter(pk__in=list(share_ids), status=ShareStatus.QUEUED)
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        mine = list(rows.order_by("pk").values_list("pk", flat=True))
        if mine and Share.objects.filter(pk__in=mine, status=ShareStatus.QUEUED).update(
                status=ShareStatus.PROCESSING) != len(mine):
            raise RuntimeError("queued shares changed under their row locks")  # cannot happen; rolls the claim back
    return mine


def share_queued_process_many(*, share_ids: Sequence[int]) -> list[Share]:
    """`share_queued_process` for a batch of queued automatic shares (a fan-out): the same checks, rows and
    records, in bulk. Claimed together; rendered and screened outside any transaction (the CPU-heavy part holds
    no write lock); then, in one transaction, checked again, turned into posts, submitted, routed, scheduled and
    archived with one append. A share that fails a check fails alone, with its reason; should the batch fail as
    a whole, its shares are submitted one by one instead. Returns the shares submitted."""
    claimed = _claim_shares(share_ids)
    if not claimed:
        return []
    prepared = _Prepared({}, {})
    try:
        shares = _load_claimed(claimed)
        _prepare(shares, prepared, timezone.now())
        with transaction.atomic():
            return _submit_many(shares, prepared)
    except Exception:
        log.exception("a batch of %d automatic shares failed as a whole; submitting them one by one", len(claimed))
    return _process_one_by_one(claimed)


def _load_claimed(share_ids: list[int]) -> list[Share]:
    return list(Share.objects.select_related("advisor__branch", "account", "item", "item_version", "event")
                .filter(pk__in=share_ids, status=ShareStatus.PROCESSING).order_by("pk"))


def _submit_many(loaded: list[Share], prepared: _Prepared) -> list[Share]:
    from clearpost.posts.services import Draft, post_create_many, post_submit_many

    # The shares as loaded for rendering, still ours: what the checks read (item, accounts, entitlements) is read
    # again below, in this transaction.
    mine = set(Share.objects.filter(pk__in=[s.pk for s in loaded], status=ShareStatus.PROCESSING)
               .values_list("pk", flat=True))
    shares = [s for s in loaded if s.pk in mine]
    checked = _prepare(shares, prepared, timezone.now())
    failed: dict[int, str] = {}
    ready: list[tuple[Share, Rendered]] = []
    for share in shares:
        outcome = checked[share.pk]
        if isinstance(outcome, str):
            failed[share.pk] = outcome
        else:
            ready.append((share, outcome[1]))
    drafts = [Draft(author=s.advisor, account_id=s.account_id, text=r.text,
                    kind=ContentKind.LIBRARY_WITH_NOTE if s.note else ContentKind.LIBRARY,
                    screening=prepared.screened.get((r.text.strip(), s.account.network))) for s, r in ready]
    entries: list[Entry] = []
    created = post_create_many(drafts=drafts, archive=entries)
    submitted: list[Share] = []
    for (share, rendered), post in zip(ready, created, strict=True):
        if isinstance(post, DomainError):
            failed[share.pk] = post.message
            continue
        if share.scheduled_for:
            _schedule(post.pk, share.scheduled_for)
        share.rendered_text, share.post, share.status = rendered.text, post, ShareStatus.SUBMITTED
        submitted.append(share)
        entries.append(_shared_entry(share, share.advisor))
    _shares_mark_submitted(submitted)
    posts = {p.pk: p for p in post_submit_many(post_ids=[s.post_id for s in submitted if s.post_id],
                                               archive=entries)}
    by_problem: dict[str, list[int]] = {}
    for share_id, problem in failed.items():
        by_problem.setdefault(problem, []).append(share_id)
    for problem, ids in by_problem.items():
        Share.objects.filter(pk__in=ids, status=ShareStatus.PROCESSING).update(status=ShareStatus.FAILED,
                                                                                problem=problem)
    archive_records_append_many(entries)
    for share in submitted:
        share.post = posts[share.post_id]
    return submitted


def _shares_mark_submitted(shares: list[Share]) -> None:
    """Each share's text, post and status in one prepared statement run for the batch: Django's `bulk_update`
    builds a CASE expression per column and row, which cost more than everything else the batch writes."""
    if not shares:
        return
    meta = Share._meta
    columns = [meta.get_field(name).column for name in ("rendered_text", "post", "status")]
    sql = (f"UPDATE {connection.ops.quote_name(meta.db_table)} SET "  # noqa: S608 - names from the model only
           f"{', '.join(f'{connection.ops.quote_name(c)} = %s' for c in columns)} "
           f"WHERE {connection.ops.quote_name(meta.pk.column)} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(s.rendered_text, s.post_id, s.status, s.pk) for s in shares])


def _process_one_by_one(share_ids: list[int]) -> list[Share]:
    """The batch's fallback: each claimed share through the single path, so one share's failure stays its own. A
    share that fails unexpectedly goes back to the queue (never left claimed); the first such error is raised
    once the others are done, so the task shows it."""
    done: list[Share] = []
    error: Exception | None = None
    for share_id in share_ids:
        try:
            share = _share_process_claimed(share_id)
        except Exception as exc:
            log.exception("automatic share %s could not be submitted; queued again", share_id)
            Share.objects.filter(pk=share_id, status=ShareStatus.PROCESSING).update(status=ShareStatus.QUEUED)
            error = error or exc
            continue
        if share is not None:
            done.append(share)
    if error is not None:
        raise error
    return done


# --- fan-out: events and campaigns -------------------------------------------------------------------------------


@dataclass
class FanOut:
    suggestions: int = 0
    auto_shares: int = 0
    unlocks: int = 0


def _preferences(advisor_ids: list[int]) -> tuple[set[int], set[int]]:
    """(opted in to automatic sharing, opted out of e-mail)."""
    auto: set[int] = set()
    no_mail: set[int] = set()
    for start in range(0, len(advisor_ids), 5000):
        for advisor_id, auto_share, email in AdvisorPreference.objects.filter(
                advisor_id__in=advisor_ids[start:start + 5000]).values_list("advisor_id", "auto_share",
                                                                            "email_suggestions"):
            if auto_share:
                auto.add(advisor_id)
            if not email:
                no_mail.add(advisor_id)
    return auto, no_mail


def auto_share_batch_size(count: int) -> int:
    """Up to AUTO_SHARE_BATCH, but split so that every task worker gets a batch when there are enough shares."""
    return min(AUTO_SHARE_BATCH, max(AUTO_SHARE_MIN_BATCH, -(-count // TASK_WORKERS)))


def _offer(*, item: LibraryItem, version: LibraryItemVersion, eligible: dict[int, list[int]], title: str,
           event_id: int | None = None, campaign: Campaign | None = None, auto_for: set[int] | None = None) -> FanOut:
    """Suggest the item to every eligible advisor and queue automatic shares for those opted in, in bulk. Unique
    constraints make a second run add nothing."""
    advisor_ids = sorted(eligible)
    opted_in, no_mail = _preferences(advisor_ids)
    auto_ids = opted_in if auto_for is None else opted_in & auto_for
    Suggestion.objects.bulk_create(
        [Suggestion(advisor_id=a, item=item, version=version, event_id=event_id, campaign=campaign, title=title)
         for a in advisor_ids], batch_size=2000, ignore_conflicts=True)
    occasion = f"event:{event_id}" if event_id else f"campaign:{campaign.pk}" if campaign else ""
    Share.objects.bulk_create(
        [Share(item=item, item_version=version, advisor_id=a, account_id=account_id, event_id=event_id,
               campaign=campaign, occasion=occasion, automatic=True, status=ShareStatus.QUEUED)
         for a in sorted(auto_ids & set(advisor_ids)) for account_id in eligible[a]],
        batch_size=2000, ignore_conflicts=True)
    suggestions = Suggestion.objects.filter(item=item, event_id=event_id, campaign=campaign)
    mail_ids = [pk for pk, advisor_id in suggestions.filter(emailed_at__isnull=True).values_list("pk", "advisor_id")
                if advisor_id not in no_mail]
    queued = list(Share.objects.filter(occasion=occasion, item_version=version, status=ShareStatus.QUEUED)
                  .values_list("pk", flat=True))
    archive_record_append(
        event_type=EventType.LIBRARY_SUGGESTED, actor_id=None,
        payload={"library_item": item.pk, "item_version": version.number, "item_version_hash": version.content_hash,
                 "occasion": occasion, "advisors": advisor_ids, "auto_share_advisors": sorted(auto_ids),
                 "queued_shares": len(queued)})

    def after_commit() -> None:
        from clearpost.library.tasks import process_auto_shares_task, send_suggestion_emails_task

        for start in range(0, len(mail_ids), EMAIL_BATCH):
            send_suggestion_emails_task.enqueue(mail_ids[start:start + EMAIL_BATCH])
        size = auto_share_batch_size(len(queued))
        for start in range(0, len(queued), size):
            process_auto_shares_task.enqueue(queued[start:start + size])

    transaction.on_commit(after_commit)
    return FanOut(suggestions=len(advisor_ids), auto_shares=len(queued))


@transaction.atomic
def market_event_fan_out(*, event_id: int) -> FanOut:
    """Unlock the approved items linked to the event's rule for the rule's window, and offer them to every eligible
    advisor (audience, entitlement at library level, an active account). Claimed once per event."""
    from clearpost.markets.models import MarketEvent

    now = timezone.now()
    claimed = MarketEvent.objects.filter(pk=event_id, fanned_out_at__isnull=True).update(fanned_out_at=now)
    if claimed != 1:
        return FanOut()
    event = MarketEvent.objects.select_related("rule").get(pk=event_id)
    closes = now + timedelta(minutes=event.rule.unlock_minutes)
    result = FanOut()
    items = (LibraryItem.objects.filter(trigger_rule_id=event.rule_id, status=ItemStatus.APPROVED)
             .select_related("current_version"))
    unlock_entries = []
    for item in items:
        version = item.current_version
        if version is None or version.approved_by_id is None or not in_window(version, now):
            continue
        ItemUnlock.objects.get_or_create(item=item, event=event, defaults={
            "version": version, "opens_at": now, "closes_at": closes, "figures": event.figures})
        unlock_entries.append(Entry(event_type=EventType.LIBRARY_ITEM_UNLOCKED, payload={
            "library_item": item.pk, "item_version": version.number, "item_version_hash": version.content_hash,
            "event": event.pk, "rule": event.rule_id, "opens_at": now.isoformat(), "closes_at": closes.isoformat(),
            "figures": event.figures}))
        result.unlocks += 1
        f = event.figures
        offered = _offer(item=item, version=version, eligible=eligible_accounts(version=version, now=now),
                         title=f"{f.get('index_name', 'The market')} {f.get('direction', 'moved')} "
                               f"{f.get('index_points', '')} points: share “{version.title}”",
                         event_id=event.pk)
        result.suggestions += offered.suggestions
        result.auto_shares += offered.auto_shares
    archive_records_append_many(unlock_entries)
    return result


@transaction.atomic
def campaign_create(*, actor: User, item_id: int, cohort_id: int, mode: str = CampaignMode.SUGGEST,
                    starts_at: datetime | None = None) -> Campaign:
    _require_manager(actor)
    item = LibraryItem.objects.filter(pk=item_id).first()
    if item is None or item.status != ItemStatus.APPROVED:
        raise DomainError("only an approved item can be campaigned", code="not_approved")
    if item.trigger_rule_id:
        raise DomainError("event-linked items are offered by their market event, not by campaigns",
                          code="event_item")
    if mode not in CampaignMode.values:
        raise DomainError("unknown campaign mode", code="invalid_campaign")
    cohort = Cohort.objects.filter(pk=cohort_id).first()
    if cohort is None:
        raise DomainError("unknown cohort", code="invalid_campaign")
    campaign = Campaign.objects.create(item=item, cohort=cohort, mode=mode, starts_at=starts_at or timezone.now(),
                                       created_by=actor)
    archive_record_append(event_type=EventType.LIBRARY_CAMPAIGN_CHANGED, actor_id=actor.pk,
                          payload={"action": "scheduled", "campaign": campaign.pk, "library_item": item.pk,
                                   "cohort": cohort.code, "mode": mode, "starts_at": campaign.starts_at.isoformat()})
    return campaign


@transaction.atomic
def campaign_cancel(*, actor: User, campaign_id: int) -> Campaign:
    _require_manager(actor)
    claimed = Campaign.objects.filter(pk=campaign_id, status=CampaignStatus.SCHEDULED).update(
        status=CampaignStatus.CANCELLED)
    if claimed != 1:
        raise DomainError("only a scheduled campaign can be cancelled", code="not_scheduled")
    archive_record_append(event_type=EventType.LIBRARY_CAMPAIGN_CHANGED, actor_id=actor.pk,
                          payload={"action": "cancelled", "campaign": campaign_id})
    return Campaign.objects.get(pk=campaign_id)


@transaction.atomic
def campaign_launch(*, campaign_id: int) -> FanOut:
    """Offer the campaign's item to its cohort's eligible members; in `auto` mode, queue shares for those who
    opted in. Claimed with a conditional update: launching twice does nothing."""
    now = timezone.now()
    claimed = Campaign.objects.filter(pk=campaign_id, status=CampaignStatus.SCHEDULED, starts_at__lte=now).update(
        status=CampaignStatus.LAUNCHED, launched_at=now)
    if claimed != 1:
        return FanOut()
    campaign = Campaign.objects.select_related("item", "item__current_version", "cohort").get(pk=campaign_id)
    item, version = campaign.item, campaign.item.current_version
    if item.status != ItemStatus.APPROVED or version is None or not in_window(version, now):
        archive_record_append(event_type=EventType.LIBRARY_CAMPAIGN_CHANGED, actor_id=None,
                              payload={"action": "skipped", "campaign": campaign.pk,
                                       "reason": "the item is no longer approved and valid"})
        return FanOut()
    members = list(campaign.cohort.members.values_list("pk", flat=True))
    eligible = eligible_accounts(version=version, within=members, now=now)
    offered = _offer(item=item, version=version, eligible=eligible, title=f"Suggested for you: {version.title}",
                     campaign=campaign, auto_for=set(eligible) if campaign.mode == CampaignMode.AUTO else set())
    archive_record_append(event_type=EventType.LIBRARY_CAMPAIGN_CHANGED, actor_id=None,
                          payload={"action": "launched", "campaign": campaign.pk, "suggestions": offered.suggestions,
                                   "auto_shares": offered.auto_shares})
    return offered


def campaigns_launch_due(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    ids = list(Campaign.objects.filter(status=CampaignStatus.SCHEDULED, starts_at__lte=now).values_list("pk",
                                                                                                        flat=True))
    for campaign_id in ids:
        campaign_launch(campaign_id=campaign_id)
    return len(ids)


@transaction.atomic
def preference_set(*, advisor: User, auto_share: bool, email_suggestions: bool = True) -> AdvisorPreference:
    """The advisor's opt-in to automatic sharing is their decision, archived like one."""
    if not advisor.has_perm("posts.compose_post"):
        raise NotPermitted("only advisors have sharing preferences", permission="posts.compose_post")
    pref, _ = AdvisorPreference.objects.select_for_update().get_or_create(advisor=advisor)
    pref.auto_share, pref.email_suggestions = auto_share, email_suggestions
    pref.save()
    archive_record_append(event_type=EventType.LIBRARY_PREFERENCE_CHANGED, actor_id=advisor.pk, advisor_id=advisor.pk,
                          branch_id=advisor.branch_id,
                          payload={"auto_share": auto_share, "email_suggestions": email_suggestions})
    return pref


def suggestion_emails_send(*, suggestion_ids: Sequence[int]) -> int:
    """One connection for a batch; each suggestion is e-mailed once (claimed by setting emailed_at)."""
    rows = list(Suggestion.objects.filter(pk__in=list(suggestion_ids), emailed_at__isnull=True)
                .select_related("advisor").only("pk", "title", "advisor__email"))
    messages = []
    sent_ids = []
    for row in rows:
        if not row.advisor.email:
            continue
        url = f"{settings.PUBLIC_URL}/library/s/{row.pk}/"
        messages.append(EmailMessage(subject=f"[Clearpost] {row.title}"[:200],
                                     body=f"{row.title}\n\nOne click to review and share: {url}\n",
                                     to=[row.advisor.email]))
        sent_ids.append(row.pk)
    if not messages:
        return 0
    claimed = Suggestion.objects.filter(pk__in=sent_ids, emailed_at__isnull=True).update(emailed_at=timezone.now())
    if claimed != len(sent_ids):
        return 0  # another worker took part of this batch; it sends its own
    try:
        with get_connection() as connection:
            connection.send_messages(messages)
    except Exception:  # a mail outage must not lose the in-app suggestions, which are already committed
        log.exception("suggestion e-mails failed for %d suggestions", len(messages))
        Suggestion.objects.filter(pk__in=sent_ids).update(emailed_at=None)
        return 0
    return len(messages)


def suggestion_mark_seen(*, advisor: User, suggestion_id: int) -> None:
    Suggestion.objects.filter(pk=suggestion_id, advisor=advisor, seen_at__isnull=True).update(seen_at=timezone.now())

