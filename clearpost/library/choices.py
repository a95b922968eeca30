from django.db import models


class ItemStatus(models.TextChoices):
    """A library item's lifecycle; the allowed moves are the one table in lifecycle.py."""

    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    EXPIRED = "expired", "Expired"
    RETIRED = "retired", "Retired"


class NotePosition(models.TextChoices):
    BEFORE = "before", "Before the item"
    AFTER = "after", "After the item"


class ShareStatus(models.TextChoices):
    QUEUED = "queued", "Queued (automatic share)"
    PROCESSING = "processing", "Being submitted"
    SUBMITTED = "submitted", "Submitted as a post"
    FAILED = "failed", "Not shared"


class CampaignMode(models.TextChoices):
    SUGGEST = "suggest", "Suggest to each member"
    AUTO = "auto", "Publish automatically for members who opted in; suggest to the others"


class CampaignStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    LAUNCHED = "launched", "Launched"
    CANCELLED = "cancelled", "Cancelled"
