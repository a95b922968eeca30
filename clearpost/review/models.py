"""Review: the firm's routing policy (definition) apart from review tasks (runtime state).

A task belongs to one immutable post version and its hash; an edit voids it. Opening a task records nothing:
only a decision is evidence of review (FINRA 2210(b)(1))."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from clearpost.review.choices import Assignment, NotificationKind, ReviewPurpose, ReviewStatus


class RoutingPolicy(models.Model):
    """One immutable version of the firm's routing policy: per network × content kind, whether a post needs a
    principal's pre-approval (FINRA 2210(b)(1)), may be approved automatically when the engine finds nothing,
    or goes to post-review sampling (interactive content, Reg. Notice 17-18). A change is a new version; every
    automatic approval names the version it relied on."""

    version = models.PositiveIntegerField(unique=True)
    rules = models.JSONField(default=list, help_text="[{network, kind, route, sla_minutes, sample_percent}]")
    assignment = models.CharField(max_length=16, choices=Assignment.choices, default=Assignment.LEAST_LOADED)
    default_sla_minutes = models.PositiveIntegerField(default=60)
    supervisor_escalation_minutes = models.PositiveIntegerField(
        default=60, help_text="After the SLA and a backup principal's turn, how long before supervisors hear.")
    active = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=Q(active=True), name="one_active_routing_policy"),
        ]

    def __str__(self) -> str:
        return f"routing policy v{self.version}"


class ReviewTask(models.Model):
    """A review of one exact post version. `automatic` approvals have no human reviewer and must name the
    routing-policy version and engine verdict they rest on (`policy_basis`); every other decision names its
    principal (FINRA 2210(b)(1): who approved what, when)."""

    post = models.ForeignKey("posts.Post", on_delete=models.PROTECT, related_name="review_tasks")
    version = models.ForeignKey("posts.PostVersion", on_delete=models.PROTECT, related_name="review_tasks")
    version_hash = models.CharField(max_length=64)
    purpose = models.CharField(max_length=16, choices=ReviewPurpose.choices, default=ReviewPurpose.PRE_APPROVAL)
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN, db_index=True)
    # Copies of the post's author, branch and network at opening: the queue filters on them without joins.
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    branch = models.ForeignKey("accounts.OrgUnit", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    network = models.CharField(max_length=16, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_reviews"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    # True when the assignee sits outside the post's branch (backup, region or head office): lets the queue find
    # "assigned to me from elsewhere" with a small partial index instead of scanning all of a principal's work.
    assigned_outside_branch = models.BooleanField(default=False)
    claimed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    claimed_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    escalated_at = models.DateTimeField(null=True, blank=True)
    automatic = models.BooleanField(default=False)
    policy_basis = models.JSONField(default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="decided_reviews"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason_code = models.CharField(max_length=48, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at"]
        permissions = [
            ("review_post", "Can approve or reject posts as a registered principal"),
            ("override_verdict", "Can override the engine's reject verdict, with a reason"),
            ("manage_routing", "Can change the review routing policy and rejection reasons"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["post"], condition=Q(status="open"), name="one_open_review_per_post"),
            models.CheckConstraint(
                condition=Q(status="open") | Q(status="voided") | Q(decided_by__isnull=False)
                | Q(automatic=True, status="approved"),
                name="decision_names_its_reviewer",
            ),
            models.CheckConstraint(
                condition=Q(automatic=False)
                | Q(status="approved", decided_by__isnull=True, decided_at__isnull=False),
                name="automatic_is_an_unattended_approval",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["status", "assigned_to", "due_at"], name="review_task_mine"),
            # A branch's queue in due order, carrying the author for the four-eyes filter: the queue page and its
            # counts are index-only scans that stop after a page (or a capped count). Not partial: SQLite cannot
            # match `status = %s` (a bound parameter) to an index's WHERE clause.
            models.Index(fields=["status", "branch", "due_at", "author"], name="review_task_branch_due"),
            models.Index(fields=["status", "due_at"], name="review_task_due"),
            models.Index(fields=["version_hash", "status"], name="review_task_hash"),
            models.Index(fields=["decided_at"], name="review_task_decided"),
            models.Index(fields=["assigned_to", "due_at"], condition=Q(status="open", assigned_outside_branch=True),
                         name="review_task_outside"),
            models.Index(fields=["claimed_by"], condition=Q(status="open"), name="review_task_claimed"),
        ]

    def __str__(self) -> str:
        return f"review {self.pk} of post {self.post_id} ({self.status})"


class ReviewerState(models.Model):
    """Per-principal assignment state: the round-robin cursor and availability (out of office)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE,
                                related_name="reviewer_state")
    last_assigned_at = models.DateTimeField(null=True, blank=True)
    available = models.BooleanField(default=True)


class RejectionReason(models.Model):
    """A reason from the list compliance maintains; a decision cites one and may add free text."""

    code = models.SlugField(max_length=48, unique=True)
    label = models.CharField(max_length=200)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class ReviewComment(models.Model):
    """The thread between principals and the advisor about a post; archived as correspondence."""

    post = models.ForeignKey("posts.Post", on_delete=models.PROTECT, related_name="review_comments")
    version = models.ForeignKey("posts.PostVersion", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["post", "created_at"])]


class VerdictOverride(models.Model):
    """A compliance admin's override of the engine's `reject`: the post goes to a principal anyway. The
    override never approves by itself (four-eyes still applies)."""

    post = models.ForeignKey("posts.Post", on_delete=models.PROTECT, related_name="verdict_overrides")
    version = models.ForeignKey("posts.PostVersion", on_delete=models.PROTECT, related_name="+")
    overridden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    engine_verdict = models.CharField(max_length=16)
    engine_policy_version = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)


class Notification(models.Model):
    """An in-app notice (also e-mailed). Decisions always reach the advisor."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=16, choices=NotificationKind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    post = models.ForeignKey("posts.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox")]


class QueueDepthSnapshot(models.Model):
    """Queue depth over time, for analytics."""

    taken_at = models.DateTimeField(db_index=True)
    open_count = models.PositiveIntegerField()
    overdue_count = models.PositiveIntegerField()
    breaching_soon = models.PositiveIntegerField()
    by_branch = models.JSONField(default=dict)

    class Meta:
        ordering = ["-taken_at"]
