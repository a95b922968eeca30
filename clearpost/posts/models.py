from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from clearpost.connectors.choices import Network
from clearpost.core.models import TimeStamped
from clearpost.posts.choices import ContentKind, PostStatus


class Post(TimeStamped):
    """A communication an advisor wants to publish to one network account. Its text lives in immutable
    versions; `current_version` is the one under review or approved."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    network = models.CharField(max_length=16, choices=Network.choices)
    account = models.ForeignKey(
        "connectors.NetworkAccount", null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )
    kind = models.CharField(max_length=24, choices=ContentKind.choices, default=ContentKind.COMPOSED)
    status = models.CharField(max_length=20, choices=PostStatus.choices, default=PostStatus.DRAFT, db_index=True)
    current_version = models.ForeignKey(
        "posts.PostVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scheduled_for = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("compose_post", "Can compose and submit posts")]
        indexes = [models.Index(fields=["author", "-created_at"])]

    def __str__(self) -> str:
        return f"Post {self.pk} ({self.get_status_display()})"


class PostVersion(models.Model):
    """One immutable text of a post. Approvals belong to a version and its hash; an edit makes a new one."""

    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    content_hash = models.CharField(max_length=64)
    screening = models.JSONField(default=dict, help_text="The policy engine's result for this exact text.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "number"]
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="unique_post_version_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="post_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"v{self.number} of post {self.post_id}"
