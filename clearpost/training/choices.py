from django.db import models


class CompletionSource(models.TextChoices):
    IN_APP = "in_app", "Completed in Clearpost"
    LMS_IMPORT = "lms_import", "Imported from the learning system"


class TrainingState(models.TextChoices):
    NONE = "none", "Not trained"
    CURRENT = "current", "Current"
    EXPIRING = "expiring", "Expiring soon"
    LAPSED = "lapsed", "Lapsed"
