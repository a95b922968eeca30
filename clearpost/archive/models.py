from __future__ import annotations

from django.conf import settings
from django.db import models

# Columns of ArchiveRecord a sanctioned disposition may change; every other column is frozen (the triggers in
# migration 0003 compare them all).
DISPOSABLE_COLUMNS = ("body", "disposed_at")


class ArchiveRecord(models.Model):
    """One book-or-record, written once (SEC 17a-4(f), FINRA 4511).

    `body` holds the canonical JSON bytes that were hashed, so every record can be re-created byte-identical;
    `content_hash` is SHA-256 of `body`, `chain_hash` is SHA-256 over the previous chain hash and this content
    hash. The database refuses UPDATE and DELETE on this table (triggers in migrations 0002/0003) except the
    one sanctioned disposition: once the record's retention has run out and no legal hold covers it, its
    `body` may be emptied (a tombstone: hashes and metadata stay, so the chain still verifies) provided a
    `DispositionItem` row names it (see `clearpost.archive.disposition`)."""

    seq = models.BigIntegerField(primary_key=True)
    record_class = models.CharField(max_length=32, db_index=True)
    # Fixed at write time (FINRA 4511(b), 17a-4(b)): the period may change, the class a record belongs to never.
    retention_class = models.CharField(max_length=32, default="default")
    event_type = models.CharField(max_length=64, db_index=True)
    occurred_at = models.DateTimeField()
    captured_at = models.DateTimeField(db_index=True)
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
    direction = models.CharField(max_length=8, blank=True, default="")
    verdict = models.CharField(max_length=16, blank=True, default="")
    # A correction is a new record pointing at the one it corrects; the original stays (17a-4(f) audit trail).
    references_seq = models.BigIntegerField(null=True, blank=True)
    body = models.TextField()
    content_hash = models.CharField(max_length=64)
    chain_hash = models.CharField(max_length=64)
    disposed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["seq"]
        permissions = [
            ("search_archive", "Can search and view archive records"),
            ("export_archive", "Can export archive production sets"),
            ("manage_retention", "Can manage retention classes, legal holds and dispositions"),
            ("view_access_log", "Can read the archive access log"),
        ]
        indexes = [
            models.Index(fields=["advisor", "seq"]),
            models.Index(fields=["occurred_at"]),
            models.Index(fields=["branch_id", "seq"], name="archive_rec_branch_seq"),
        ]

    @property
    def is_tombstone(self) -> bool:
        return self.disposed_at is not None


class ArchiveHead(models.Model):
    """The single row that serialises appends: it holds the last sequence number and chain hash."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    chain_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="archive_head_singleton")]


class RetentionClass(models.Model):
    """How long a class of records is kept (SEC 17a-4(b)(4): 3 years; FINRA 4511: 6 by default; complaints 4;
    investment advisers 5). Compliance admins set the periods; `record_classes` says which record classes a
    new record of no explicit class falls into. A record's class is fixed when it is written."""

    code = models.SlugField(max_length=32, primary_key=True)
    name = models.CharField(max_length=100)
    years = models.PositiveSmallIntegerField()
    record_classes = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.CheckConstraint(condition=models.Q(years__gte=1), name="retention_at_least_a_year")]

    def __str__(self) -> str:
        return f"{self.name} ({self.years} y)"


class LegalHold(models.Model):
    """Records a matter needs kept beyond retention: by advisor, branch, date range and/or a search query (all
    given criteria must match). Created and released by a compliance admin with a reason; both are archived."""

    name = models.CharField(max_length=200)
    reason = models.TextField()
    advisor_id = models.BigIntegerField(null=True, blank=True)
    branch_id = models.BigIntegerField(null=True, blank=True)
    since = models.DateTimeField(null=True, blank=True)
    until = models.DateTimeField(null=True, blank=True)
    query = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.released_at is None


class Disposition(models.Model):
    """One run of the disposition job. Its primary key is the sequence number of the certificate record it
    wrote into the chain, so the certificate and the run cannot be told apart. Insert-only (triggers)."""

    certificate_seq = models.BigIntegerField(primary_key=True)
    performed_at = models.DateTimeField()
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveIntegerField()


class DispositionItem(models.Model):
    """The licence for one record's tombstone: the append-only trigger lets a record's body be emptied only
    when a row here names it. Insert-only (triggers)."""

    seq = models.BigIntegerField(primary_key=True)
    disposition = models.ForeignKey(Disposition, on_delete=models.PROTECT, related_name="items")


class CheckpointWritten(models.Model):
    """The database's own note of each checkpoint file written (its sequence number and SHA-256), so `archive
    verify` notices when the newest file goes missing, which the chain of files alone cannot show. Insert-only
    (triggers)."""

    seq = models.BigIntegerField(primary_key=True)
    file_sha256 = models.CharField(max_length=64)
    written_at = models.DateTimeField()


class AccessAction(models.TextChoices):
    SEARCH = "search", "Search"
    VIEW = "view", "Record view"
    EXPORT = "export", "Export"
    REPLICA_VERIFY = "replica_verify", "Replica verification"
    # Not a read: an UPDATE/DELETE the database refused (see refusals.py), kept in the same insert-only log.
    REFUSED_CHANGE = "refused_change", "Refused change"


class ArchiveAccess(models.Model):
    """Who read what in the archive, when (17a-4(f) audit trail of access; FINRA 4511). Insert-only."""

    at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )
    action = models.CharField(max_length=16, choices=AccessAction.choices)
    query = models.CharField(max_length=500, blank=True)
    filters = models.JSONField(default=dict, blank=True)
    # Which records were shown or exported: sequence ranges [[first, last], ...], compact for large exports.
    seq_ranges = models.JSONField(default=list, blank=True)
    record_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["at"])]
