from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from clearpost.archive.models import ArchiveRecord
from clearpost.conftest_helpers import submitted_post
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.review.choices import ReviewStatus
from clearpost.review.models import Notification, ReviewerState, ReviewTask
from clearpost.review.selectors import review_breaching, review_queue, review_queue_counts
from clearpost.review.services import (
    review_task_approve,
    review_task_claim,
    review_task_next,
    review_task_release,
    review_tasks_escalate,
)
from clearpost.review.tests.factories import make_principal, policy
from conftest import link_account


def test_assignment_prefers_the_advisors_branch(advisor, advisor_account, principal, firm) -> None:
    make_principal("carl", firm["chicago"])
    _, task = submitted_post(advisor, advisor_account)
    assert task.assigned_to == principal and task.branch == firm["boston"]


def test_assignment_falls_back_to_the_region_then_the_firm(advisor, advisor_account, firm) -> None:
    carl = make_principal("carl", firm["chicago"])
    _, task = submitted_post(advisor, advisor_account)
    assert task.assigned_to == carl


def test_assignment_respects_registration_networks(advisor, advisor_account, principal, firm) -> None:
    principal.registrations.update(networks=["linkedin"])
    carl = make_principal("carl", firm["chicago"], networks=["x"])
    _, task = submitted_post(advisor, advisor_account)
    assert task.assigned_to == carl


def test_least_loaded_spreads_the_work(advisor, advisor_account, principal, firm, compliance) -> None:
    second = make_principal("penny", firm["boston"])
    policy(compliance, assignment="least_loaded")
    assignees = [submitted_post(advisor, advisor_account, text=f"Post number {i}.")[1].assigned_to
                 for i in range(4)]
    assert sorted(u.username for u in assignees) == ["patricia", "patricia", "penny", "penny"]
    assert second in assignees


def test_round_robin_takes_turns_even_when_loads_differ(advisor, advisor_account, principal, firm,
                                                        compliance) -> None:
    penny = make_principal("penny", firm["boston"])
    policy(compliance, assignment="round_robin")
    ReviewerState.objects.create(user=penny, last_assigned_at=timezone.now())
    assignees = [submitted_post(advisor, advisor_account, text=f"Post number {i}.")[1].assigned_to.username
                 for i in range(3)]
    assert assignees == ["patricia", "penny", "patricia"]


def test_unavailable_principals_get_nothing(advisor, advisor_account, principal, firm) -> None:
    penny = make_principal("penny", firm["boston"])
    ReviewerState.objects.create(user=principal, available=False)
    assert submitted_post(advisor, advisor_account)[1].assigned_to == penny


def test_the_author_is_never_assigned_their_own_post(firm) -> None:
    from django.contrib.auth.models import Group

    from clearpost.accounts.choices import Role

    both = make_principal("dual", firm["boston"])
    both.groups.add(Group.objects.get(name=Role.ADVISOR.value))
    other = make_principal("other", firm["boston"])
    _, task = submitted_post(both, link_account(both))
    assert task.assigned_to == other
    assert not review_queue(reviewer=both).filter(pk=task.pk).exists()


def test_claim_blocks_colleagues_until_released(advisor, advisor_account, principal, firm) -> None:
    penny = make_principal("penny", firm["boston"])
    _, task = submitted_post(advisor, advisor_account)
    review_task_claim(task_id=task.pk, reviewer=principal)
    with pytest.raises(DomainError, match=r"claimed|reviewing"):
        review_task_claim(task_id=task.pk, reviewer=penny)
    with pytest.raises(DomainError, match="reviewing"):
        review_task_approve(task_id=task.pk, reviewer=penny)
    assert review_task_release(task_id=task.pk, reviewer=principal) == 1
    review_task_approve(task_id=task.pk, reviewer=penny)


def test_a_stale_claim_does_not_block(advisor, advisor_account, principal, firm) -> None:
    penny = make_principal("penny", firm["boston"])
    _, task = submitted_post(advisor, advisor_account)
    review_task_claim(task_id=task.pk, reviewer=principal)
    ReviewTask.objects.filter(pk=task.pk).update(claimed_at=timezone.now() - timedelta(hours=1))
    review_task_claim(task_id=task.pk, reviewer=penny)


def test_next_gives_two_principals_different_tasks_earliest_due_first(advisor, advisor_account, principal,
                                                                      firm) -> None:
    penny = make_principal("penny", firm["boston"])
    tasks = [submitted_post(advisor, advisor_account, text=f"Post number {i}.")[1] for i in range(3)]
    ReviewTask.objects.filter(pk=tasks[2].pk).update(due_at=timezone.now() - timedelta(minutes=5))
    first = review_task_next(reviewer=principal)
    second = review_task_next(reviewer=penny)
    assert first is not None and second is not None and first.pk != second.pk
    # Asking again returns the task one already holds.
    assert review_task_next(reviewer=principal).pk == first.pk
    assert {first.pk, second.pk} & {tasks[2].pk}


def test_next_never_offers_another_branchs_work(advisor, advisor_account, firm) -> None:
    carl = make_principal("carl", firm["chicago"])
    make_principal("patty", firm["boston"])
    submitted_post(advisor, advisor_account)
    assert review_task_next(reviewer=carl) is None


def test_wrong_branch_principal_cannot_decide(advisor, advisor_account, principal, firm) -> None:
    carl = make_principal("carl", firm["chicago"])
    _, task = submitted_post(advisor, advisor_account)
    with pytest.raises(NotPermitted, match="branch"):
        review_task_approve(task_id=task.pk, reviewer=carl)
    with pytest.raises(NotPermitted):
        review_task_claim(task_id=task.pk, reviewer=carl)
    assert not review_queue(reviewer=carl).exists()


def test_overdue_reviews_escalate_to_a_backup_then_supervisors(advisor, advisor_account, principal, firm,
                                                                supervisor, compliance) -> None:
    policy(compliance, supervisor_escalation_minutes=30)
    carl = make_principal("carl", firm["chicago"])
    _, task = submitted_post(advisor, advisor_account)
    now = timezone.now()
    assert review_tasks_escalate(now=now) == {"backup": 0, "supervisor": 0}
    later = task.due_at + timedelta(minutes=1)
    assert review_tasks_escalate(now=later) == {"backup": 1, "supervisor": 0}
    assert review_tasks_escalate(now=later) == {"backup": 0, "supervisor": 0}  # idempotent
    task.refresh_from_db()
    assert task.assigned_to == carl and task.escalation_level == 1
    # The backup may now act although the post belongs to another branch.
    assert review_queue(reviewer=carl).filter(pk=task.pk).exists()
    much_later = task.due_at + timedelta(minutes=31)
    assert review_tasks_escalate(now=much_later) == {"backup": 0, "supervisor": 1}
    assert Notification.objects.filter(recipient=supervisor, kind="escalated").exists()
    assert ArchiveRecord.objects.filter(event_type="review.escalated", post_id=task.post_id).count() == 2
    review_task_approve(task_id=task.pk, reviewer=carl)


def test_breach_view_lists_what_is_about_to_breach(advisor, advisor_account, principal) -> None:
    _, soon = submitted_post(advisor, advisor_account, text="Soon due.")
    _, later = submitted_post(advisor, advisor_account, text="Due later.")
    now = timezone.now()
    ReviewTask.objects.filter(pk=soon.pk).update(due_at=now + timedelta(minutes=5))
    ReviewTask.objects.filter(pk=later.pk).update(due_at=now + timedelta(hours=5))
    assert list(review_breaching(reviewer=principal, within_minutes=15, now=now)) == [soon]
    counts = review_queue_counts(reviewer=principal, now=now)
    assert counts["total"] == 2 and counts["soon"] == 1 and counts["overdue"] == 0


def test_queue_is_a_fixed_number_of_queries(advisor, advisor_account, principal, django_assert_max_num_queries
                                            ) -> None:
    for i in range(12):
        submitted_post(advisor, advisor_account, text=f"Post number {i}.")
    with django_assert_max_num_queries(3):
        rows = list(review_queue(reviewer=principal)[:50])
        assert [str(t.post.author) for t in rows] and [t.version.text for t in rows]
    assert len(rows) == 12 and all(t.status == ReviewStatus.OPEN for t in rows)


def test_index_friendly_queue_reads_match_the_plain_queue(advisor, advisor_account, principal, firm) -> None:
    from clearpost.review.selectors import review_queue_list, review_queue_neighbours, review_queue_page

    carl = make_principal("carl", firm["chicago"])
    chicago_advisor = make_principal("x", firm["chicago"])  # a principal is the only chicago reviewer besides carl
    tasks = [submitted_post(advisor, advisor_account, text=f"Post {i}.")[1] for i in range(5)]
    # One chicago task escalated to patricia: in her queue although outside her branch.
    from django.contrib.auth.models import Group

    chicago_advisor.groups.add(Group.objects.get(name="advisor"))
    _, foreign = submitted_post(chicago_advisor, link_account(chicago_advisor), text="From Chicago.")
    ReviewTask.objects.filter(pk=foreign.pk).update(assigned_to=principal, assigned_outside_branch=True,
                                                    due_at=timezone.now() - timedelta(minutes=1))
    expected = list(review_queue(reviewer=principal).values_list("pk", flat=True))
    assert expected[0] == foreign.pk and len(expected) == 6
    assert [t.pk for t in review_queue_list(reviewer=principal, limit=50)] == expected
    assert [r["pk"] for r in review_queue_page(reviewer=principal, limit=50)] == expected
    assert [t.pk for t in review_queue_list(reviewer=principal, limit=3)] == expected[:3]
    middle = ReviewTask.objects.get(pk=expected[2])
    assert review_queue_neighbours(reviewer=principal, task=middle) == (expected[1], expected[3])
    assert carl not in {t.assigned_to for t in tasks}


def test_queue_counts_are_exact_up_to_the_cap_and_say_more_beyond_it(advisor, advisor_account, principal) -> None:
    now = timezone.now()
    for minutes in (-10, -5, 5, 10, 180):
        _, task = submitted_post(advisor, advisor_account, text=f"Due in {minutes} minutes.")
        ReviewTask.objects.filter(pk=task.pk).update(due_at=now + timedelta(minutes=minutes))

    def counts(cap: int) -> tuple[int, int, int, int]:
        c = review_queue_counts(reviewer=principal, now=now, cap=cap)
        return c["total"], c["overdue"], c["soon"], c["mine"]

    assert counts(10) == (5, 2, 2, 5)
    assert counts(4) == (5, 2, 2, 5)  # 5 = "more than 4"; the window reaches past 15 minutes
    assert counts(2) == (3, 2, 2, 3)  # the window ends inside the next 15 minutes: soon is counted apart
    assert counts(1) == (2, 2, 2, 2)  # everything is "more than 1"


def test_neighbours_break_ties_on_the_due_time_by_id(advisor, advisor_account, principal) -> None:
    from clearpost.review.selectors import review_queue_neighbours

    tasks = [submitted_post(advisor, advisor_account, text=f"Tied post {i}.")[1] for i in range(4)]
    same = timezone.now()
    ReviewTask.objects.filter(pk__in=[t.pk for t in tasks]).update(due_at=same)
    first, second, third, last = (ReviewTask.objects.get(pk=t.pk) for t in sorted(tasks, key=lambda t: t.pk))
    assert review_queue_neighbours(reviewer=principal, task=second) == (first.pk, third.pk)
    assert review_queue_neighbours(reviewer=principal, task=first) == (None, second.pk)
    assert review_queue_neighbours(reviewer=principal, task=last) == (third.pk, None)
