"""Library reads: what an advisor may see and share, previews, bulk eligibility for fan-outs, and the two checks
the review and publishing apps call (`share_auto_approval_basis`, `share_send_time_problem`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from clearpost.accounts.models import User
from clearpost.connectors.choices import AccountStatus
from clearpost.connectors.models import NetworkAccount
from clearpost.entitlements.choices import Level
from clearpost.entitlements.models import Cohort
from clearpost.entitlements.selectors import entitled_advisor_ids, entitlement_for
from clearpost.library.choices import ItemStatus, ShareStatus
from clearpost.library.models import ItemUnlock, LibraryItem, LibraryItemVersion, Share, Suggestion
from clearpost.library.rendering import Rendered, render

CHUNK = 5000  # keeps IN (...) lists under SQLite's variable limit at firm scale


def disclosure_url() -> str:
    """The hosted page holding the full disclosure texts (FINRA Reg. Notices 10-06 and 11-39: one click away)."""
    return f"{settings.PUBLIC_URL}/library/disclosures/"


def may_manage_library(user: User | None) -> bool:
    """Compliance admins write items and campaigns; `policy.manage_rules` marks their role until the role table
    grants `library.manage_library` itself."""
    return bool(user is not None and user.is_authenticated
                and (user.has_perm("library.manage_library") or user.has_perm("policy.manage_rules")))


def may_approve_library(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm("review.review_post"))


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


# --- visibility ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdvisorContext:
    cohorts: frozenset[str]
    branch: str | None
    roles: frozenset[str]


def advisor_context(advisor: User) -> AdvisorContext:
    return AdvisorContext(frozenset(Cohort.objects.filter(members=advisor).values_list("code", flat=True)),
                          advisor.branch.code if advisor.branch_id and advisor.branch else None,
                          frozenset(advisor.groups.values_list("name", flat=True)))


def audience_matches(audience: dict[str, Any], ctx: AdvisorContext) -> bool:
    """Every dimension compliance filled must match; an empty dimension admits everyone."""
    cohorts, branches, roles = (set(audience.get(k) or []) for k in ("cohorts", "branches", "roles"))
    return ((not cohorts or bool(cohorts & ctx.cohorts)) and (not branches or ctx.branch in branches)
            and (not roles or bool(roles & ctx.roles)))


def in_window(version: LibraryItemVersion, now: datetime) -> bool:
    return version.valid_from <= now and (version.valid_until is None or now < version.valid_until)


def shareable_versions(now: datetime | None = None) -> QuerySet[LibraryItemVersion]:
    """Approved current versions inside their validity window (event-linked items still need an open unlock)."""
    now = now or timezone.now()
    return (LibraryItemVersion.objects.filter(item__status=ItemStatus.APPROVED, item__current_version_id=F("pk"),
                                              approved_by__isnull=False, valid_from__lte=now)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now)))


def active_unlock(item_id: int, now: datetime | None = None) -> ItemUnlock | None:
    now = now or timezone.now()
    return (ItemUnlock.objects.filter(item_id=item_id, opens_at__lte=now, closes_at__gt=now)
            .select_related("event").order_by("-opens_at").first())


@dataclass
class LibraryEntry:
    item: LibraryItem
    version: LibraryItemVersion
    unlock: ItemUnlock | None
    accounts: list[NetworkAccount] = field(default_factory=list)

    @property
    def figures(self) -> dict[str, str]:
        return dict(self.unlock.figures) if self.unlock else {}


def _entitled_networks(advisor: User, networks: Iterable[str]) -> set[str]:
    return {n for n in set(networks) if entitlement_for(advisor=advisor, network=n).allows(Level.LIBRARY)}


def library_list_for_advisor(*, advisor: User, q: str = "", tag: str = "", now: datetime | None = None,
                             item_id: int | None = None) -> list[LibraryEntry]:
    """Approved, unexpired items in the advisor's audience, with the active accounts they may share them to
    (entitled at `library` level on that network). Event-linked items appear only while unlocked."""
    now = now or timezone.now()
    versions = shareable_versions(now).select_related("item", "item__trigger_rule").order_by("-approved_at")
    if item_id is not None:
        versions = versions.filter(item_id=item_id)
    if q.strip():
        versions = versions.filter(Q(title__icontains=q.strip()) | Q(body__icontains=q.strip()))
    accounts = list(NetworkAccount.objects.filter(owner=advisor, status=AccountStatus.ACTIVE).order_by("network"))
    entitled = _entitled_networks(advisor, (a.network for a in accounts))
    usable = [a for a in accounts if a.network in entitled]
    if not usable:
        return []
    ctx = advisor_context(advisor)
    unlocks: dict[int, ItemUnlock] = {}
    open_unlocks = ItemUnlock.objects.filter(opens_at__lte=now, closes_at__gt=now)
    if item_id is not None:
        open_unlocks = open_unlocks.filter(item_id=item_id)
    for unlock in open_unlocks.order_by("opens_at"):
        unlocks[unlock.item_id] = unlock  # the latest open unlock wins
    entries = []
    for version in versions:
        if tag and tag not in (version.tags or []):
            continue
        if not audience_matches(version.audience or {}, ctx):
            continue
        unlock = unlocks.get(version.item_id)
        if version.item.trigger_rule_id and unlock is None:
            continue
        entries.append(LibraryEntry(version.item, version, unlock, usable))
    return entries


def library_entry_for_advisor(*, advisor: User, item_id: int, now: datetime | None = None) -> LibraryEntry | None:
    entries = library_list_for_advisor(advisor=advisor, now=now, item_id=item_id)
    return entries[0] if entries else None


def library_entries_for_shares(shares: Sequence[Share], now: datetime | None = None) -> dict[int, LibraryEntry | None]:
    """`library_entry_for_advisor(advisor=share.advisor, item_id=share.item_id)` for every share of a batch (a
    fan-out's automatic shares), in a handful of queries whatever its size: the same rules (approved current
    version in its window, audience, an open unlock for event-linked items, active accounts on networks the
    advisor is entitled to at `library` level). Shares need `advisor__branch` loaded."""
    now = now or timezone.now()
    if not shares:
        return {}
    versions = {v.item_id: v for v in shareable_versions(now).select_related("item", "item__trigger_rule")
                .filter(item_id__in={s.item_id for s in shares})}
    unlocks: dict[int, ItemUnlock] = {}
    for unlock in ItemUnlock.objects.filter(item_id__in=list(versions), opens_at__lte=now, closes_at__gt=now
                                            ).order_by("opens_at"):
        unlocks[unlock.item_id] = unlock  # the latest open unlock wins
    advisor_ids = sorted({s.advisor_id for s in shares})
    accounts: dict[int, list[NetworkAccount]] = {}
    for chunk in _chunks(advisor_ids):
        for account in NetworkAccount.objects.filter(owner_id__in=chunk, status=AccountStatus.ACTIVE).order_by(
                "network", "pk"):
            accounts.setdefault(account.owner_id, []).append(account)
    by_network: dict[str, set[int]] = {}
    for owner_id, owned in accounts.items():
        for account in owned:
            by_network.setdefault(account.network, set()).add(owner_id)
    entitled = {network: entitled_advisor_ids(advisor_ids=sorted(ids), network=network, now=now)
                for network, ids in by_network.items()}
    usable = {owner_id: [a for a in owned if owner_id in entitled[a.network]] for owner_id, owned in accounts.items()}
    contexts = _contexts([s.advisor for s in shares]) if any(
        any((v.audience or {}).get(k) for k in ("cohorts", "branches", "roles")) for v in versions.values()) else {}
    entries: dict[int, LibraryEntry | None] = {}
    for share in shares:
        version = versions.get(share.item_id)
        mine = usable.get(share.advisor_id, [])
        entry = None
        ctx = contexts.get(share.advisor_id)  # absent: no audience to match
        if version is not None and mine and (ctx is None or audience_matches(version.audience or {}, ctx)):
            unlock = unlocks.get(share.item_id)
            if not (version.item.trigger_rule_id and unlock is None):
                entry = LibraryEntry(version.item, version, unlock, mine)
        entries[share.pk] = entry
    return entries


def _contexts(advisors: Sequence[User]) -> dict[int, AdvisorContext]:
    """`advisor_context` for many advisors in two queries."""
    ids = sorted({a.pk for a in advisors})
    cohorts: dict[int, set[str]] = {}
    roles: dict[int, set[str]] = {}
    for chunk in _chunks(ids):
        for user_id, code in Cohort.members.through.objects.filter(user_id__in=chunk).values_list("user_id",
                                                                                                  "cohort__code"):
            cohorts.setdefault(user_id, set()).add(code)
        for user_id, name in User.groups.through.objects.filter(user_id__in=chunk).values_list("user_id",
                                                                                               "group__name"):
            roles.setdefault(user_id, set()).add(name)
    return {a.pk: AdvisorContext(frozenset(cohorts.get(a.pk, ())),
                                 a.branch.code if a.branch_id and a.branch else None,
                                 frozenset(roles.get(a.pk, ()))) for a in advisors}


def advisor_values(advisor: User) -> dict[str, str]:
    name = str(advisor)
    return {"advisor_name": name, "advisor_first_name": advisor.first_name or name.split(" ")[0],
            "branch": advisor.branch.name if advisor.branch_id and advisor.branch else ""}


def share_preview(*, advisor: User, version: LibraryItemVersion, network: str, figures: dict[str, str],
                  note: str = "", note_position: str = "after") -> Rendered:
    """Exactly what `share_create` will submit for this network: same function, same inputs."""
    values = {**advisor_values(advisor), **{k: str(v) for k, v in figures.items()}}
    return render(template=version.text_for(network), values=values, note=note if version.note_allowed else "",
                  note_position=note_position, network=network, disclosure_ids=version.disclosure_ids or [],
                  disclosure_url=disclosure_url())


# --- bulk eligibility (fan-out) ------------------------------------------------------------------------------


def audience_advisor_ids(audience: dict[str, Any], *, within: Iterable[int] | None = None) -> list[int]:
    """Active advisors in an item's audience (optionally within a given set, such as a campaign's cohort)."""
    users = User.objects.filter(is_active=True, groups__name="advisor")
    if audience.get("cohorts"):
        users = users.filter(cohorts__code__in=audience["cohorts"])
    if audience.get("branches"):
        users = users.filter(branch__code__in=audience["branches"])
    if audience.get("roles"):
        users = users.filter(groups__name__in=audience["roles"])
    ids = set(users.values_list("pk", flat=True).distinct())
    if within is not None:
        ids &= set(within)
    return sorted(ids)


def eligible_accounts(*, version: LibraryItemVersion, within: Iterable[int] | None = None,
                      now: datetime | None = None) -> dict[int, list[int]]:
    """advisor id -> the active account ids they may share this version to. Few queries whatever the firm size."""
    candidates = audience_advisor_ids(version.audience or {}, within=within)
    accounts: dict[int, list[tuple[int, str]]] = {}
    for chunk in _chunks(candidates):
        for account_id, owner_id, network in (NetworkAccount.objects.filter(owner_id__in=chunk,
                                                                            status=AccountStatus.ACTIVE)
                                              .values_list("pk", "owner_id", "network").order_by("pk")):
            accounts.setdefault(owner_id, []).append((account_id, network))
    by_network: dict[str, list[int]] = {}
    for owner_id, rows in accounts.items():
        for _, network in rows:
            by_network.setdefault(network, []).append(owner_id)
    entitled = {network: entitled_advisor_ids(advisor_ids=sorted(set(ids)), network=network, now=now)
                for network, ids in by_network.items()}
    result: dict[int, list[int]] = {}
    for owner_id, rows in accounts.items():
        usable = [account_id for account_id, network in rows if owner_id in entitled[network]]
        if usable:
            result[owner_id] = usable
    return result


# --- checks other apps call ----------------------------------------------------------------------------------


def share_for_post(post_id: int) -> Share | None:
    """The library share behind a post (for the review screen's item context), if any."""
    return (Share.objects.select_related("item", "item_version", "item__current_version", "event")
            .filter(post_id=post_id).first())


def _item_problem(share: Share, now: datetime,
                  unlocks: dict[tuple[int, int], ItemUnlock] | None = None) -> str | None:
    """`unlocks`: the (item, event) unlocks already read for a batch; without it the share's unlock is looked up."""
    item, version = share.item, share.item_version
    if item.status == ItemStatus.RETIRED:
        return "the library item was retired"
    if version.valid_until is not None and now >= version.valid_until:
        return f"the library item expired on {timezone.localtime(version.valid_until):%Y-%m-%d %H:%M %Z}"
    if now < version.valid_from:
        return f"the library item is valid only from {timezone.localtime(version.valid_from):%Y-%m-%d %H:%M %Z}"
    if item.status != ItemStatus.APPROVED or item.current_version_id != version.pk or version.approved_by_id is None:
        return "the library item version shared is no longer the approved one"
    if item.trigger_rule_id and share.event_id:
        unlock = (unlocks.get((item.pk, share.event_id)) if unlocks is not None
                  else ItemUnlock.objects.filter(item_id=item.pk, event_id=share.event_id).first())
        if unlock is None or now >= unlock.closes_at:
            closed = f" at {timezone.localtime(unlock.closes_at):%Y-%m-%d %H:%M %Z}" if unlock else ""
            return f"the market-event window for this item closed{closed}"
    return None


def share_auto_approval_basis(post_id: int) -> dict[str, Any] | None:
    """The basis for approving a share without a principal, or None when a principal must look: the post is an
    unchanged share (no note, or a note the engine approved) of an approved, unexpired item version the advisor
    is entitled to share. Routing records this dict with its automatic approval (FINRA 2210(b)(1): the principal's
    approval of the item version is the approval of the communication)."""
    return share_auto_approval_bases([post_id]).get(post_id)


def share_auto_approval_bases(post_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """`share_auto_approval_basis` for a batch, in a few queries whatever its size: the basis of each post that has
    one (posts that are no shares, or that a principal must see, are absent)."""
    ids = list(post_ids)
    if not ids:
        return {}
    shares = list(Share.objects.select_related("item", "item_version", "advisor", "account", "post__current_version")
                  .filter(post_id__in=ids))
    now = timezone.now()
    gated = [s for s in shares if s.item.trigger_rule_id and s.event_id]
    unlocks = {(u.item_id, u.event_id): u for u in ItemUnlock.objects.filter(
        item_id__in={s.item_id for s in gated}, event_id__in={s.event_id for s in gated})} if gated else {}
    candidates = []
    for share in shares:
        if share.post is None or share.post.current_version is None:
            continue
        if _item_problem(share, now, unlocks) is not None:
            continue
        if share.post.current_version.text != share.rendered_text or share.post.current_version.number != 1:
            continue  # edited after the share: it is the advisor's text now
        if share.note.strip() and (share.note_screening or {}).get("verdict") != "approve":
            continue
        candidates.append(share)
    by_network: dict[str, set[int]] = {}
    for share in candidates:
        by_network.setdefault(share.account.network, set()).add(share.advisor_id)
    entitled = {network: entitled_advisor_ids(advisor_ids=sorted(advisors), network=network, now=now)
                for network, advisors in by_network.items()}
    bases: dict[int, dict[str, Any]] = {}
    for share in candidates:
        if share.advisor_id not in entitled[share.account.network]:
            continue
        version = share.item_version
        bases[share.post_id] = {
            "library_item": share.item_id, "item_version": version.number, "item_version_hash": version.content_hash,
            "valid_until": version.valid_until.isoformat() if version.valid_until else None}
    return bases


def share_send_time_problem(post_id: int) -> str | None:
    """Re-checked when a share is about to go out: a share of an item that expired, was retired or replaced, or
    whose market-event window closed since it was scheduled is held (None: nothing wrong, or not a share)."""
    return share_send_time_problems([post_id]).get(post_id)


def share_send_time_problems(post_ids: Iterable[int]) -> dict[int, str]:
    """`share_send_time_problem` for a publisher's whole batch in two queries: the problem of each post that has
    one (posts that are no shares, or whose share is fine, are absent)."""
    now = timezone.now()
    shares = list(Share.objects.select_related("item", "item_version").filter(post_id__in=list(post_ids)))
    gated = [s for s in shares if s.item.trigger_rule_id and s.event_id]
    unlocks = {(u.item_id, u.event_id): u for u in ItemUnlock.objects.filter(
        item_id__in={s.item_id for s in gated}, event_id__in={s.event_id for s in gated})} if gated else {}
    return {s.post_id: problem for s in shares if (problem := _item_problem(s, now, unlocks))}


# --- lists ---------------------------------------------------------------------------------------------------


def suggestion_list_for_advisor(*, advisor: User, limit: int = 50) -> list[Suggestion]:
    return list(Suggestion.objects.filter(advisor=advisor).select_related("item", "version", "event")
                .order_by("-created_at")[:limit])


def share_list_for_advisor(*, advisor: User, limit: int = 50) -> list[Share]:
    return list(Share.objects.filter(advisor=advisor).select_related("item_version", "account", "post")
                .order_by("-created_at")[:limit])


def library_items_for_manager(*, status: str = "") -> QuerySet[LibraryItem]:
    items = LibraryItem.objects.select_related("current_version", "trigger_rule", "created_by")
    if status:
        items = items.filter(status=status)
    return items.order_by("-updated_at")


def queued_share_ids(*, limit: int = 1000) -> list[int]:
    return list(Share.objects.filter(status=ShareStatus.QUEUED).order_by("pk").values_list("pk", flat=True)[:limit])
