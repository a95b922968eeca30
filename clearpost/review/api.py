"""The review JSON API (issue 7): queue, next item, claim/release, decisions with listed reasons, bulk approval,
what is about to breach, overrides, comments, routing policy, notifications and measures.

Mounted by the lead in clearpost/api/routes.py: `api.add_router("/review", clearpost.review.api.router)`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from clearpost.core.errors import NotPermitted
from clearpost.review import selectors, services
from clearpost.review.models import Notification, RejectionReason, ReviewTask, RoutingPolicy
from clearpost.review.notifications import notification_mark_read


class TaskOut(Schema):
    id: int
    post_id: int
    purpose: str
    status: str
    advisor: str
    branch: str | None
    network: str
    text: str
    version: int
    version_hash: str
    verdict: str
    assigned_to: str | None
    claimed_by: str | None
    due_at: datetime | None
    escalation_level: int
    automatic: bool
    decided_by: str | None
    decided_at: datetime | None
    reason_code: str
    reason: str


class QueueOut(Schema):
    counts: dict[str, int]
    items: list[TaskOut]


class DecisionIn(Schema):
    action: str = Field(..., pattern="^(approve|reject|request_changes)$")
    reason_code: str = Field("", max_length=48)
    reason: str = Field("", max_length=2000)


class BulkIn(Schema):
    version_hash: str = Field(..., min_length=64, max_length=64)
    note: str = Field("", max_length=2000)


class BulkOut(Schema):
    approved: list[int]
    skipped: dict[int, str]


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)


class CommentIn(Schema):
    body: str = Field(..., min_length=1, max_length=5000)


class CommentOut(Schema):
    id: int
    author: str
    body: str
    version: int | None
    created_at: datetime


class RuleIn(Schema):
    network: str = "*"
    kind: str = "*"
    route: str
    sla_minutes: int = 60
    sample_percent: int = 0


class RoutingIn(Schema):
    rules: list[RuleIn]
    assignment: str = "least_loaded"
    default_sla_minutes: int = 60
    supervisor_escalation_minutes: int = 60
    note: str = Field("", max_length=300)


class RoutingOut(Schema):
    version: int
    rules: list[dict[str, Any]]
    assignment: str
    default_sla_minutes: int
    supervisor_escalation_minutes: int
    created_at: datetime | None


class RejectionReasonIO(Schema):
    code: str = Field(..., pattern=r"^[-a-zA-Z0-9_]{1,48}$")
    label: str = Field(..., min_length=1, max_length=200)
    active: bool = True


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    post_id: int | None
    read: bool
    created_at: datetime


class TurnaroundOut(Schema):
    key: str
    count: int
    median_seconds: float | None
    p90_seconds: float | None


class MeasuresOut(Schema):
    turnaround_by_principal: list[TurnaroundOut]
    turnaround_by_branch: list[TurnaroundOut]
    rejection_reasons: list[dict[str, Any]]
    overrides: list[dict[str, Any]]
    queue_depth: list[dict[str, Any]]


def task_out(t: ReviewTask) -> TaskOut:
    return TaskOut(
        id=t.pk, post_id=t.post_id, purpose=t.purpose, status=t.status, advisor=str(t.post.author),
        branch=t.branch.code if t.branch_id and t.branch else None, network=t.network or t.post.network,
        text=t.version.text, version=t.version.number, version_hash=t.version_hash,
        verdict=(t.version.screening or {}).get("verdict", ""),
        assigned_to=t.assigned_to.username if t.assigned_to_id and t.assigned_to else None,
        claimed_by=t.claimed_by.username if t.claimed_by_id and t.claimed_by else None, due_at=t.due_at,
        escalation_level=t.escalation_level, automatic=t.automatic,
        decided_by=t.decided_by.username if t.decided_by_id and t.decided_by else None,
        decided_at=t.decided_at, reason_code=t.reason_code, reason=t.reason,
    )


def _require_reviewer(request: HttpRequest) -> None:
    if not request.user.has_perm("review.review_post"):
        raise NotPermitted("only registered principals may review posts", permission="review.review_post")


def _visible(request: HttpRequest, task_id: int) -> ReviewTask:
    _require_reviewer(request)
    task = selectors.review_task_get(task_id=task_id, reviewer=request.user)
    if task is None:
        if ReviewTask.objects.filter(pk=task_id).exists():
            raise NotPermitted("this review belongs to another branch, or to your own post")
        raise Http404("no such review")
    return task


def _routing_out(p: RoutingPolicy | None) -> RoutingOut:
    if p is None:
        active = services.routing_policy_active()
        return RoutingOut(version=active.version, rules=[], assignment=str(active.assignment),
                          default_sla_minutes=active.default_sla_minutes,
                          supervisor_escalation_minutes=active.supervisor_escalation_minutes, created_at=None)
    return RoutingOut(version=p.version, rules=p.rules, assignment=p.assignment,
                      default_sla_minutes=p.default_sla_minutes,
                      supervisor_escalation_minutes=p.supervisor_escalation_minutes, created_at=p.created_at)


def build_router() -> Router:
    """A fresh router (a ninja router can be mounted on one API only; tests mount their own)."""
    router = Router(tags=["review"])

    @router.get("/queue", response=QueueOut, summary="The caller's review queue, earliest due first",
                description="`counts` are exact up to `counts.cap`; a count above it means more than the cap.")
    def queue(request: HttpRequest, show: str = "all", limit: int = 50) -> QueueOut:
        _require_reviewer(request)
        rows = selectors.review_queue_list(reviewer=request.user, mine_only=show == "mine",
                                           limit=max(1, min(limit, 200)))
        return QueueOut(counts=selectors.review_queue_counts(reviewer=request.user),
                        items=[task_out(t) for t in rows])

    @router.post("/next", response={200: TaskOut, 204: None}, summary="Claim and return the next review")
    def next_item(request: HttpRequest) -> Status[Any]:
        task = services.review_task_next(reviewer=request.user)
        if task is None:
            return Status(204, None)
        return Status(200, task_out(selectors.review_task_get(task_id=task.pk, reviewer=request.user) or task))

    @router.get("/breaching", response=list[TaskOut], summary="Overdue or due within `within` minutes")
    def breaching(request: HttpRequest, within: int = 15) -> list[TaskOut]:
        _require_reviewer(request)
        rows = selectors.review_breaching(reviewer=request.user, within_minutes=max(0, min(within, 24 * 60)))
        return [task_out(t) for t in rows[:200]]

    @router.get("/tasks/{task_id}/detail", response=TaskOut, summary="One review (opening it records nothing)")
    def detail(request: HttpRequest, task_id: int) -> TaskOut:
        return task_out(_visible(request, task_id))

    @router.post("/tasks/{task_id}/claim", response=TaskOut)
    def claim(request: HttpRequest, task_id: int) -> TaskOut:
        _visible(request, task_id)
        services.review_task_claim(task_id=task_id, reviewer=request.user)
        return task_out(_visible(request, task_id))

    @router.post("/tasks/{task_id}/release", response=TaskOut)
    def release(request: HttpRequest, task_id: int) -> TaskOut:
        _visible(request, task_id)
        services.review_task_release(task_id=task_id, reviewer=request.user)
        return task_out(_visible(request, task_id))

    @router.post("/tasks/{task_id}/decide", response=TaskOut, summary="Approve, reject or request changes")
    def decide(request: HttpRequest, task_id: int, payload: DecisionIn) -> TaskOut:
        _visible(request, task_id)
        if payload.action == "approve":
            services.review_task_approve(task_id=task_id, reviewer=request.user, note=payload.reason)
        elif payload.action == "reject":
            services.review_task_reject(task_id=task_id, reviewer=request.user, reason=payload.reason,
                                        reason_code=payload.reason_code)
        else:
            services.review_task_request_changes(task_id=task_id, reviewer=request.user, reason=payload.reason,
                                                 reason_code=payload.reason_code)
        return task_out(_visible(request, task_id))

    @router.post("/bulk-approve", response=BulkOut, summary="Approve every identical submission (same hash)")
    def bulk(request: HttpRequest, payload: BulkIn) -> BulkOut:
        result = services.review_tasks_approve_bulk(reviewer=request.user, version_hash=payload.version_hash,
                                                    note=payload.note)
        return BulkOut(approved=result.approved, skipped=result.skipped)

    @router.post("/posts/{post_id}/override", response=TaskOut, summary="Override the engine's reject")
    def override(request: HttpRequest, post_id: int, payload: ReasonIn) -> TaskOut:
        task = services.review_verdict_override(post_id=post_id, actor=request.user, reason=payload.reason)
        task = ReviewTask.objects.select_related("post", "post__author", "version", "branch", "assigned_to",
                                                 "claimed_by", "decided_by").get(pk=task.pk)
        return task_out(task)

    @router.get("/posts/{post_id}/comments", response=list[CommentOut])
    def comments(request: HttpRequest, post_id: int) -> list[CommentOut]:
        from clearpost.posts.models import Post

        post = Post.objects.select_related("author").filter(pk=post_id).first()
        if post is None or not services.may_comment(post, request.user):
            raise Http404("no such post")
        return [CommentOut(id=c.pk, author=c.author.username, body=c.body,
                           version=c.version.number if c.version else None, created_at=c.created_at)
                for c in selectors.review_comments(post_id=post_id)]

    @router.post("/posts/{post_id}/comments", response={201: CommentOut})
    def comment_add(request: HttpRequest, post_id: int, payload: CommentIn) -> Status[CommentOut]:
        c = services.review_comment_add(post_id=post_id, actor=request.user, body=payload.body)
        return Status(201, CommentOut(id=c.pk, author=request.user.username, body=c.body,
                               version=c.version.number if c.version else None, created_at=c.created_at))

    @router.get("/routing", response=RoutingOut, summary="The active routing policy")
    def routing(request: HttpRequest) -> RoutingOut:
        if not (services.may_manage_routing(request.user) or request.user.has_perm("review.review_post")):
            raise NotPermitted("only compliance and principals may read the routing policy")
        return _routing_out(RoutingPolicy.objects.filter(active=True).first())

    @router.post("/routing", response={201: RoutingOut}, summary="Publish a new routing-policy version")
    def routing_publish(request: HttpRequest, payload: RoutingIn) -> Status[RoutingOut]:
        policy = services.routing_policy_publish(
            actor=request.user, rules=[r.dict() for r in payload.rules], assignment=payload.assignment,
            default_sla_minutes=payload.default_sla_minutes,
            supervisor_escalation_minutes=payload.supervisor_escalation_minutes, note=payload.note)
        return Status(201, _routing_out(policy))

    @router.get("/reasons", response=list[RejectionReasonIO])
    def reasons(request: HttpRequest) -> list[RejectionReasonIO]:
        return [RejectionReasonIO(code=r.code, label=r.label, active=r.active)
                for r in RejectionReason.objects.all()]

    @router.post("/reasons", response={201: RejectionReasonIO})
    def reason_save(request: HttpRequest, payload: RejectionReasonIO) -> Status[RejectionReasonIO]:
        r = services.rejection_reason_save(actor=request.user, code=payload.code, label=payload.label,
                                           active=payload.active)
        return Status(201, RejectionReasonIO(code=r.code, label=r.label, active=r.active))

    @router.get("/notifications", response=list[NotificationOut])
    def notifications(request: HttpRequest, unread: bool = False) -> list[NotificationOut]:
        rows = Notification.objects.filter(recipient=request.user)
        if unread:
            rows = rows.filter(read_at__isnull=True)
        return [NotificationOut(id=n.pk, kind=n.kind, title=n.title, body=n.body, url=n.url, post_id=n.post_id,
                                read=n.read_at is not None, created_at=n.created_at) for n in rows[:200]]

    @router.post("/notifications/read", response=dict[str, int])
    def notifications_read(request: HttpRequest) -> dict[str, int]:
        return {"marked": notification_mark_read(recipient=request.user)}

    @router.get("/measures", response=MeasuresOut, summary="Turnaround, queue depth, reasons, overrides")
    def measures(request: HttpRequest, since: datetime | None = None, until: datetime | None = None
                 ) -> MeasuresOut:
        if not (services.may_manage_routing(request.user) or request.user.has_perm("archive.search_archive")):
            raise NotPermitted("only compliance and auditors may read review measures")

        def rows(group_by: str) -> list[TurnaroundOut]:
            return [TurnaroundOut(key=r[group_by], count=r["count"], median_seconds=r["median_seconds"],
                                  p90_seconds=r["p90_seconds"])
                    for r in selectors.review_turnaround(group_by=group_by, since=since, until=until)]

        return MeasuresOut(turnaround_by_principal=rows("principal"), turnaround_by_branch=rows("branch"),
                           rejection_reasons=selectors.rejection_reason_counts(since=since),
                           overrides=selectors.override_list(since=since),
                           queue_depth=selectors.queue_depth_series(since=since))

    return router


router = build_router()
