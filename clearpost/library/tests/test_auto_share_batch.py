"""Automatic shares in batches (a fan-out): the same records, posts, reviews and deliveries as one by one; a share
that fails a check fails alone with its reason; a share already processed is left alone."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from clearpost.accounts.choices import Role
from clearpost.accounts.models import User
from clearpost.archive.models import ArchiveRecord
from clearpost.entitlements.models import AdvisorGrant
from clearpost.library.choices import ShareStatus
from clearpost.library.models import Share
from clearpost.library.services import (
    market_event_fan_out,
    preference_set,
    share_queued_process,
    share_queued_process_many,
)
from clearpost.library.testing import approved_item, dow_rule
from clearpost.markets.services import tick_record
from clearpost.publishing.models import Delivery
from clearpost.review.models import Notification, ReviewTask
from clearpost.review.services import routing_policy_publish
from conftest import link_account, make_user

pytestmark = pytest.mark.django_db
DOW_TEXT = "The Dow rose {index_points} points ({index_pct}) today to {index_level}. Stay the course. — {advisor_name}"
# Library shares: approved automatically when clean on X, by a principal on LinkedIn, automatically and then
# sampled for post-review on Mastodon.
RULES = [
    {"network": "*", "kind": "*", "route": "pre_approval", "sla_minutes": 30},
    {"network": "*", "kind": "library", "route": "auto_if_clean", "sla_minutes": 15},
    {"network": "linkedin", "kind": "library", "route": "pre_approval", "sla_minutes": 20},
    {"network": "mastodon", "kind": "library", "route": "post_review", "sla_minutes": 240, "sample_percent": 100},
]
# (display name, network, what happens to the share): the test engine rejects texts saying "guaranteed".
CAST = [("Plain Pat", "x", "auto"), ("Guaranteed Gus", "x", "reject"), ("Lin Kim", "linkedin", "review"),
        ("Mas Tod", "mastodon", "sampled"), ("Lapsed Lee", "x", "lapsed"), ("Left Lou", "x", "left")]
VOLATILE = {"share", "review_task", "decided_at", "due_at"}


@pytest.fixture
def world(compliance: User, principal: User, networks_open: None, firm: Any) -> dict[str, list[Share]]:
    """Two identical groups of opted-in advisors (same names, branch and networks), and the event's queued
    shares of each: one group goes through the single path, the other through the batch."""
    routing_policy_publish(actor=compliance, rules=RULES)
    approved_item(compliance, principal, trigger_rule=dow_rule(), title="Dow up 150", body=DOW_TEXT)
    people: dict[str, list[User]] = {"single": [], "batch": []}
    for group in people:
        for n, (name, network, _) in enumerate(CAST):
            user = make_user(f"{group}{n}", Role.ADVISOR, branch=firm["boston"])
            user.display_name = name
            user.save()
            link_account(user, network)
            preference_set(advisor=user, auto_share=True)
            people[group].append(user)
    tick_record(symbol="^DJI", value="46448.27", at="2025-11-24T16:00:00-05:00")
    (event,) = tick_record(symbol="^DJI", value="46620.10", at="2025-11-25T11:15:00-05:00").events
    market_event_fan_out(event_id=event.pk)  # queues the shares; their tasks would run after commit
    # After the fan-out: one advisor's access is suspended, another is no longer an advisor.
    for group in people.values():
        lapsed, left = group[4], group[5]
        AdvisorGrant.objects.create(advisor=lapsed, network="x", level="library", status="suspended",
                                    reason="training lapsed", decided_by=compliance, decided_at=timezone.now())
        left.groups.remove(Group.objects.get(name=Role.ADVISOR.value))
    return {group: [Share.objects.get(advisor=u) for u in users] for group, users in people.items()}


def _story(share: Share) -> dict[str, Any]:
    """What happened to one share, without what differs between two identical shares (ids, times)."""
    share.refresh_from_db()
    records = []
    for r in ArchiveRecord.objects.filter(post_id=share.post_id).order_by("seq") if share.post_id else []:
        payload = {k: v for k, v in json.loads(r.body)["payload"].items() if k not in VOLATILE}
        records.append((r.event_type, "advisor" if r.actor_id == share.advisor_id else r.actor_id,
                        r.advisor_id == share.advisor_id, r.branch_id, r.network, r.account_id == share.account_id,
                        payload))
    post = share.post
    tasks = [(t.purpose, t.status, t.automatic, t.assigned_to_id, t.reason,
              {k: v for k, v in t.policy_basis.items()}) for t in ReviewTask.objects.filter(post=post).order_by("pk")]
    return {
        "share": (share.status, share.problem, share.rendered_text),
        "post": (post.status, post.kind, post.current_version.text, post.current_version.content_hash,
                 post.current_version.screening) if post else None,
        "records": records,
        "tasks": tasks,
        "deliveries": [(d.status, d.account_id == share.account_id, d.version_id == post.current_version_id)
                       for d in Delivery.objects.filter(post=post)] if post else [],
        "notices": [(n.kind, n.title.replace(str(post.pk), "N"), n.body, n.recipient_id == share.advisor_id)
                    for n in Notification.objects.filter(post=post).order_by("pk")] if post else [],
    }


def test_a_batch_does_what_the_single_path_does_share_by_share(world: dict[str, list[Share]]) -> None:
    for share in world["single"]:
        share_queued_process(share_id=share.pk)
    done = share_queued_process_many(share_ids=[s.pk for s in world["batch"]])
    assert sorted(s.pk for s in done) == sorted(s.pk for s, (*_, what) in zip(world["batch"], CAST, strict=True)
                                                if what in {"auto", "reject", "review", "sampled"})
    for single, batch in zip(world["single"], world["batch"], strict=True):
        assert _story(batch) == _story(single)
    outcome = {what: _story(s) for s, (*_, what) in zip(world["batch"], CAST, strict=True)}
    assert outcome["auto"]["post"][0] == "scheduled" and outcome["auto"]["deliveries"] == [("pending", True, True)]
    assert [r[0] for r in outcome["auto"]["records"]] == [
        "post.version_created", "library.shared", "post.transitioned", "post.submitted", "review.auto_approved",
        "post.transitioned", "post.transitioned"]
    assert outcome["reject"]["post"][0] == "rejected" and outcome["reject"]["deliveries"] == []
    assert outcome["review"]["post"][0] == "in_review" and outcome["review"]["tasks"][0][1] == "open"
    assert outcome["sampled"]["post"][0] == "scheduled"
    assert [t[:3] for t in outcome["sampled"]["tasks"]] == [("pre_approval", "approved", True),
                                                            ("post_review", "open", False)]
    assert outcome["lapsed"]["share"][:2] == ("failed", "the item is no longer shareable")
    assert outcome["left"]["share"][:2] == ("failed", "only advisors may compose posts")


def test_a_share_already_processed_is_left_alone(world: dict[str, list[Share]]) -> None:
    first = world["batch"][0]
    assert share_queued_process(share_id=first.pk) is not None
    before = _story(first)
    done = share_queued_process_many(share_ids=[s.pk for s in world["batch"]])
    assert first.pk not in {s.pk for s in done} and len(done) == 3
    assert _story(first) == before
    assert share_queued_process_many(share_ids=[s.pk for s in world["batch"]]) == []  # all claimed already
    assert Share.objects.filter(status__in=[ShareStatus.QUEUED, ShareStatus.PROCESSING]).count() == len(CAST)


def test_a_clean_batch_appends_its_records_in_one_call(world: dict[str, list[Share]],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import clearpost.archive.services as archive

    calls: list[int] = []
    append = archive._append_rows

    def counting(batch: list[Any]) -> Any:
        calls.append(len(batch))
        return append(batch)

    monkeypatch.setattr(archive, "_append_rows", counting)
    clean = [s.pk for s, (*_, what) in zip(world["batch"], CAST, strict=True) if what in {"auto", "reject", "lapsed"}]
    assert len(share_queued_process_many(share_ids=clean)) == 2
    assert calls == [7 + 5]  # the auto-approved share's 7 records and the rejected one's 5


def test_a_batch_that_fails_as_a_whole_falls_back_to_one_by_one(world: dict[str, list[Share]],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import clearpost.posts.services as posts

    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(posts, "post_submit_many", broken)
    for share in world["single"]:
        share_queued_process(share_id=share.pk)
    done = share_queued_process_many(share_ids=[s.pk for s in world["batch"]])
    assert len(done) == 4
    for single, batch in zip(world["single"], world["batch"], strict=True):
        assert _story(batch) == _story(single)


@pytest.mark.parametrize(("count", "size"), [(1, 20), (30, 20), (100, 50), (399, 200), (17_000, 200)])
def test_batches_keep_both_workers_busy_and_stay_small(count: int, size: int) -> None:
    from clearpost.library.services import auto_share_batch_size

    assert auto_share_batch_size(count) == size
