from django.db import models


class ItemKind(models.TextChoices):
    INBOUND = "inbound", "Inbound message"
    SAMPLED_POST = "sampled_post", "Sampled published post"
    ALERT = "alert", "Alert"


class ItemStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ItemAction(models.TextChoices):
    """What a supervisor did: the evidence of review (FINRA 3110(b)). Opening an item is not one of them."""

    REVIEWED = "reviewed", "Closed as reviewed"
    ESCALATED = "escalated", "Escalated to compliance"
    COMPLAINT_OPENED = "complaint_opened", "Opened a complaint"
    ADVISOR_ASKED_OFFLINE = "advisor_asked_offline", "Asked the advisor to respond offline via an approved channel"


class AlertKind(models.TextChoices):
    OFF_CHANNEL = "off_channel", "Off-channel communication"
    PROFILE_CHANGED = "profile_changed", "Profile changed without approval"
    CAPTURE_GAP = "capture_gap", "Capture gap"
    LAPSED_TRAINING_SCHEDULED = "lapsed_training_scheduled", "Lapsed training with posts scheduled"


class ComplaintStatus(models.TextChoices):
    OPEN = "open", "Open"
    UNDER_REVIEW = "under_review", "Under review"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


class ProblemCode(models.TextChoices):
    """The firm's complaint problem categories; the export maps each to the firm's FINRA 4530 problem code."""

    UNAUTHORIZED_TRADING = "unauthorized_trading", "Unauthorized trading or transfer"
    UNSUITABLE = "unsuitable", "Unsuitable recommendation"
    MISREPRESENTATION = "misrepresentation", "Misrepresentation or omission"
    FEES = "fees", "Fees, commissions or charges"
    SERVICE = "service", "Service: delays, instructions not followed, errors"
    THEFT = "theft", "Theft or misappropriation of funds or securities"
    FORGERY = "forgery", "Forgery"
    PRIVACY = "privacy", "Privacy: records sent to the wrong person"
    OTHER = "other", "Other"


# FINRA 4530(a)(1)(B): a written customer complaint alleging theft, misappropriation or forgery is reported
# within 30 calendar days of the firm learning of it.
THIRTY_DAY_PROBLEMS = {ProblemCode.THEFT, ProblemCode.FORGERY}


class ProductCode(models.TextChoices):
    EQUITY = "equity", "Equities"
    FIXED_INCOME = "fixed_income", "Fixed income"
    MUTUAL_FUND = "mutual_fund", "Mutual funds"
    ANNUITY = "annuity", "Annuities"
    OPTIONS = "options", "Options"
    MANAGED_ACCOUNT = "managed_account", "Managed accounts"
    CASH = "cash", "Cash and money movement"
    CRYPTO = "crypto", "Crypto assets"
    OTHER = "other", "Other"
