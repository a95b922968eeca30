from django.db import models


class Level(models.TextChoices):
    """Ordered: each level includes the one before it."""

    NONE = "none", "No access"
    LIBRARY = "library", "Share library content only"
    COMPOSE = "compose", "Compose own posts"


LEVEL_ORDER = {Level.NONE: 0, Level.LIBRARY: 1, Level.COMPOSE: 2}


class Feature(models.TextChoices):
    POST = "post", "Post"
    REPLY = "reply", "Reply"
    COMMENT = "comment", "Comment"
    DIRECT_MESSAGE = "direct_message", "Direct message"
    ENDORSEMENT = "endorsement", "Endorsements / recommendations"


class GrantStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    REVOKED = "revoked", "Revoked"


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ENDORSED = "endorsed", "Endorsed by supervisor"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"
