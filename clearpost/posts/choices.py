from django.db import models


class PostStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    REJECTED = "rejected", "Rejected"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHING = "publishing", "Publishing"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ContentKind(models.TextChoices):
    COMPOSED = "composed", "Composed post"
    LIBRARY = "library", "Library item, unchanged"
    LIBRARY_WITH_NOTE = "library_with_note", "Library item with a personal note"
    REPLY = "reply", "Reply to a comment"
    PROFILE = "profile", "Profile change"
