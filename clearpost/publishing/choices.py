from django.db import models


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    UNKNOWN = "unknown", "Outcome unknown (reconciling)"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"
    HELD = "held", "Held at send time"


class AttemptOutcome(models.TextChoices):
    PUBLISHED = "published", "Published"
    RECONCILED = "reconciled", "Found already published"
    TRANSIENT = "transient", "Transient error"
    AMBIGUOUS = "ambiguous", "Ambiguous (may have reached the network)"
    PERMANENT = "permanent", "Permanent error"
    HELD = "held", "Held by a send-time check"
