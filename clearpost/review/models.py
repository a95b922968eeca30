from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from clearpost.review.choices import ReviewStatus


class ReviewTask(models.Model):
    """A principal's review of one exact post version. Opening it records nothing; only a decision does
    (FINRA 2210(b)(1): evidence of who approved what, when)."""

    post = models.ForeignKey("posts.Post", on_delete=models.PROTECT, related_name="review_tasks")
    version = models.ForeignKey("posts.PostVersion", on_delete=models.PROTECT, related_name="review_tasks")
    version_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN, db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_reviews"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="decided_reviews"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at"]
        permissions = [
            ("review_post", "Can approve or reject posts as a registered principal"),
            ("override_verdict", "Can override the engine's reject verdict, with a reason"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["post"], condition=Q(status="open"), name="one_open_review_per_post"),
            models.CheckConstraint(
                condition=Q(status="open") | Q(status="voided") | Q(decided_by__isnull=False),
                name="decision_names_its_reviewer",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]
