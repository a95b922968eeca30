from django.db import models


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    UNKNOWN = "unknown", "Outcome unknown (reconciling)"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"
    HELD = "held", "Held at send time"
    WITHDRAWN = "withdrawn", "Withdrawn (deleted on the network)"


class AttemptOutcome(models.TextChoices):
    PUBLISHED = "published", "Published"
    RECONCILED = "reconciled", "Found already published"
    TRANSIENT = "transient", "Transient error"
    AMBIGUOUS = "ambiguous", "Ambiguous (may have reached the network)"
    PERMANENT = "permanent", "Permanent error"
    HELD = "held", "Held by a send-time check"
    RATE_LIMITED = "rate_limited", "Refused inside a rate-limit window"
    NOT_SENT = "not_sent", "Not sent (the claim's time ran short)"
    DELETED = "deleted", "Deleted on the network (withdrawal)"
    DELETE_FAILED = "delete_failed", "Deletion on the network failed"


class InteractionKind(models.TextChoices):
    REPLY = "reply", "Reply"
    MENTION = "mention", "Mention"
    COMMENT = "comment", "Comment"
    MESSAGE = "message", "Direct message"


class CaptureSource(models.TextChoices):
    API = "api", "Network API"
    IMPORT = "import", "Compliance feed / vendor export"
