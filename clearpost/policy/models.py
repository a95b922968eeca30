from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class PolicyRuleSet(models.Model):
    """A stored version of a rule set, identified by the hash of its content. Versions are never edited: a
    change is a new version, archived, and every screening result names the version it used."""

    version = models.CharField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    body = models.JSONField()
    active = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        permissions = [("manage_rules", "Can edit, import and activate policy rule sets")]
        constraints = [models.UniqueConstraint(fields=["active"], condition=Q(active=True), name="one_active_rule_set")]
