"""Builders for review tests: extra principals in other branches, routing policies."""

from __future__ import annotations

from django.utils import timezone

from clearpost.accounts.choices import Registration, Role
from clearpost.accounts.models import OrgUnit, PrincipalRegistration, User
from clearpost.review.models import RoutingPolicy
from clearpost.review.services import routing_policy_publish
from conftest import make_user


def make_principal(username: str, branch: OrgUnit | None, networks: list[str] | None = None) -> User:
    user = make_user(username, Role.PRINCIPAL, branch=branch)
    PrincipalRegistration.objects.create(user=user, registration=Registration.SERIES_24, networks=networks or [],
                                         granted_at=timezone.now())
    return user


def make_advisor(username: str, branch: OrgUnit) -> User:
    return make_user(username, Role.ADVISOR, branch=branch)


def policy(compliance: User, *rules: dict, **kwargs: object) -> RoutingPolicy:
    return routing_policy_publish(actor=compliance, rules=list(rules), **kwargs)  # type: ignore[arg-type]
