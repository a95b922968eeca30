from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clearpost.archive.models import ArchiveRecord
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.entitlements.choices import Level
from clearpost.entitlements.models import Cohort, NetworkPolicy
from clearpost.entitlements.selectors import entitlement_for
from clearpost.entitlements.services import (
    entitlement_request_create,
    entitlement_request_decide,
    entitlement_request_endorse,
    entitlement_require,
    entitlement_set,
)
from clearpost.training.models import Completion, Course, CourseVersion


@pytest.fixture
def policies(db: None) -> None:
    # Tighter than the cast's open firm: training required, X at library by default.
    NetworkPolicy.objects.update_or_create(network="linkedin", defaults={
        "default_level": "compose", "features": ["post", "reply"], "library_courses": ["smp"],
        "compose_courses": ["smp"]})
    NetworkPolicy.objects.update_or_create(network="x", defaults={
        "default_level": "library", "features": ["post"], "library_courses": ["smp"], "compose_courses": ["smp"]})


@pytest.fixture
def course_version(db: None) -> CourseVersion:
    course = Course.objects.create(code="smp", title="Social media policy")
    return CourseVersion.objects.create(course=course, number=1, content="…", attestation_text="I attest.",
                                        validity_months=12, published_at=timezone.now())


def _train(advisor, version, *, expires_in_days: int) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    Completion.objects.create(advisor=advisor, course_version=version, completed_at=now - timedelta(days=30),
                              expires_at=now + timedelta(days=expires_in_days), source="in_app")


def test_untrained_advisor_has_no_access(advisor, policies, course_version) -> None:
    ent = entitlement_for(advisor=advisor, network="linkedin")
    assert ent.level == Level.NONE
    assert "smp (not trained)" in ent.explain(Level.COMPOSE)


def test_trained_advisor_gets_the_defaults(advisor, policies, course_version) -> None:
    _train(advisor, course_version, expires_in_days=100)
    assert entitlement_for(advisor=advisor, network="linkedin").level == Level.COMPOSE
    assert entitlement_for(advisor=advisor, network="twitter").level == Level.LIBRARY


def test_lapsed_training_drops_access_and_explains_why(advisor, policies, course_version) -> None:
    _train(advisor, course_version, expires_in_days=-1)
    ent = entitlement_for(advisor=advisor, network="linkedin")
    assert ent.level == Level.NONE and "lapsed" in ent.explain(Level.LIBRARY)
    with pytest.raises(NotPermitted, match="lapsed"):
        entitlement_require(advisor=advisor, network="linkedin", level=Level.LIBRARY)


def test_pilot_cohort_composes_on_x(advisor, outsider, policies, course_version) -> None:
    for person in (advisor, outsider):
        _train(person, course_version, expires_in_days=100)
    cohort = Cohort.objects.create(code="x-pilot", name="X compose pilot",
                                   grants=[{"network": "x", "level": "compose"}])
    cohort.members.add(advisor)
    assert entitlement_for(advisor=advisor, network="x").level == Level.COMPOSE
    assert entitlement_for(advisor=outsider, network="x").level == Level.LIBRARY


def test_features_the_firm_forbids_are_refused(advisor, policies, course_version) -> None:
    _train(advisor, course_version, expires_in_days=100)
    ent = entitlement_for(advisor=advisor, network="linkedin")
    assert ent.allows(Level.COMPOSE, "reply") and not ent.allows(Level.COMPOSE, "endorsement")


def test_suspension_overrides_everything_and_is_archived(advisor, compliance, policies, course_version) -> None:
    _train(advisor, course_version, expires_in_days=100)
    entitlement_set(actor=compliance, advisor=advisor, network="linkedin", level=Level.NONE,
                    reason="under investigation", suspend=True)
    assert entitlement_for(advisor=advisor, network="linkedin").level == Level.NONE
    assert ArchiveRecord.objects.filter(event_type="entitlement.changed", advisor_id=advisor.pk).exists()


def test_request_flow_needs_the_right_supervisor_then_compliance(
    advisor, supervisor, outsider, compliance, policies, course_version
) -> None:
    from django.contrib.auth.models import Group

    from clearpost.accounts.choices import Role
    from conftest import make_user

    _train(advisor, course_version, expires_in_days=100)
    request = entitlement_request_create(advisor=advisor, network="x", level=Level.COMPOSE, justification="pilot")
    with pytest.raises(DomainError):
        entitlement_request_decide(actor=compliance, request_id=request.pk, grant=True, reason="")
    other_supervisor = make_user("sid", Role.SUPERVISOR, branch=outsider.branch)
    outsider.branch.supervisors.add(other_supervisor)
    assert Group.objects.filter(name="supervisor").exists()
    with pytest.raises(NotPermitted):
        entitlement_request_endorse(supervisor=other_supervisor, request_id=request.pk)
    entitlement_request_endorse(supervisor=supervisor, request_id=request.pk)
    with pytest.raises(NotPermitted):
        entitlement_request_decide(actor=supervisor, request_id=request.pk, grant=True, reason="")
    with pytest.raises(DomainError, match="reason"):
        entitlement_request_decide(actor=compliance, request_id=request.pk, grant=False, reason=" ")
    entitlement_request_decide(actor=compliance, request_id=request.pk, grant=True, reason="Completed the course")
    assert entitlement_for(advisor=advisor, network="x").level == Level.COMPOSE
    assert ArchiveRecord.objects.filter(event_type="entitlement.granted").count() == 1


def test_an_unopened_network_gives_nothing(advisor, db: None) -> None:
    NetworkPolicy.objects.filter(network="mastodon").delete()
    assert entitlement_for(advisor=advisor, network="mastodon").level == Level.NONE
