"""A market event unlocks linked items and offers them to eligible advisors; campaigns do the same for a cohort."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from clearpost.accounts.choices import Role
from clearpost.archive.models import ArchiveRecord
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.entitlements.models import AdvisorGrant, Cohort, NetworkPolicy
from clearpost.entitlements.selectors import entitlement_for
from clearpost.library.choices import ShareStatus
from clearpost.library.models import ItemUnlock, Share, Suggestion
from clearpost.library.selectors import (
    entitled_advisor_ids,
    library_list_for_advisor,
    share_send_time_problem,
    share_send_time_problems,
)
from clearpost.library.services import (
    campaign_create,
    campaign_launch,
    market_event_fan_out,
    preference_set,
    share_create,
    share_queued_process,
    suggestion_emails_send,
)
from clearpost.library.testing import approved_item, dow_rule
from clearpost.markets.models import MarketEvent
from clearpost.markets.services import tick_record
from clearpost.training.models import Completion, Course, CourseVersion
from conftest import link_account, make_user

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                         "QUEUES": ["default", "publishing"]}}
DOW_TEXT = "The Dow rose {index_points} points ({index_pct}) today to {index_level}. Stay the course. — {advisor_name}"


@pytest.fixture
def rule(networks_open):  # type: ignore[no-untyped-def]
    return dow_rule()


@pytest.fixture
def dow_item(rule, compliance, principal):  # type: ignore[no-untyped-def]
    return approved_item(compliance, principal, trigger_rule=rule, title="Dow up 150", body=DOW_TEXT)


def _fire() -> MarketEvent:
    tick_record(symbol="^DJI", value="46448.27", at="2025-11-24T16:00:00-05:00")
    result = tick_record(symbol="^DJI", value="46620.10", at="2025-11-25T11:15:00-05:00")
    (event,) = result.events
    return event


def test_event_linked_items_stay_hidden_until_an_event_unlocks_them(dow_item, advisor, advisor_account) -> None:
    assert library_list_for_advisor(advisor=advisor) == []
    market_event_fan_out(event_id=_fire().pk)
    (entry,) = library_list_for_advisor(advisor=advisor)
    assert entry.figures["index_points"] == "171.83"


def test_fan_out_unlocks_suggests_and_archives_once(dow_item, advisor, advisor_account, outsider) -> None:
    link_account(outsider)
    event = _fire()
    result = market_event_fan_out(event_id=event.pk)
    assert (result.unlocks, result.suggestions) == (1, 2)
    unlock = ItemUnlock.objects.get()
    assert unlock.closes_at - unlock.opens_at == timedelta(minutes=240)
    assert set(Suggestion.objects.values_list("advisor__username", flat=True)) == {"avery", "olive"}
    assert ArchiveRecord.objects.filter(event_type="library.item_unlocked").count() == 1
    assert ArchiveRecord.objects.filter(event_type="library.suggested").count() == 1
    assert market_event_fan_out(event_id=event.pk).suggestions == 0  # claimed: a second run adds nothing
    assert Suggestion.objects.count() == 2


def test_fan_out_skips_advisors_not_entitled_or_without_accounts(dow_item, advisor, advisor_account, firm,
                                                                 compliance) -> None:
    no_account = make_user("noel", Role.ADVISOR, branch=firm["boston"])
    suspended = make_user("sus", Role.ADVISOR, branch=firm["boston"])
    link_account(suspended)
    AdvisorGrant.objects.create(advisor=suspended, network="x", level="library", status="suspended", reason="r",
                                decided_by=compliance, decided_at=timezone.now())
    market_event_fan_out(event_id=_fire().pk)
    assert list(Suggestion.objects.values_list("advisor__username", flat=True)) == ["avery"]
    assert no_account.pk


def test_event_e_mails_carry_the_one_click_link(dow_item, advisor, advisor_account, django_capture_on_commit_callbacks
                                                ) -> None:
    advisor.email = "avery@example.com"
    advisor.save()
    with override_settings(TASKS=IMMEDIATE), django_capture_on_commit_callbacks(execute=True):
        market_event_fan_out(event_id=_fire().pk)
    suggestion = Suggestion.objects.get()
    assert len(mail.outbox) == 1 and f"/library/s/{suggestion.pk}/" in mail.outbox[0].body
    assert suggestion.emailed_at is not None
    assert suggestion_emails_send(suggestion_ids=[suggestion.pk]) == 0  # never twice


def test_opted_in_advisors_get_one_automatic_share(dow_item, advisor, advisor_account,
                                                   django_capture_on_commit_callbacks) -> None:
    preference_set(advisor=advisor, auto_share=True)
    event = _fire()
    with override_settings(TASKS=IMMEDIATE), django_capture_on_commit_callbacks(execute=True):
        result = market_event_fan_out(event_id=event.pk)
    assert result.auto_shares == 1
    share = Share.objects.get()
    assert share.automatic and share.status == ShareStatus.SUBMITTED and share.post is not None
    assert "rose 171.83 points (0.37%) today to 46,620.10" in share.rendered_text
    assert share_queued_process(share_id=share.pk) is None  # claimed already


def test_one_click_from_a_suggestion_never_shares_twice(dow_item, advisor, advisor_account) -> None:
    market_event_fan_out(event_id=_fire().pk)
    suggestion = Suggestion.objects.get()
    first = share_create(advisor=advisor, item_id=dow_item.pk, account_ids=[advisor_account.pk],
                         suggestion_id=suggestion.pk)
    again = share_create(advisor=advisor, item_id=dow_item.pk, account_ids=[advisor_account.pk],
                         suggestion_id=suggestion.pk)
    assert [s.pk for s in first] == [s.pk for s in again] and Share.objects.count() == 1
    suggestion.refresh_from_db()
    assert suggestion.shared_at is not None and first[0].occasion == f"event:{suggestion.event_id}"


def test_someone_elses_suggestion_is_refused(dow_item, advisor, advisor_account, outsider) -> None:
    link_account(outsider)
    market_event_fan_out(event_id=_fire().pk)
    theirs = Suggestion.objects.get(advisor=outsider)
    with pytest.raises(DomainError, match="no such suggestion"):
        share_create(advisor=advisor, item_id=dow_item.pk, account_ids=[advisor_account.pk], suggestion_id=theirs.pk)


def test_bulk_entitlement_agrees_with_entitlement_for(firm, compliance, networks_open) -> None:
    course = Course.objects.create(code="sm", title="Social media")
    version = CourseVersion.objects.create(course=course, number=1, content="c", attestation_text="a",
                                           published_at=timezone.now())
    NetworkPolicy.objects.filter(network="x").update(default_level="none", library_courses=["sm"],
                                                     compose_courses=["sm"])
    pilot = Cohort.objects.create(code="pilot", name="Pilot", grants=[{"network": "x", "level": "compose"}])
    people = [make_user(f"a{i}", Role.ADVISOR, branch=firm["boston"]) for i in range(6)]
    now = timezone.now()
    pilot.members.add(people[0], people[1], people[2])
    for person, days in ((people[0], 10), (people[1], 400), (people[3], 10)):
        Completion.objects.create(advisor=person, course_version=version, completed_at=now - timedelta(days=days),
                                  expires_at=now - timedelta(days=days) + timedelta(days=365), source="lms_import")
    AdvisorGrant.objects.create(advisor=people[3], network="x", level="library", reason="r", decided_by=compliance,
                                decided_at=now)
    AdvisorGrant.objects.create(advisor=people[2], network="x", level="library", status="suspended", reason="r",
                                decided_by=compliance, decided_at=now)
    expected = {p.pk for p in people if entitlement_for(advisor=p, network="x").allows("library")}
    assert entitled_advisor_ids(advisor_ids=[p.pk for p in people], network="x") == expected
    assert expected == {people[0].pk, people[3].pk}


def test_send_time_problems_of_a_publisher_batch_in_two_queries(dow_item, advisor, advisor_account, outsider,
                                                                 django_capture_on_commit_callbacks,
                                                                 django_assert_num_queries) -> None:
    link_account(outsider)
    for person in (advisor, outsider):
        preference_set(advisor=person, auto_share=True)
    with override_settings(TASKS=IMMEDIATE), django_capture_on_commit_callbacks(execute=True):
        market_event_fan_out(event_id=_fire().pk)
    post_ids = sorted(Share.objects.values_list("post_id", flat=True))
    assert len(post_ids) == 2
    with django_assert_num_queries(2):
        assert share_send_time_problems([*post_ids, 999_999]) == {}  # a plain post (or none) has no share problem
    ItemUnlock.objects.update(closes_at=timezone.now() - timedelta(seconds=1))
    with django_assert_num_queries(2):
        problems = share_send_time_problems(post_ids)
    assert set(problems) == set(post_ids)
    assert all(p.startswith("the market-event window for this item closed at ") for p in problems.values())
    assert problems == {post_id: share_send_time_problem(post_id) for post_id in post_ids}


def test_campaign_suggests_to_cohort_and_auto_shares_for_opted_in(compliance, principal, advisor, advisor_account,
                                                                   outsider, networks_open,
                                                                   django_capture_on_commit_callbacks) -> None:
    link_account(outsider)
    cohort = Cohort.objects.create(code="east", name="East")
    cohort.members.add(advisor, outsider)
    preference_set(advisor=outsider, auto_share=True)
    item = approved_item(compliance, principal, title="Year-end checklist")
    campaign = campaign_create(actor=compliance, item_id=item.pk, cohort_id=cohort.pk, mode="auto")
    with override_settings(TASKS=IMMEDIATE), django_capture_on_commit_callbacks(execute=True):
        result = campaign_launch(campaign_id=campaign.pk)
    assert (result.suggestions, result.auto_shares) == (2, 1)
    share = Share.objects.get()
    assert share.advisor == outsider and share.campaign == campaign and share.post is not None
    assert campaign_launch(campaign_id=campaign.pk).suggestions == 0


def test_only_compliance_runs_campaigns(compliance, principal, advisor, networks_open) -> None:
    item = approved_item(compliance, principal)
    cohort = Cohort.objects.create(code="c", name="C")
    for actor in (advisor, principal):
        with pytest.raises(NotPermitted):
            campaign_create(actor=actor, item_id=item.pk, cohort_id=cohort.pk)
