from __future__ import annotations

import json

import pytest

from clearpost.archive.models import ArchiveRecord
from clearpost.conftest_helpers import CLEAN_TEXT, submitted_post
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.posts.choices import PostStatus
from clearpost.posts.services import post_create, post_submit
from clearpost.publishing.models import Delivery
from clearpost.review.choices import ReviewPurpose, ReviewStatus, Route
from clearpost.review.models import ReviewTask, VerdictOverride
from clearpost.review.routing import RouteRule, decide_route, rule_for, validate_rules
from clearpost.review.selectors import approval_for_version, approval_problem
from clearpost.review.services import review_task_approve, review_verdict_override, routing_policy_publish
from clearpost.review.tests.factories import policy

REJECTABLE = "This fund is guaranteed to double."
NEEDS_REVIEW = "Our returns this year were strong [review]."


def _rule(route: Route, sample: int = 0) -> RouteRule:
    return RouteRule("x", "composed", route, 30, sample)


@pytest.mark.parametrize(("route", "verdict", "draw", "outcome"), [
    (Route.PRE_APPROVAL, "approve", 0.0, "review"),
    (Route.PRE_APPROVAL, "reject", 0.0, "reject"),
    (Route.AUTO_IF_CLEAN, "approve", 0.0, "auto_approve"),
    (Route.AUTO_IF_CLEAN, "review", 0.0, "review"),
    (Route.AUTO_IF_CLEAN, "reject", 0.0, "reject"),
    (Route.POST_REVIEW, "approve", 0.05, "auto_approve_sampled"),
    (Route.POST_REVIEW, "approve", 0.5, "auto_approve"),
    (Route.POST_REVIEW, "review", 0.0, "review"),
    (Route.AUTO_IF_CLEAN, "unknown", 0.0, "review"),
])
def test_the_engine_can_only_make_routing_stricter(route: Route, verdict: str, draw: float, outcome: str) -> None:
    assert decide_route(_rule(route, sample=10), verdict=verdict, policy_version=3,
                        sample_draw=draw).outcome == outcome


def test_the_most_specific_rule_wins() -> None:
    rules = validate_rules([
        {"network": "*", "kind": "*", "route": "auto_if_clean", "sla_minutes": 90},
        {"network": "x", "kind": "*", "route": "pre_approval", "sla_minutes": 20},
        {"network": "x", "kind": "reply", "route": "post_review", "sla_minutes": 240, "sample_percent": 5},
    ])
    assert rule_for(rules, network="x", kind="reply", default_sla=60).route == Route.POST_REVIEW
    assert rule_for(rules, network="x", kind="composed", default_sla=60).sla_minutes == 20
    assert rule_for(rules, network="linkedin", kind="composed", default_sla=60).route == Route.AUTO_IF_CLEAN
    assert rule_for([], network="x", kind="composed", default_sla=60).route == Route.PRE_APPROVAL


@pytest.mark.parametrize("bad", [
    {"network": "myspace", "kind": "*", "route": "pre_approval"},
    {"network": "x", "kind": "poem", "route": "pre_approval"},
    {"network": "x", "kind": "*", "route": "yolo"},
    {"network": "x", "kind": "*", "route": "pre_approval", "sla_minutes": 0},
    {"network": "x", "kind": "*", "route": "post_review", "sample_percent": 101},
])
def test_bad_rules_are_refused(bad: dict) -> None:
    with pytest.raises(ValueError):
        validate_rules([bad])


def test_only_compliance_may_change_routing(principal, advisor, compliance) -> None:
    for user in (principal, advisor):
        with pytest.raises(NotPermitted):
            routing_policy_publish(actor=user, rules=[])
    first = policy(compliance, {"network": "x", "kind": "*", "route": "auto_if_clean"})
    second = policy(compliance, {"network": "x", "kind": "*", "route": "pre_approval"})
    first.refresh_from_db()
    assert (first.version, first.active, second.version, second.active) == (1, False, 2, True)
    assert ArchiveRecord.objects.filter(event_type="review.routing_changed").count() == 2
    with pytest.raises(DomainError):
        routing_policy_publish(actor=compliance, rules=[{"network": "x", "kind": "*", "route": "nope"}])


def test_by_default_every_post_waits_for_a_principal(advisor, advisor_account, principal) -> None:
    post, task = submitted_post(advisor, advisor_account)
    assert post.status == PostStatus.IN_REVIEW and task.assigned_to == principal and task.due_at


def test_clean_post_is_approved_automatically_where_policy_allows(advisor, advisor_account, compliance) -> None:
    rp = policy(compliance, {"network": "x", "kind": "composed", "route": "auto_if_clean"})
    post = post_create(author=advisor, account_id=advisor_account.pk, text=CLEAN_TEXT)
    post = post_submit(post_id=post.pk, actor=advisor)
    assert post.status == PostStatus.SCHEDULED
    task = ReviewTask.objects.get(post=post)
    assert task.automatic and task.decided_by is None and task.status == ReviewStatus.APPROVED
    assert task.policy_basis["routing_policy_version"] == rp.version
    assert task.policy_basis["engine_verdict"] == "approve"
    assert Delivery.objects.filter(post=post, version=post.current_version).exists()
    record = ArchiveRecord.objects.get(event_type="review.auto_approved", post_id=post.pk)
    payload = json.loads(record.body)["payload"]
    assert payload["version_hash"] == post.current_version.content_hash
    assert payload["policy_basis"]["routing_policy_version"] == rp.version and payload["decided_at"]
    v = post.current_version
    assert approval_for_version(post_id=post.pk, version_id=v.pk, version_hash=v.content_hash) == task
    assert approval_problem(post_id=post.pk, version_id=v.pk, version_hash=v.content_hash) is None


def test_engine_review_verdict_still_goes_to_a_principal_under_auto_policy(advisor, advisor_account, compliance,
                                                                          principal) -> None:
    policy(compliance, {"network": "*", "kind": "*", "route": "auto_if_clean", "sla_minutes": 15})
    post, task = submitted_post(advisor, advisor_account, text=NEEDS_REVIEW)
    assert post.status == PostStatus.IN_REVIEW and not task.automatic
    assert 14 * 60 <= (task.due_at - task.created_at).total_seconds() <= 15 * 60 + 1


def test_post_review_route_samples_after_the_fact(advisor, advisor_account, compliance, principal) -> None:
    policy(compliance, {"network": "x", "kind": "*", "route": "post_review", "sample_percent": 100})
    post = post_create(author=advisor, account_id=advisor_account.pk, text=CLEAN_TEXT)
    post = post_submit(post_id=post.pk, actor=advisor)
    assert post.status == PostStatus.SCHEDULED
    sample = ReviewTask.objects.get(post=post, status=ReviewStatus.OPEN)
    assert sample.purpose == ReviewPurpose.POST_REVIEW
    review_task_approve(task_id=sample.pk, reviewer=principal)  # a post-review does not move the post
    post.refresh_from_db()
    assert post.status == PostStatus.SCHEDULED


def test_a_reject_resting_on_the_learned_model_alone_goes_to_a_principal(advisor, advisor_account) -> None:
    post = post_create(author=advisor, account_id=advisor_account.pk, text="See you at the picnic on Saturday.")
    version = post.current_version
    learned = {"rule": "learned.outgoing.reject@0123456789ab", "category": "guarantee", "severity": "reject",
               "start": 0, "end": 10, "excerpt": "See you at", "rationale": "Resembles posts that must not be ..."}
    info = {**learned, "rule": "disclosure.note", "severity": "info"}
    version.screening = {**version.screening, "verdict": "reject", "categories": ["guarantee"],
                         "findings": [info, learned]}
    version.save(update_fields=["screening"])
    post = post_submit(post_id=post.pk, actor=advisor)
    assert post.status == PostStatus.IN_REVIEW
    assert ReviewTask.objects.get(post=post).status == ReviewStatus.OPEN
    # a rule's reject beside it still sends the post back to the advisor
    other = post_create(author=advisor, account_id=advisor_account.pk, text=REJECTABLE)
    version = other.current_version
    version.screening = {**version.screening, "findings": [*version.screening["findings"], learned]}
    version.save(update_fields=["screening"])
    assert post_submit(post_id=other.pk, actor=advisor).status == PostStatus.REJECTED


def test_engine_reject_goes_back_with_findings_and_compliance_may_override(advisor, advisor_account, compliance,
                                                                          principal) -> None:
    post = post_create(author=advisor, account_id=advisor_account.pk, text=REJECTABLE)
    post = post_submit(post_id=post.pk, actor=advisor)
    assert post.status == PostStatus.REJECTED and not ReviewTask.objects.filter(post=post).exists()
    assert advisor.notifications.filter(post=post, kind="decision").exists()
    with pytest.raises(NotPermitted):
        review_verdict_override(post_id=post.pk, actor=principal, reason="looks fine")
    with pytest.raises(DomainError):
        review_verdict_override(post_id=post.pk, actor=compliance, reason=" ")
    task = review_verdict_override(post_id=post.pk, actor=compliance, reason="Quoting the prospectus verbatim.")
    post.refresh_from_db()
    assert post.status == PostStatus.IN_REVIEW and task.status == ReviewStatus.OPEN
    assert VerdictOverride.objects.get(post=post).reason.startswith("Quoting")
    record = ArchiveRecord.objects.get(event_type="review.verdict_overridden", post_id=post.pk)
    assert json.loads(record.body)["payload"]["overridden_by"] == compliance.username
    # The override approves nothing: a principal still decides.
    review_task_approve(task_id=task.pk, reviewer=principal)
    post.refresh_from_db()
    assert post.status == PostStatus.SCHEDULED


def test_a_principal_rejection_cannot_be_overridden(advisor, advisor_account, compliance, principal) -> None:
    from clearpost.review.services import review_task_reject

    _, task = submitted_post(advisor, advisor_account)
    review_task_reject(task_id=task.pk, reviewer=principal, reason="No.")
    with pytest.raises(DomainError):
        review_verdict_override(post_id=task.post_id, actor=compliance, reason="I disagree")
