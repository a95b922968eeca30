"""Review use cases: routing a submission, assignment, claim and release, decisions, bulk approval, overrides,
comments, escalation, and the routing policy itself.

Four-eyes always: no one decides on their own post, every decision is checked against the principal's
registration and branch scope, and every decision is archived with reviewer, version hash, time, action and
reason (FINRA 2210(b)(1)). An automatic approval has no reviewer: it names the routing-policy version and the
engine verdict it rests on instead."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from clearpost.accounts.models import PrincipalRegistration, User
from clearpost.archive.services import Entry, archive_head_lock, archive_record_append, archive_records_append_many
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.core.events import EventType
from clearpost.policy.engine.learned import is_learned
from clearpost.posts.choices import ContentKind, PostStatus
from clearpost.posts.lifecycle import Move, post_transition, post_transition_many
from clearpost.posts.models import Post, PostVersion
from clearpost.review.choices import Assignment, NotificationKind, ReviewPurpose, ReviewStatus
from clearpost.review.models import (
    Notification,
    RejectionReason,
    ReviewComment,
    ReviewerState,
    ReviewTask,
    RoutingPolicy,
    VerdictOverride,
)
from clearpost.review.notifications import notification_send
from clearpost.review.routing import (
    BUILTIN_SLA_MINUTES,
    BUILTIN_VERSION,
    RouteRule,
    RoutingDecision,
    decide_route,
    rule_for,
    validate_rules,
)

# A claim older than this no longer blocks colleagues: the principal walked away from the screen.
CLAIM_TTL = timedelta(minutes=15)


# --- the routing policy (definition) -------------------------------------------------------------------------


@dataclass(frozen=True)
class ActivePolicy:
    version: int
    rules: list[RouteRule]
    assignment: Assignment
    default_sla_minutes: int
    supervisor_escalation_minutes: int


def routing_policy_active() -> ActivePolicy:
    """The active routing policy, or the strict built-in one (everything to a principal) when none is stored."""
    row = RoutingPolicy.objects.filter(active=True).first()
    if row is None:
        return ActivePolicy(BUILTIN_VERSION, [], Assignment.LEAST_LOADED, BUILTIN_SLA_MINUTES, BUILTIN_SLA_MINUTES)
    return ActivePolicy(row.version, validate_rules(row.rules), Assignment(row.assignment), row.default_sla_minutes,
                        row.supervisor_escalation_minutes)


def may_manage_routing(user: User) -> bool:
    return user.has_perm("review.manage_routing") or user.has_perm("policy.manage_rules")


@transaction.atomic
def routing_policy_publish(
    *, actor: User, rules: list[dict[str, Any]], assignment: str = Assignment.LEAST_LOADED,
    default_sla_minutes: int = BUILTIN_SLA_MINUTES, supervisor_escalation_minutes: int = BUILTIN_SLA_MINUTES,
    note: str = "",
) -> RoutingPolicy:
    """Store and activate a new version of the routing policy (versions are never edited). Compliance decides
    what needs pre-approval; FINRA 2210(b)(1) sets the floor for retail communications."""
    if not may_manage_routing(actor):
        raise NotPermitted("only compliance admins may change the routing policy", permission="review.manage_routing")
    try:
        parsed = validate_rules(rules)
    except ValueError as exc:
        raise DomainError(str(exc), code="invalid_routing_policy") from exc
    if assignment not in Assignment.values:
        raise DomainError("assignment must be round_robin or least_loaded", code="invalid_routing_policy")
    if not 1 <= default_sla_minutes <= 7 * 24 * 60 or not 1 <= supervisor_escalation_minutes <= 7 * 24 * 60:
        raise DomainError("times must be between 1 minute and 7 days", code="invalid_routing_policy")
    last = RoutingPolicy.objects.select_for_update().order_by("-version").first()
    RoutingPolicy.objects.filter(active=True).update(active=False)
    normalised = [{"network": r.network, "kind": r.kind, "route": str(r.route), "sla_minutes": r.sla_minutes,
                   "sample_percent": r.sample_percent} for r in parsed]
    policy = RoutingPolicy.objects.create(
        version=(last.version if last else BUILTIN_VERSION) + 1, rules=normalised, assignment=assignment,
        default_sla_minutes=default_sla_minutes, supervisor_escalation_minutes=supervisor_escalation_minutes,
        active=True, note=note[:300], created_by=actor,
    )
    archive_record_append(
        event_type=EventType.REVIEW_ROUTING_CHANGED, actor_id=actor.pk,
        payload={"version": policy.version, "rules": normalised, "assignment": assignment,
                 "default_sla_minutes": default_sla_minutes,
                 "supervisor_escalation_minutes": supervisor_escalation_minutes, "note": policy.note},
    )
    return policy


@transaction.atomic
def rejection_reason_save(*, actor: User, code: str, label: str, active: bool = True) -> RejectionReason:
    """Compliance maintains the list of rejection reasons principals choose from."""
    if not may_manage_routing(actor):
        raise NotPermitted("only compliance admins may maintain rejection reasons",
                           permission="review.manage_routing")
    if not code.strip() or not label.strip():
        raise DomainError("a reason needs a code and a label", code="invalid_reason")
    reason, _ = RejectionReason.objects.update_or_create(code=code.strip(),
                                                         defaults={"label": label.strip(), "active": active})
    archive_record_append(event_type=EventType.REVIEW_REASONS_CHANGED, actor_id=actor.pk,
                          payload={"code": reason.code, "label": reason.label, "active": active})
    return reason


# --- who may review what ---------------------------------------------------------------------------------------


def _principals() -> list[User]:
    perm = Permission.objects.filter(content_type__app_label="review", codename="review_post").first()
    if perm is None:
        return []
    return list(
        User.objects.filter(Q(groups__permissions=perm) | Q(user_permissions=perm), is_active=True)
        .exclude(reviewer_state__available=False)
        .select_related("branch")
        .prefetch_related("registrations")
        .distinct()
    )


def registration_covers(user: User, network: str) -> bool:
    """FINRA 2210(b)(1): the approving principal must be qualified; the firm maps registrations to networks."""
    return any(r.covers(network) for r in PrincipalRegistration.objects.filter(user=user, active=True))


def principal_in_scope(task: ReviewTask, reviewer: User) -> bool:
    """A principal acts on their own branch's work, on what was assigned to them (e.g. as backup), or on
    everything when they sit at head office (no branch)."""
    return (reviewer.branch_id is None or task.branch_id is None or task.branch_id == reviewer.branch_id
            or task.assigned_to_id == reviewer.pk)


def _tiers(candidates: list[User], branch_id: int | None, region_id: int | None) -> list[list[User]]:
    same = [u for u in candidates if branch_id is not None and u.branch_id == branch_id]
    region = [u for u in candidates if u not in same and region_id is not None and u.branch is not None
              and u.branch.parent_id == region_id]
    rest = [u for u in candidates if u not in same and u not in region]
    return [t for t in (same, region, rest) if t]


def _pick(candidates: list[User], assignment: Assignment) -> User:
    ids = [u.pk for u in candidates]
    last = dict(ReviewerState.objects.filter(user_id__in=ids).values_list("user_id", "last_assigned_at"))
    never = datetime.min.replace(tzinfo=UTC)
    if assignment == Assignment.LEAST_LOADED:
        loads = dict(ReviewTask.objects.filter(status=ReviewStatus.OPEN, assigned_to_id__in=ids)
                     .values_list("assigned_to_id").annotate(n=Count("pk")).values_list("assigned_to_id", "n"))
        return min(candidates, key=lambda u: (loads.get(u.pk, 0), last.get(u.pk) or never, u.pk))
    return min(candidates, key=lambda u: (last.get(u.pk) or never, u.pk))


def _choose_principal(task: ReviewTask, assignment: Assignment, exclude: set[int]) -> User | None:
    author_branch = task.branch
    candidates = [u for u in _principals() if u.pk != task.author_id and u.pk not in exclude
                  and any(r.covers(task.network) for r in u.registrations.all())]
    tiers = _tiers(candidates, task.branch_id, author_branch.parent_id if author_branch else None)
    if not tiers:
        return None
    chosen = _pick(tiers[0], assignment)
    ReviewerState.objects.update_or_create(user=chosen, defaults={"last_assigned_at": timezone.now()})
    return chosen


# --- opening and routing ---------------------------------------------------------------------------------------


def _entry(task: ReviewTask, event: EventType, actor_id: int | None, payload: dict[str, Any]) -> Entry:
    post = task.post
    return Entry(event_type=event, actor_id=actor_id, advisor_id=post.author_id, branch_id=task.branch_id,
                 network=post.network, account_id=post.account_id, post_id=post.pk,
                 payload={"review_task": task.pk, "purpose": task.purpose, "version": task.version.number,
                          "version_hash": task.version_hash, **payload})


def _archive(task: ReviewTask, event: EventType, actor_id: int | None, payload: dict[str, Any]) -> None:
    archive_records_append_many([_entry(task, event, actor_id, payload)])


def _auto_approved(task: ReviewTask) -> dict[str, Any]:
    """The archived facts of an automatic approval."""
    assert task.decided_at is not None
    return {"action": "approved", "automatic": True, "reviewer": None, "decided_at": task.decided_at.isoformat(),
            "reason": task.reason, "policy_basis": task.policy_basis}


@transaction.atomic
def review_task_open(
    *, post_id: int, purpose: ReviewPurpose = ReviewPurpose.PRE_APPROVAL, sla_minutes: int | None = None,
    policy: ActivePolicy | None = None,
) -> ReviewTask:
    """Open a review of the post's current version, assign it to an eligible principal (branch first, then the
    region, then the firm) and set its due time from the routing policy."""
    post = Post.objects.select_related("current_version", "author", "author__branch").get(pk=post_id)
    version = post.current_version
    assert version is not None
    policy = policy or routing_policy_active()
    if sla_minutes is None:
        sla_minutes = rule_for(policy.rules, network=post.network, kind=post.kind,
                               default_sla=policy.default_sla_minutes).sla_minutes
    now = timezone.now()
    task = ReviewTask(post=post, version=version, version_hash=version.content_hash, purpose=purpose,
                      author_id=post.author_id, branch=post.author.branch, network=post.network,
                      due_at=now + timedelta(minutes=sla_minutes))
    assignee = _choose_principal(task, policy.assignment, exclude=set())
    if assignee is not None:
        task.assigned_to, task.assigned_at = assignee, now
        task.assigned_outside_branch = assignee.branch_id != task.branch_id
    task.save()
    _archive(task, EventType.REVIEW_ASSIGNED, None, {
        "assigned_to": assignee.username if assignee else None, "due_at": task.due_at.isoformat(),
        "routing_policy_version": policy.version, "assignment": str(policy.assignment),
    })
    if assignee is not None:
        notification_send(recipient_id=assignee.pk, kind=NotificationKind.ASSIGNED, email=False,
                          title=f"New {task.get_purpose_display().lower()}: post {post.pk} by {post.author}",
                          url=f"/review/{task.pk}/", post_id=post.pk)
    return task


def _notify_advisor(post: Post, title: str, body: str = "") -> None:
    notification_send(recipient_id=post.author_id, kind=NotificationKind.DECISION, title=title, body=body,
                      url=f"/posts/{post.pk}/", post_id=post.pk)


SHARE_KINDS = frozenset({ContentKind.LIBRARY, ContentKind.LIBRARY_WITH_NOTE})


@dataclass(frozen=True)
class _Routed:
    version: PostVersion
    screening: dict[str, Any]
    verdict: str
    rule: RouteRule
    decision: RoutingDecision
    basis: dict[str, Any]


def _route(post: Post, policy: ActivePolicy, draw: float, library_basis: dict[str, Any] | None) -> _Routed:
    """The routing decision for one submitted version, shared by the single and the batch routing."""
    version = post.current_version
    assert version is not None
    screening = version.screening or {}
    verdict = str(screening.get("verdict", "review"))
    rule = rule_for(policy.rules, network=post.network, kind=post.kind, default_sla=policy.default_sla_minutes)
    is_share = post.kind in SHARE_KINDS
    routing_verdict = verdict
    # A reject that rests on the learned model alone (no rule found a breach) goes to a principal rather than
    # back to the advisor: a resemblance to forbidden posts is a reason to look, not an explained violation.
    if verdict == "reject" and not any(
        f.get("severity") == "reject" and not is_learned(str(f.get("rule", "")))
        for f in screening.get("findings", [])
    ):
        routing_verdict = "review"
    # A library share is approved automatically only as a share of an approved, unexpired item version the
    # advisor may share, with no note or a clean one; a principal already reviewed exactly that content, so
    # the engine's `review` on the item's own text does not send it back to a principal. `reject` still does.
    if is_share and library_basis is not None and verdict == "review":
        routing_verdict = "approve"
    decision = decide_route(rule, verdict=routing_verdict, policy_version=policy.version, sample_draw=draw)
    basis = {"routing_policy_version": policy.version, "network": rule.network, "kind": rule.kind,
             "route": str(rule.route), "engine_verdict": verdict,
             "engine_policy_version": screening.get("policy_version", "")}
    if is_share and decision.outcome.startswith("auto"):
        if library_basis is None:
            decision = replace(decision, outcome="review")
        else:
            basis["library"] = library_basis
    return _Routed(version, screening, verdict, rule, decision, basis)


def _findings_text(screening: dict[str, Any]) -> str:
    return "; ".join(f"{f.get('category')}: “{f.get('excerpt')}”" for f in screening.get("findings", []))


@transaction.atomic
def review_route_submission(*, post_id: int, actor_id: int | None, sample_draw: float | None = None) -> Post:
    """Route a submitted version by the firm's policy and the engine's verdict: `reject` back to the advisor
    with the findings, `review` to a principal, `approve` automatically where the policy allows it (recorded
    as an automatic approval naming the policy version; FINRA 2210(b)(1) still governs every other case)."""
    from clearpost.publishing.services import deliveries_schedule_for_post

    post = Post.objects.select_related("current_version", "author").get(pk=post_id)
    policy = routing_policy_active()
    draw = random.random() if sample_draw is None else sample_draw
    library_basis = None
    if post.kind in SHARE_KINDS:
        from clearpost.library.selectors import share_auto_approval_basis

        library_basis = share_auto_approval_basis(post.pk)
    routed = _route(post, policy, draw, library_basis)
    version, screening, verdict, rule, decision = (routed.version, routed.screening, routed.verdict, routed.rule,
                                                   routed.decision)
    basis = routed.basis
    if decision.outcome == "reject":
        post = post_transition(post_id=post.pk, to=PostStatus.REJECTED, actor_id=None,
                               reason="rejected by automated screening",
                               details={"findings": screening.get("findings", []),
                                        "policy_version": screening.get("policy_version")})
        _notify_advisor(post, f"Post {post.pk} was stopped by automated screening", _findings_text(screening))
        return post
    if decision.outcome == "review":
        post = post_transition(post_id=post.pk, to=PostStatus.IN_REVIEW, actor_id=None,
                               reason=f"engine verdict: {verdict}; route: {rule.route}")
        review_task_open(post_id=post.pk, sla_minutes=rule.sla_minutes, policy=policy)
        return post
    now = timezone.now()
    task = ReviewTask.objects.create(
        post=post, version=version, version_hash=version.content_hash, status=ReviewStatus.APPROVED,
        automatic=True, policy_basis=basis, decided_at=now, author_id=post.author_id,
        branch_id=post.author.branch_id, network=post.network,
        reason=_auto_reason(policy, rule),
    )
    _archive(task, EventType.REVIEW_AUTO_APPROVED, actor_id, _auto_approved(task))
    post_transition(post_id=post.pk, to=PostStatus.APPROVED, actor_id=None,
                    reason=task.reason, details={"version_hash": version.content_hash, "automatic": True})
    deliveries_schedule_for_post(post_id=post.pk, actor_id=None)
    if decision.outcome == "auto_approve_sampled":
        review_task_open(post_id=post.pk, purpose=ReviewPurpose.POST_REVIEW, sla_minutes=rule.sla_minutes,
                         policy=policy)
    post.refresh_from_db()
    _notify_advisor(post, f"Post {post.pk} was approved automatically under the firm's policy")
    return post


def _auto_reason(policy: ActivePolicy, rule: RouteRule) -> str:
    return f"automatic approval under routing policy v{policy.version} ({rule.route})"


@transaction.atomic
def review_route_submissions(*, post_ids: Sequence[int], actor_ids: Mapping[int, int | None],
                             sample_draws: Mapping[int, float] | None = None,
                             archive: list[Entry] | None = None) -> dict[int, str]:
    """`review_route_submission` for a batch of submitted posts (a fan-out's automatic shares): each post gets
    the same decision (`_route`), the same rows and the same records as alone, with a statement or two per
    outcome instead of a dozen per post. Returns each post's outcome. The records go to `archive` when the
    caller appends its batch itself; they are appended (in order) before opening any review, which appends its
    own, so each post's records keep the order the single routing gives them."""
    from clearpost.library.selectors import share_auto_approval_bases
    from clearpost.publishing.services import deliveries_schedule_for_posts

    if not post_ids:
        return {}
    if archive is None:
        archive_head_lock()  # appending here: the head before any post, as `post_transition_many` explains
    posts = {p.pk: p for p in Post.objects.select_related("current_version", "author").filter(pk__in=list(post_ids))}
    policy = routing_policy_active()
    bases = share_auto_approval_bases([pk for pk, p in posts.items() if p.kind in SHARE_KINDS])
    routed: dict[int, _Routed] = {}
    for post_id in post_ids:
        draw = sample_draws[post_id] if sample_draws and post_id in sample_draws else random.random()
        routed[post_id] = _route(posts[post_id], policy, draw, bases.get(post_id))
    outcomes = {post_id: r.decision.outcome for post_id, r in routed.items()}
    rejected = [pk for pk in post_ids if outcomes[pk] == "reject"]
    reviewed = [pk for pk in post_ids if outcomes[pk] == "review"]
    approved = [pk for pk in post_ids if outcomes[pk].startswith("auto")]
    sampled = [pk for pk in approved if outcomes[pk] == "auto_approve_sampled"]
    entries = archive if archive is not None else []
    notices: list[tuple[Post, str, str]] = []
    post_transition_many(to=PostStatus.REJECTED, moves=[
        Move(pk, None, "rejected by automated screening",
             {"findings": routed[pk].screening.get("findings", []),
              "policy_version": routed[pk].screening.get("policy_version")}) for pk in rejected], archive=entries)
    notices += [(posts[pk], f"Post {pk} was stopped by automated screening", _findings_text(routed[pk].screening))
                for pk in rejected]
    post_transition_many(to=PostStatus.IN_REVIEW, moves=[
        Move(pk, None, f"engine verdict: {routed[pk].verdict}; route: {routed[pk].rule.route}") for pk in reviewed],
        archive=entries)
    now = timezone.now()
    tasks = ReviewTask.objects.bulk_create([ReviewTask(
        post=posts[pk], version=routed[pk].version, version_hash=routed[pk].version.content_hash,
        status=ReviewStatus.APPROVED, automatic=True, policy_basis=routed[pk].basis, decided_at=now,
        author_id=posts[pk].author_id, branch_id=posts[pk].author.branch_id, network=posts[pk].network,
        reason=_auto_reason(policy, routed[pk].rule)) for pk in approved])
    entries += [_entry(task, EventType.REVIEW_AUTO_APPROVED, actor_ids.get(task.post_id), _auto_approved(task))
                for task in tasks]
    post_transition_many(to=PostStatus.APPROVED, moves=[
        Move(pk, None, _auto_reason(policy, routed[pk].rule),
             {"version_hash": routed[pk].version.content_hash, "automatic": True}) for pk in approved],
        archive=entries)
    if approved:
        deliveries_schedule_for_posts(post_ids=approved, actor_id=None, archive=entries)
    if reviewed or sampled:
        archive_records_append_many(entries)
        entries.clear()
        for pk in reviewed:
            review_task_open(post_id=pk, sla_minutes=routed[pk].rule.sla_minutes, policy=policy)
        for pk in sampled:
            review_task_open(post_id=pk, purpose=ReviewPurpose.POST_REVIEW, sla_minutes=routed[pk].rule.sla_minutes,
                             policy=policy)
    notices += [(posts[pk], f"Post {pk} was approved automatically under the firm's policy", "") for pk in approved]
    _notify_advisors(notices)
    if archive is None:
        archive_records_append_many(entries)
    return outcomes


def _notify_advisors(notices: list[tuple[Post, str, str]]) -> None:
    """`_notify_advisor` for a batch: the in-app rows in one insert; the e-mails once the transaction commits,
    with one look-up of who has an address."""
    if not notices:
        return
    Notification.objects.bulk_create([
        Notification(recipient_id=post.author_id, kind=NotificationKind.DECISION, title=title[:200], body=body,
                     url=f"/posts/{post.pk}/", post_id=post.pk) for post, title, body in notices])
    mails = [(post.author_id, title, f"{body}\n\n/posts/{post.pk}/".strip()) for post, title, body in notices]
    transaction.on_commit(partial(_email_many, mails))


def _email_many(mails: list[tuple[int, str, str]]) -> None:
    from clearpost.review.notifications import _email

    with_address = set(User.objects.filter(pk__in={m[0] for m in mails}).exclude(email="")
                       .values_list("pk", flat=True))
    for recipient_id, subject, body in mails:
        if recipient_id in with_address:
            _email(recipient_id, subject, body)


def review_tasks_void_for_post(*, post_id: int, reason: str) -> int:
    """Void open reviews of a post whose text changed or that was withdrawn; the decision no longer applies."""
    tasks = list(ReviewTask.objects.select_for_update(of=("self",)).select_related("post", "version")
                 .filter(post_id=post_id, status=ReviewStatus.OPEN))
    for task in tasks:
        task.status, task.reason = ReviewStatus.VOIDED, reason
        task.save(update_fields=["status", "reason"])
        _archive(task, EventType.REVIEW_VOIDED, None, {"reason": reason})
    return len(tasks)


# --- claim, release, next --------------------------------------------------------------------------------------


def _require_reviewer(reviewer: User) -> None:
    if not reviewer.has_perm("review.review_post"):
        raise NotPermitted("only registered principals may review posts", permission="review.review_post")


def _check_may_act(task: ReviewTask, reviewer: User) -> None:
    if task.author_id == reviewer.pk or task.post.author_id == reviewer.pk:
        raise NotPermitted("four-eyes rule: you cannot review your own post")
    if not principal_in_scope(task, reviewer):
        raise NotPermitted("this review belongs to another branch")


def _claimable(reviewer: User, now: datetime) -> Q:
    return Q(claimed_by__isnull=True) | Q(claimed_by=reviewer) | Q(claimed_at__lt=now - CLAIM_TTL)


@transaction.atomic
def review_task_claim(*, task_id: int, reviewer: User) -> ReviewTask:
    """Take a review so colleagues do not work on it at the same time. Claiming is not reviewing: nothing is
    archived until a decision."""
    _require_reviewer(reviewer)
    task = ReviewTask.objects.select_related("post").filter(pk=task_id).first()
    if task is None:
        raise DomainError("no such review", code="not_found")
    _check_may_act(task, reviewer)
    now = timezone.now()
    won = ReviewTask.objects.filter(_claimable(reviewer, now), pk=task_id, status=ReviewStatus.OPEN).update(
        claimed_by=reviewer, claimed_at=now)
    if won != 1:
        raise DomainError("someone else is reviewing this post, or it is closed", code="already_claimed")
    task.claimed_by, task.claimed_at = reviewer, now
    return task


@transaction.atomic
def review_task_release(*, task_id: int, reviewer: User) -> int:
    _require_reviewer(reviewer)
    return ReviewTask.objects.filter(pk=task_id, claimed_by=reviewer).update(claimed_by=None, claimed_at=None)


def review_task_next(*, reviewer: User) -> ReviewTask | None:
    """Claim the next review for this principal: one already claimed, then one assigned to them, then the
    branch pool — earliest due first. Two principals asking at once never get the same task."""
    from clearpost.review.selectors import reviewer_networks

    _require_reviewer(reviewer)
    now = timezone.now()
    open_ = ReviewTask.objects.filter(status=ReviewStatus.OPEN)
    # A principal holds a claim or two: pick the earliest here. Ordering in SQL lets SQLite walk every open review
    # in due order instead of using the claimed_by index.
    mine = min(open_.filter(claimed_by=reviewer, claimed_at__gte=now - CLAIM_TTL).order_by(),
               key=lambda t: (t.due_at is None, t.due_at, t.pk), default=None)
    if mine is not None:
        return mine
    networks = reviewer_networks(reviewer)
    if networks is not None and not networks:
        return None
    free = open_.filter(Q(claimed_by__isnull=True) | Q(claimed_at__lt=now - CLAIM_TTL)).exclude(author=reviewer)
    if networks is not None:
        free = free.filter(network__in=networks)
    pools = [free.filter(assigned_to=reviewer)]
    if reviewer.branch_id is None:
        pools.append(free)
    else:
        pools.append(free.filter(branch_id=reviewer.branch_id))
    for pool in pools:
        for _attempt in range(5):
            candidate = pool.order_by("due_at", "pk").values_list("pk", flat=True).first()
            if candidate is None:
                break
            won = ReviewTask.objects.filter(_claimable(reviewer, now), pk=candidate, status=ReviewStatus.OPEN).update(
                claimed_by=reviewer, claimed_at=now)
            if won == 1:
                return ReviewTask.objects.get(pk=candidate)
    return None


# --- decisions -------------------------------------------------------------------------------------------------


def _lock_open_task(task_id: int, reviewer: User) -> ReviewTask:
    _require_reviewer(reviewer)
    # Only the joins every decision reads: each one more costs PostgreSQL more to plan than to run.
    task = (ReviewTask.objects.select_for_update(of=("self",)).select_related("post", "version")
            .filter(pk=task_id).first())
    if task is None:
        raise DomainError("no such review", code="not_found")
    _check_may_act(task, reviewer)
    if task.status != ReviewStatus.OPEN:
        raise DomainError(f"this review is already {task.get_status_display().lower()}", code="review_closed")
    if task.post.current_version_id != task.version_id:
        raise DomainError("the post changed since this review was opened", code="stale_version")
    if (task.claimed_by_id not in (None, reviewer.pk) and task.claimed_at is not None
            and task.claimed_at >= timezone.now() - CLAIM_TTL):
        raise DomainError(f"{task.claimed_by} is reviewing this post", code="already_claimed")
    if not registration_covers(reviewer, task.post.network):
        raise NotPermitted(f"your registration does not cover {task.post.get_network_display()} posts")
    return task


def _reason_text(reason_code: str, reason: str) -> tuple[str, str]:
    reason = reason.strip()
    if not reason_code:
        return "", reason
    label = RejectionReason.objects.filter(code=reason_code, active=True).values_list("label", flat=True).first()
    if label is None:
        raise DomainError("choose a reason from the list", code="unknown_reason")
    return reason_code, f"{label}: {reason}" if reason else label


def _decide(task: ReviewTask, reviewer: User, status: ReviewStatus, reason: str, event: EventType,
            reason_code: str = "") -> None:
    task.status = status
    task.decided_by = reviewer
    task.decided_at = timezone.now()
    task.reason = reason
    task.reason_code = reason_code
    task.save(update_fields=["status", "decided_by", "decided_at", "reason", "reason_code"])
    _archive(task, event, reviewer.pk, {
        "action": str(status), "automatic": False, "reviewer": reviewer.username, "reviewer_id": reviewer.pk,
        "reviewer_crd": reviewer.crd_number, "reason_code": reason_code, "reason": reason,
        "decided_at": task.decided_at.isoformat(), "submitted_at": task.created_at.isoformat(),
        "escalation_level": task.escalation_level,
    })
    verb = {ReviewStatus.APPROVED: "approved", ReviewStatus.REJECTED: "rejected",
            ReviewStatus.CHANGES_REQUESTED: "returned for changes"}[status]
    what = "Post-review of post" if task.purpose == ReviewPurpose.POST_REVIEW else "Post"
    _notify_advisor(task.post, f"{what} {task.post_id} was {verb} by {reviewer}", reason)


@transaction.atomic
def review_task_approve(*, task_id: int, reviewer: User, note: str = "") -> ReviewTask:
    """A principal's approval of one exact version (FINRA 2210(b)(1)); the outbox rows are written in the same
    transaction, and publishing re-checks the approval at send time."""
    from clearpost.publishing.services import deliveries_schedule_for_post

    task = _lock_open_task(task_id, reviewer)
    _decide(task, reviewer, ReviewStatus.APPROVED, note.strip(), EventType.REVIEW_APPROVED)
    if task.purpose == ReviewPurpose.PRE_APPROVAL:
        post_transition(post_id=task.post_id, to=PostStatus.APPROVED, actor_id=reviewer.pk,
                        details={"version_hash": task.version_hash})
        deliveries_schedule_for_post(post_id=task.post_id, actor_id=reviewer.pk)
    return task


@transaction.atomic
def review_task_reject(*, task_id: int, reviewer: User, reason: str, reason_code: str = "") -> ReviewTask:
    if not reason.strip() and not reason_code:
        raise DomainError("give the advisor a reason for the rejection", code="reason_required")
    task = _lock_open_task(task_id, reviewer)
    code, text = _reason_text(reason_code, reason)
    _decide(task, reviewer, ReviewStatus.REJECTED, text, EventType.REVIEW_REJECTED, code)
    if task.purpose == ReviewPurpose.PRE_APPROVAL:
        post_transition(post_id=task.post_id, to=PostStatus.REJECTED, actor_id=reviewer.pk, reason=text)
    else:
        # A published post found wanting after the fact: its supervisors must hear (FINRA 3110).
        for supervisor_id in _supervisor_ids(task):
            notification_send(recipient_id=supervisor_id, kind=NotificationKind.ESCALATED, post_id=task.post_id,
                              title=f"Post-review rejected post {task.post_id}", body=text,
                              url=f"/posts/{task.post_id}/")
    return task


@transaction.atomic
def review_task_request_changes(*, task_id: int, reviewer: User, reason: str, reason_code: str = "") -> ReviewTask:
    if not reason.strip() and not reason_code:
        raise DomainError("say what should change", code="reason_required")
    task = _lock_open_task(task_id, reviewer)
    code, text = _reason_text(reason_code, reason)
    _decide(task, reviewer, ReviewStatus.CHANGES_REQUESTED, text, EventType.REVIEW_CHANGES_REQUESTED, code)
    if task.purpose == ReviewPurpose.PRE_APPROVAL:
        post_transition(post_id=task.post_id, to=PostStatus.CHANGES_REQUESTED, actor_id=reviewer.pk, reason=text)
    return task


@dataclass(frozen=True)
class BulkResult:
    approved: list[int]
    skipped: dict[int, str]


def review_tasks_approve_bulk(*, reviewer: User, version_hash: str, note: str = "",
                              limit: int = 500) -> BulkResult:
    """Approve every open pre-approval of the same text (same version hash) this principal may decide. Each
    approval is its own decision, checked and archived one by one; one refusal does not stop the others."""
    from clearpost.review.selectors import review_queue

    _require_reviewer(reviewer)
    ids = list(review_queue(reviewer=reviewer).filter(version_hash=version_hash, purpose=ReviewPurpose.PRE_APPROVAL)
               .values_list("pk", flat=True)[:limit])
    approved: list[int] = []
    skipped: dict[int, str] = {}
    for task_id in ids:
        try:
            review_task_approve(task_id=task_id, reviewer=reviewer, note=note)
            approved.append(task_id)
        except DomainError as exc:
            skipped[task_id] = exc.message
    return BulkResult(approved, skipped)


# --- overrides and comments ------------------------------------------------------------------------------------


@transaction.atomic
def review_verdict_override(*, post_id: int, actor: User, reason: str) -> ReviewTask:
    """A compliance admin overrides the engine's `reject`: the post goes to a principal after all. The override
    does not approve anything (four-eyes still applies) and is archived with its reason."""
    if not actor.has_perm("review.override_verdict"):
        raise NotPermitted("only compliance admins may override the engine", permission="review.override_verdict")
    if not reason.strip():
        raise DomainError("an override needs a reason", code="reason_required")
    post = Post.objects.select_for_update(of=("self",)).select_related("current_version", "author").get(pk=post_id)
    version = post.current_version
    if post.author_id == actor.pk:
        raise NotPermitted("four-eyes rule: you cannot override the verdict on your own post")
    if post.status != PostStatus.REJECTED or version is None or version.screening.get("verdict") != "reject":
        raise DomainError("only a post stopped by automated screening can be overridden", code="not_overridable")
    if ReviewTask.objects.filter(version=version, status=ReviewStatus.REJECTED).exists():
        raise DomainError("a principal rejected this version; the advisor must edit it", code="not_overridable")
    override = VerdictOverride.objects.create(
        post=post, version=version, overridden_by=actor, reason=reason.strip(), engine_verdict="reject",
        engine_policy_version=str(version.screening.get("policy_version", "")))
    archive_record_append(
        event_type=EventType.REVIEW_VERDICT_OVERRIDDEN, actor_id=actor.pk, advisor_id=post.author_id,
        branch_id=post.author.branch_id, network=post.network, account_id=post.account_id, post_id=post.pk,
        payload={"override": override.pk, "version": version.number, "version_hash": version.content_hash,
                 "engine_verdict": "reject", "engine_policy_version": override.engine_policy_version,
                 "findings": version.screening.get("findings", []), "reason": override.reason,
                 "overridden_by": actor.username},
    )
    post_transition(post_id=post.pk, to=PostStatus.IN_REVIEW, actor_id=actor.pk,
                    reason=f"engine verdict overridden: {override.reason}")
    task = review_task_open(post_id=post.pk)
    _notify_advisor(post, f"Post {post.pk}: compliance sent it to a principal despite the automated screening",
                    override.reason)
    return task


def may_comment(post: Post, user: User) -> bool:
    if post.author_id == user.pk:
        return True
    if user.has_perm("review.review_post"):
        return user.branch_id is None or post.author.branch_id == user.branch_id or ReviewTask.objects.filter(
            post=post, assigned_to=user).exists()
    return user.has_perm("review.override_verdict")


@transaction.atomic
def review_comment_add(*, post_id: int, actor: User, body: str) -> ReviewComment:
    """A message in the thread between the advisor and the reviewers; kept as correspondence (FINRA 4511)."""
    body = body.strip()
    if not body or len(body) > 5000:
        raise DomainError("a comment needs 1 to 5000 characters", code="invalid_comment")
    post = Post.objects.select_related("author", "current_version").get(pk=post_id)
    if not may_comment(post, actor):
        raise NotPermitted("you may not comment on this post")
    comment = ReviewComment.objects.create(post=post, version=post.current_version, author=actor, body=body)
    archive_record_append(
        event_type=EventType.REVIEW_COMMENTED, actor_id=actor.pk, advisor_id=post.author_id,
        branch_id=post.author.branch_id, network=post.network, account_id=post.account_id, post_id=post.pk,
        payload={"comment": comment.pk, "author": actor.username, "body": body,
                 "version": post.current_version.number if post.current_version else None},
    )
    if actor.pk == post.author_id:
        task = ReviewTask.objects.filter(post=post, status=ReviewStatus.OPEN).first()
        recipients = [i for i in (task.claimed_by_id or task.assigned_to_id,) if i] if task else []
    else:
        recipients = [post.author_id]
    for recipient in recipients:
        notification_send(recipient_id=recipient, kind=NotificationKind.COMMENT, post_id=post.pk,
                          title=f"{actor} commented on post {post.pk}", body=body, url=f"/posts/{post.pk}/")
    return comment


# --- SLA and escalation ----------------------------------------------------------------------------------------


def _supervisor_ids(task: ReviewTask) -> list[int]:
    from clearpost.accounts.models import OrgUnit

    if task.branch_id is None:
        return []
    return list(OrgUnit.objects.filter(pk=task.branch_id).values_list("supervisors", flat=True).exclude(
        supervisors=None))


def review_tasks_escalate(*, now: datetime | None = None, limit: int = 500) -> dict[str, int]:
    """Overdue reviews go to a backup principal; if still open after the policy's grace period, the branch's
    supervisors are told. Each step is a conditional update, so running the job twice escalates once."""
    now = now or timezone.now()
    policy = routing_policy_active()
    counts = {"backup": 0, "supervisor": 0}
    overdue = list(ReviewTask.objects.filter(status=ReviewStatus.OPEN, escalation_level=0, due_at__lt=now)
                   .select_related("post", "version", "branch").order_by("due_at")[:limit])
    for task in overdue:
        with transaction.atomic():
            backup = _choose_principal(task, Assignment.LEAST_LOADED,
                                       exclude={task.assigned_to_id} if task.assigned_to_id else set())
            fields: dict[str, Any] = {"escalation_level": 1, "escalated_at": now}
            if backup is not None:
                fields.update(assigned_to=backup, assigned_at=now,
                              assigned_outside_branch=backup.branch_id != task.branch_id)
            if ReviewTask.objects.filter(pk=task.pk, status=ReviewStatus.OPEN, escalation_level=0).update(
                    **fields) != 1:
                continue
            _archive(task, EventType.REVIEW_ESCALATED, None, {
                "level": 1, "to": backup.username if backup else None, "due_at": task.due_at.isoformat() if
                task.due_at else None, "previously_assigned_to": task.assigned_to_id})
            if backup is not None:
                notification_send(recipient_id=backup.pk, kind=NotificationKind.ESCALATED, post_id=task.post_id,
                                  title=f"Overdue review of post {task.post_id} passed to you as backup",
                                  url=f"/review/{task.pk}/")
            counts["backup"] += 1
    late = now - timedelta(minutes=policy.supervisor_escalation_minutes)
    stale = list(ReviewTask.objects.filter(status=ReviewStatus.OPEN, escalation_level=1, due_at__lt=late)
                 .select_related("post", "version").order_by("due_at")[:limit])
    for task in stale:
        with transaction.atomic():
            if ReviewTask.objects.filter(pk=task.pk, status=ReviewStatus.OPEN, escalation_level=1).update(
                    escalation_level=2, escalated_at=now) != 1:
                continue
            supervisors = _supervisor_ids(task)
            _archive(task, EventType.REVIEW_ESCALATED, None, {"level": 2, "supervisors": supervisors})
            for supervisor_id in supervisors:
                notification_send(recipient_id=supervisor_id, kind=NotificationKind.ESCALATED, post_id=task.post_id,
                                  title=f"Review of post {task.post_id} is well past its due time",
                                  url=f"/review/{task.pk}/")
            counts["supervisor"] += 1
    return counts


def review_digest_send(*, now: datetime | None = None) -> int:
    """Each principal with open work gets one digest of their queue."""
    now = now or timezone.now()
    soon = now + timedelta(minutes=30)
    rows = (ReviewTask.objects.filter(status=ReviewStatus.OPEN, assigned_to__isnull=False)
            .values("assigned_to_id")
            .annotate(total=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)),
                      soon=Count("pk", filter=Q(due_at__gte=now, due_at__lt=soon))))
    sent = 0
    for row in rows:
        with transaction.atomic():
            notification_send(
                recipient_id=row["assigned_to_id"], kind=NotificationKind.DIGEST, url="/review/",
                title=f"Your review queue: {row['total']} open, {row['overdue']} overdue",
                body=f"{row['total']} reviews wait for you; {row['overdue']} are overdue and {row['soon']} fall "
                     f"due within 30 minutes.")
        sent += 1
    return sent


def queue_depth_snapshot(*, now: datetime | None = None) -> Any:
    from clearpost.review.models import QueueDepthSnapshot

    now = now or timezone.now()
    open_ = ReviewTask.objects.filter(status=ReviewStatus.OPEN)
    by_branch = {str(k): v for k, v in open_.values_list("branch_id").annotate(n=Count("pk"))
                 .values_list("branch_id", "n")}
    return QueueDepthSnapshot.objects.create(
        taken_at=now, open_count=open_.count(), overdue_count=open_.filter(due_at__lt=now).count(),
        breaching_soon=open_.filter(due_at__gte=now, due_at__lt=now + timedelta(minutes=15)).count(),
        by_branch=by_branch)

