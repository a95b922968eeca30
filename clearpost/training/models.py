from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Course(models.Model):
    """A training course. Its content lives in versions; a completion belongs to the version taken."""

    code = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.title


class CourseVersion(models.Model):
    """One immutable version of a course: what the advisor read and attested to."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.TextField(help_text="The course text, or a link to it.")
    attestation_text = models.TextField()
    validity_months = models.PositiveIntegerField(default=12)
    unlocks = models.JSONField(default=list, help_text='e.g. [{"network": "linkedin", "level": "compose"}]')
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["course", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="unique_course_version"),
            models.CheckConstraint(condition=Q(validity_months__gte=1), name="course_validity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.course} v{self.number}"


class Completion(models.Model):
    """An advisor's completion of a course version, with the attestation they gave (who, what, when)."""

    advisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="completions")
    course_version = models.ForeignKey(CourseVersion, on_delete=models.PROTECT, related_name="completions")
    completed_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    source = models.CharField(max_length=16)
    attestation = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-completed_at"]
        constraints = [
            # Importing the same file twice changes nothing.
            models.UniqueConstraint(fields=["advisor", "course_version", "completed_at"], name="unique_completion"),
        ]
