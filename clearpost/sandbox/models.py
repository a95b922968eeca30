from __future__ import annotations

from django.db import models
from django.utils import timezone


class SandboxAccount(models.Model):
    """A member of a sandbox network: what the real network's user would be. Audience members are accounts too."""

    network = models.CharField(max_length=16)
    handle = models.CharField(max_length=100)
    display_name = models.CharField(max_length=150, blank=True)
    access_token = models.CharField(max_length=128, unique=True)
    is_audience = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "handle"], name="sandbox_unique_handle")]

    def __str__(self) -> str:
        return f"@{self.handle} ({self.network})"


class SandboxPost(models.Model):
    """A tweet, a status or a LinkedIn share (a comment when `in_reply_to` is set)."""

    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE, related_name="posts")
    network = models.CharField(max_length=16, default="x", db_index=True)
    text = models.TextField()
    in_reply_to = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    conversation_root = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                                          related_name="conversation")
    idempotency_key = models.CharField(max_length=128, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def conversation_id(self) -> int:
        return self.conversation_root_id or self.pk


class SandboxToken(models.Model):
    """A token issued by the sandbox's OAuth flows (seeded accounts also keep their static token)."""

    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE, related_name="tokens")
    kind = models.CharField(max_length=8)  # "access" | "refresh"
    token = models.CharField(max_length=128, unique=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)


class SandboxAuthCode(models.Model):
    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE)
    code = models.CharField(max_length=128, unique=True)
    client_id = models.CharField(max_length=128)
    redirect_uri = models.CharField(max_length=500)
    scope = models.CharField(max_length=300, blank=True)
    code_challenge = models.CharField(max_length=128, blank=True)
    expires_at = models.DateTimeField()
    used = models.BooleanField(default=False)


class SandboxFaults(models.Model):
    """Per-network switchable faults and rate limits. Probabilities are per API call (0..1)."""

    network = models.CharField(max_length=16, unique=True)
    p_rate_limit = models.FloatField(default=0)
    p_server_error = models.FloatField(default=0)
    p_timeout_before = models.FloatField(default=0)
    p_timeout_after = models.FloatField(default=0)
    p_slow = models.FloatField(default=0)
    p_duplicate = models.FloatField(default=0)
    reset_seconds = models.FloatField(default=2)
    timeout_seconds = models.FloatField(default=12, help_text="How long a 'timeout' answer sleeps.")
    slow_seconds = models.FloatField(default=0.3)
    rate_limit = models.PositiveIntegerField(default=300, help_text="calls per account per window")
    rate_window_seconds = models.FloatField(default=900)

    FIELDS = ("p_rate_limit", "p_server_error", "p_timeout_before", "p_timeout_after", "p_slow", "p_duplicate",
              "reset_seconds", "timeout_seconds", "slow_seconds", "rate_limit", "rate_window_seconds")


class SandboxRateState(models.Model):
    """One account's rate-limit window. `blocked_until` is the reset the network announced (by a 429 or by
    `remaining: 0`); a call before it is a violation."""

    account = models.OneToOneField(SandboxAccount, on_delete=models.CASCADE, related_name="rate")
    window_start = models.FloatField(default=0)
    count = models.PositiveIntegerField(default=0)
    blocked_until = models.FloatField(default=0)


class SandboxCall(models.Model):
    """Every API call the sandbox answered, so tests can count faults and rate-limit violations. Written once,
    when the answer is ready (one insert, not an insert and updates on every call); `at` is when it arrived."""

    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE, null=True, related_name="calls")
    network = models.CharField(max_length=16)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    status = models.PositiveIntegerField(default=0)
    fault = models.CharField(max_length=20, blank=True)
    violation = models.BooleanField(default=False, db_index=True)
    at = models.DateTimeField(default=timezone.now)
