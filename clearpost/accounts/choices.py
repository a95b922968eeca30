from django.db import models


class Role(models.TextChoices):
    """The firm's roles; each is a Django group holding a permission set (see roles.py)."""

    ADVISOR = "advisor", "Advisor"
    PRINCIPAL = "principal", "Principal"
    SUPERVISOR = "supervisor", "Supervisor"
    COMPLIANCE_ADMIN = "compliance_admin", "Compliance admin"
    AUDITOR = "auditor", "Auditor"
    ADMIN = "admin", "Administrator"


class OrgUnitKind(models.TextChoices):
    REGION = "region", "Region"
    BRANCH = "branch", "Branch"


class Registration(models.TextChoices):
    """FINRA principal registrations; which ones may approve retail communications is firm policy."""

    SERIES_24 = "series_24", "Series 24 — General Securities Principal"
    SERIES_9_10 = "series_9_10", "Series 9/10 — General Securities Sales Supervisor"
    SERIES_26 = "series_26", "Series 26 — Investment Company Products Principal"
