from __future__ import annotations

from django.db import models

from clearpost.core.models import TimeStamped
from clearpost.publishing.choices import AttemptOutcome, DeliveryStatus


class Delivery(TimeStamped):
    """The outbox row for one approved post version to one account. Written in the approval's transaction;
    the row, not the task queue, is the truth about what has been sent."""

    post = models.ForeignKey("posts.Post", on_delete=models.PROTECT, related_name="deliveries")
    version = models.ForeignKey("posts.PostVersion", on_delete=models.PROTECT, related_name="deliveries")
    account = models.ForeignKey("connectors.NetworkAccount", on_delete=models.PROTECT, related_name="deliveries")
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    external_id = models.CharField(max_length=64, blank=True)
    external_url = models.URLField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "account"], name="one_delivery_per_version_and_account"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, related_name="attempt_log")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    outcome = models.CharField(max_length=16, choices=AttemptOutcome.choices)
    http_status = models.PositiveIntegerField(null=True, blank=True)
    response = models.JSONField(default=dict)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["delivery", "number"]
