from __future__ import annotations

from django.conf import settings
from django.db import models


class ArchiveRecord(models.Model):
    """One book-or-record, written once (SEC 17a-4(f), FINRA 4511).

    `body` holds the canonical JSON bytes that were hashed, so every record can be re-created byte-identical;
    `content_hash` is SHA-256 of `body`, `chain_hash` is SHA-256 over the previous chain hash and this content
    hash. The database refuses UPDATE and DELETE on this table (triggers in migration 0002)."""

    seq = models.BigIntegerField(primary_key=True)
    record_class = models.CharField(max_length=32, db_index=True)
    event_type = models.CharField(max_length=64, db_index=True)
    occurred_at = models.DateTimeField()
    captured_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )
    branch_id = models.BigIntegerField(null=True, blank=True)
    network = models.CharField(max_length=16, blank=True)
    account_id = models.BigIntegerField(null=True, blank=True)
    post_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    body = models.TextField()
    content_hash = models.CharField(max_length=64)
    chain_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        permissions = [
            ("search_archive", "Can search and view archive records"),
            ("export_archive", "Can export archive production sets"),
        ]
        indexes = [models.Index(fields=["advisor", "seq"]), models.Index(fields=["occurred_at"])]


class ArchiveHead(models.Model):
    """The single row that serialises appends: it holds the last sequence number and chain hash."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    chain_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="archive_head_singleton")]
