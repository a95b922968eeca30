from __future__ import annotations

from django.db import models

from clearpost.core.models import TimeStamped
from clearpost.publishing.choices import AttemptOutcome, CaptureSource, DeliveryStatus, InteractionKind


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
    withdrawn_at = models.DateTimeField(null=True, blank=True)
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


class AccountGate(models.Model):
    """Per account: the end of the rate-limit window the network announced (`not_before`, never call before
    it) and a lease so that only one worker talks to the network for this account at a time — a second
    concurrent call could land inside a window the first one has just been told about."""

    account = models.OneToOneField("connectors.NetworkAccount", on_delete=models.CASCADE, related_name="gate")
    not_before = models.DateTimeField(null=True, blank=True)
    busy_by = models.CharField(max_length=64, blank=True)
    busy_until = models.DateTimeField(null=True, blank=True)


class CaptureCursor(TimeStamped):
    """Where inbound capture stopped for one account; only moved forward after the items are stored."""

    account = models.OneToOneField("connectors.NetworkAccount", on_delete=models.CASCADE,
                                   related_name="capture_cursor")
    cursor = models.CharField(max_length=128, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)


class InboundInteraction(TimeStamped):
    """One captured inbound item (FINRA 17-18 / 11-39: interactive content is supervised like
    correspondence), with its original payload and the policy engine's screening, for the supervision queue."""

    account = models.ForeignKey("connectors.NetworkAccount", on_delete=models.PROTECT, related_name="interactions")
    network = models.CharField(max_length=16)
    kind = models.CharField(max_length=16, choices=InteractionKind.choices)
    source = models.CharField(max_length=16, choices=CaptureSource.choices, default=CaptureSource.API)
    external_id = models.CharField(max_length=128)
    in_reply_to = models.CharField(max_length=128, blank=True)
    delivery = models.ForeignKey(Delivery, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="interactions")
    author_id = models.CharField(max_length=128, blank=True)
    author_handle = models.CharField(max_length=150, blank=True)
    text = models.TextField()
    occurred_at = models.CharField(max_length=40, blank=True, help_text="as the network gave it")
    payload = models.JSONField(default=dict)
    verdict = models.CharField(max_length=16, blank=True, db_index=True)
    screening = models.JSONField(default=dict)
    archive_record_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "external_id"], name="one_capture_per_item")]
        ordering = ["-created_at", "-id"]


class CaptureAlert(TimeStamped):
    """A capture gap: an account that could not be polled (expired token, failing network). Open until a
    later poll of that account succeeds; never silent."""

    account = models.ForeignKey("connectors.NetworkAccount", on_delete=models.PROTECT, related_name="capture_alerts")
    reason = models.CharField(max_length=32)
    detail = models.TextField()
    failures = models.PositiveIntegerField(default=1)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account"], condition=models.Q(resolved_at__isnull=True),
                                               name="one_open_capture_alert_per_account")]


class DeliveryMetrics(models.Model):
    """Engagement of one published post as the network last reported it (for analytics); refreshed on a
    schedule, overwritten in place (a measurement, not a record)."""

    delivery = models.OneToOneField(Delivery, on_delete=models.CASCADE, related_name="metrics")
    likes = models.PositiveIntegerField(default=0)
    reposts = models.PositiveIntegerField(default=0)
    comments = models.PositiveIntegerField(default=0)
    impressions = models.PositiveIntegerField(default=0)
    refreshed_at = models.DateTimeField()
