from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from clearpost.supervision.choices import (
    AlertKind,
    ComplaintStatus,
    ItemAction,
    ItemKind,
    ItemStatus,
    ProblemCode,
    ProductCode,
)


class SupervisionItem(models.Model):
    """Something a supervisor must review: a flagged inbound message, a sampled published post, or an alert.
    It is closed only with a recorded action (FINRA 3110(b): evidence of who reviewed what, when, and what
    they did)."""

    kind = models.CharField(max_length=16, choices=ItemKind.choices)
    status = models.CharField(max_length=8, choices=ItemStatus.choices, default=ItemStatus.OPEN, db_index=True)
    advisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervised_items")
    branch = models.ForeignKey("accounts.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="supervision_queue")
    network = models.CharField(max_length=16, blank=True)
    text = models.TextField(blank=True, help_text="What was said, as captured.")
    verdict = models.CharField(max_length=16, blank=True)
    findings = models.JSONField(default=list)
    interaction_ref = models.CharField(max_length=120, blank=True,
                                       help_text="The captured interaction this item is about (network id).")
    thread = models.JSONField(default=list, help_text="The conversation around the item, oldest first.")
    post = models.ForeignKey("posts.Post", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    alert_kind = models.CharField(max_length=32, choices=AlertKind.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    due_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    action = models.CharField(max_length=24, choices=ItemAction.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | (Q(closed_by__isnull=False) & Q(closed_at__isnull=False) & ~Q(action="")),
                name="closed_item_has_recorded_action",
            ),
            models.UniqueConstraint(fields=["kind", "interaction_ref"], condition=~Q(interaction_ref=""),
                                    name="one_item_per_interaction"),
        ]
        indexes = [models.Index(fields=["assigned_to", "status", "due_at"])]


class ComplaintCase(models.Model):
    """A customer complaint with the fields FINRA 4530 reporting needs; kept 4 years (FINRA 4513)."""

    received_at = models.DateTimeField()
    customer_name = models.CharField(max_length=200)
    customer_reference = models.CharField(max_length=100, blank=True, help_text="Account, masked")
    advisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="complaints")
    branch = models.ForeignKey("accounts.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    product_code = models.CharField(max_length=24, choices=ProductCode.choices, default=ProductCode.OTHER)
    problem_code = models.CharField(max_length=24, choices=ProblemCode.choices, default=ProblemCode.OTHER)
    allegation = models.TextField()
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN)
    resolution = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    report_due_at = models.DateTimeField(null=True, blank=True,
                                         help_text="30-day individual report deadline (4530(a)(1)(B)), when it applies")
    reminded_at = models.DateTimeField(null=True, blank=True)
    source_item = models.OneToOneField(SupervisionItem, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="complaint")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        permissions = [("manage_complaints", "Can open, update and export complaint cases")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0),
                                   name="complaint_amount_positive"),
        ]


class SamplingPolicy(models.Model):
    """Daily sampling rates of published posts (FINRA 3110(b)(4) risk-based review), per advisor risk tier."""

    standard_rate = models.FloatField(default=0.05)
    new_advisor_rate = models.FloatField(default=0.25)
    new_advisor_days = models.PositiveIntegerField(default=90)
    recent_flag_rate = models.FloatField(default=0.5)
    recent_flag_days = models.PositiveIntegerField(default=30)
    skipped_preapproval_rate = models.FloatField(default=0.2)
    seed = models.CharField(max_length=64, default="clearpost")
    updated_at = models.DateTimeField(auto_now=True)


class SamplingDraw(models.Model):
    """One day's draw; the seed and the population make it reproducible by anyone."""

    day = models.DateField(unique=True)
    seed = models.CharField(max_length=100)
    population = models.PositiveIntegerField()
    sampled = models.PositiveIntegerField()
    drawn_at = models.DateTimeField(auto_now_add=True)
