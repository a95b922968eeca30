from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from clearpost.accounts.choices import OrgUnitKind, Registration, Role


class OrgUnit(models.Model):
    """A region or a branch. Supervisors assigned to a branch supervise its advisors (FINRA 3110(a))."""

    kind = models.CharField(max_length=16, choices=OrgUnitKind.choices)
    code = models.SlugField(max_length=32, unique=True)
    name = models.CharField(max_length=120)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    supervisors = models.ManyToManyField("accounts.User", blank=True, related_name="supervised_units")

    class Meta:
        ordering = ["code"]
        permissions = [("supervise_branch", "Can supervise a branch's advisors")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=OrgUnitKind.REGION, parent__isnull=True) | Q(kind=OrgUnitKind.BRANCH),
                name="region_has_no_parent",
            )
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person at the firm. Roles are groups; an advisor has a CRD number and a branch."""

    display_name = models.CharField(max_length=150, blank=True)
    crd_number = models.CharField("CRD number", max_length=12, blank=True)
    branch = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="members",
        limit_choices_to={"kind": OrgUnitKind.BRANCH},
    )
    failed_login_count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        permissions = [("manage_users", "Can manage users, roles and org units")]
        constraints = [
            models.UniqueConstraint(fields=["crd_number"], condition=~Q(crd_number=""), name="unique_crd_number"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def roles(self) -> set[str]:
        return {g.name for g in self.groups.all()}

    def has_role(self, role: Role) -> bool:
        return role.value in self.roles


class PrincipalRegistration(models.Model):
    """A principal's registration and what it lets them approve (FINRA 2210(b)(1): a qualified principal)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="registrations")
    registration = models.CharField(max_length=16, choices=Registration.choices)
    networks = models.JSONField(default=list, help_text="Networks this registration may approve; empty = all.")
    active = models.BooleanField(default=True)
    granted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "registration"], name="one_registration_kind_per_user"),
        ]

    def covers(self, network: str) -> bool:
        return self.active and (not self.networks or network in self.networks)
