from __future__ import annotations

from django.db import models


class SandboxAccount(models.Model):
    """A member of a sandbox network: what the real network's user would be."""

    network = models.CharField(max_length=16)
    handle = models.CharField(max_length=100)
    display_name = models.CharField(max_length=150, blank=True)
    access_token = models.CharField(max_length=128, unique=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["network", "handle"], name="sandbox_unique_handle")]

    def __str__(self) -> str:
        return f"@{self.handle} ({self.network})"


class SandboxPost(models.Model):
    account = models.ForeignKey(SandboxAccount, on_delete=models.CASCADE, related_name="posts")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
