from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from clearpost.connectors.choices import AccountStatus, Network
from clearpost.connectors.tokens import decrypt_token
from clearpost.core.models import TimeStamped


class NetworkAccount(TimeStamped):
    """An advisor's account on a network, linked through the network's OAuth flow. Tokens are encrypted with
    a key kept outside the database (CLEARPOST_TOKEN_KEY)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="network_accounts")
    network = models.CharField(max_length=16, choices=Network.choices)
    external_id = models.CharField(max_length=64, blank=True, help_text="The network's user id, once known.")
    handle = models.CharField(max_length=100)
    display_name = models.CharField(max_length=150, blank=True)
    status = models.CharField(max_length=20, choices=AccountStatus.choices, default=AccountStatus.PENDING_APPROVAL)
    access_token_encrypted = models.TextField()
    refresh_token_encrypted = models.TextField(blank=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["network", "handle"], condition=~Q(status=AccountStatus.UNLINKED),
                name="one_live_link_per_network_account",
            )
        ]

    def __str__(self) -> str:
        return f"@{self.handle} on {self.get_network_display()}"

    @property
    def access_token(self) -> str:
        return decrypt_token(self.access_token_encrypted)


class ProfileSnapshot(models.Model):
    """What an account's profile said when it was linked or last re-fetched. The profile is static content:
    compliance approves it before first use, and any change needs approval again (FINRA RN 10-06, 17-18)."""

    account = models.ForeignKey(NetworkAccount, on_delete=models.PROTECT, related_name="snapshots")
    profile = models.JSONField()
    profile_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=16, default="pending",
                              choices=[("pending", "Pending approval"), ("approved", "Approved"),
                                       ("rejected", "Rejected")])
    taken_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-taken_at", "-id"]
        permissions = [("approve_accounts", "Can approve linked accounts and their profiles")]
