from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from clearpost.connectors.choices import Network
from clearpost.entitlements.choices import GrantStatus, Level, RequestStatus


class NetworkPolicy(models.Model):
    """Firm-wide default per network: the level every advisor gets, the features allowed, and the courses each
    level needs (training before access)."""

    network = models.CharField(max_length=16, choices=Network.choices, unique=True)
    default_level = models.CharField(max_length=16, choices=Level.choices, default=Level.NONE)
    features = models.JSONField(default=list, help_text="Allowed features, e.g. [\"post\", \"reply\"]")
    library_courses = models.JSONField(default=list, help_text="Course codes required for the library level")
    compose_courses = models.JSONField(default=list, help_text="Course codes required for the compose level")
    compose_min_followers = models.PositiveIntegerField(null=True, blank=True)


class Cohort(models.Model):
    """A named group (such as the X compose pilot) whose members get the levels it grants."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="cohorts")
    grants = models.JSONField(default=list, help_text='e.g. [{"network": "x", "level": "compose"}]')

    def __str__(self) -> str:
        return self.name


class AdvisorGrant(models.Model):
    """An explicit decision for one advisor and network: a grant above the default, or a suspension."""

    advisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grants")
    network = models.CharField(max_length=16, choices=Network.choices)
    level = models.CharField(max_length=16, choices=Level.choices)
    status = models.CharField(max_length=16, choices=GrantStatus.choices, default=GrantStatus.ACTIVE)
    reason = models.TextField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["advisor", "network"], condition=~Q(status="revoked"),
                                    name="one_live_grant_per_advisor_network"),
        ]


class EntitlementRequest(models.Model):
    """An advisor asks for a level; their supervisor endorses; compliance grants or refuses with a reason."""

    advisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_requests")
    network = models.CharField(max_length=16, choices=Network.choices)
    level = models.CharField(max_length=16, choices=Level.choices)
    justification = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=RequestStatus.choices, default=RequestStatus.REQUESTED)
    endorsed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    endorsed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["advisor", "network"], condition=Q(status__in=["requested", "endorsed"]),
                                    name="one_open_request_per_advisor_network"),
        ]
