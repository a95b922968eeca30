from django.db import models


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Open"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    VOIDED = "voided", "Voided"


class ReviewPurpose(models.TextChoices):
    """Why a task exists: approval before use (FINRA 2210(b)(1)) or supervision after the fact (FINRA 3110,
    Reg. Notice 17-18 for interactive content)."""

    PRE_APPROVAL = "pre_approval", "Pre-approval"
    POST_REVIEW = "post_review", "Post-review sample"


class Route(models.TextChoices):
    """What the firm's routing policy says for one network × content kind."""

    PRE_APPROVAL = "pre_approval", "Always a principal's pre-approval"
    AUTO_IF_CLEAN = "auto_if_clean", "Automatic approval when the engine approves; otherwise a principal"
    POST_REVIEW = "post_review", "No pre-approval when the engine approves; sampled for post-review"


class Assignment(models.TextChoices):
    ROUND_ROBIN = "round_robin", "Round-robin"
    LEAST_LOADED = "least_loaded", "Least loaded"


class NotificationKind(models.TextChoices):
    DECISION = "decision", "Decision on a post"
    COMMENT = "comment", "Comment"
    ASSIGNED = "assigned", "Review assigned"
    ESCALATED = "escalated", "Review escalated"
    DIGEST = "digest", "Queue digest"
