"""Routing a batch of submissions gives each post the outcome, rows and records routing it alone gives."""

from __future__ import annotations

import json
from typing import Any

import pytest

from clearpost.accounts.models import User
from clearpost.archive.models import ArchiveRecord
from clearpost.connectors.models import NetworkAccount
from clearpost.posts.choices import ContentKind, PostStatus
from clearpost.posts.lifecycle import post_transition
from clearpost.posts.models import Post
from clearpost.posts.services import post_create
from clearpost.publishing.models import Delivery
from clearpost.review.models import Notification, ReviewTask
from clearpost.review.services import review_route_submission, review_route_submissions
from clearpost.review.tests.factories import policy

pytestmark = pytest.mark.django_db
# (text, kind, sampling draw): to a principal, stopped by the engine, approved and sampled, approved.
CASES = [("Our office is closed on Monday.", ContentKind.COMPOSED, 0.5),
         ("This fund is guaranteed to double.", ContentKind.COMPOSED, 0.5),
         ("Thanks for the kind words!", ContentKind.REPLY, 0.05),
         ("Glad it helped.", ContentKind.REPLY, 0.5)]


def _submitted(advisor: User, account: NetworkAccount, text: str, kind: ContentKind) -> Post:
    post = post_create(author=advisor, account_id=account.pk, text=text, kind=kind)
    return post_transition(post_id=post.pk, to=PostStatus.SUBMITTED, actor_id=advisor.pk)


def _story(post: Post) -> dict[str, Any]:
    post.refresh_from_db()
    volatile = {"review_task", "decided_at", "due_at"}
    return {
        "status": post.status,
        "records": [(r.event_type, r.actor_id, {k: v for k, v in json.loads(r.body)["payload"].items()
                                                if k not in volatile})
                    for r in ArchiveRecord.objects.filter(post_id=post.pk).order_by("seq")],
        "tasks": [(t.purpose, t.status, t.automatic, t.assigned_to_id, t.reason, t.policy_basis)
                  for t in ReviewTask.objects.filter(post=post).order_by("pk")],
        "deliveries": list(Delivery.objects.filter(post=post).values_list("status", "account_id")),
        "notices": [(n.kind, n.title.replace(str(post.pk), "N"), n.body)
                    for n in Notification.objects.filter(post=post).order_by("pk")],
    }


def test_batch_routing_matches_routing_one_by_one(advisor: User, advisor_account: NetworkAccount, principal: User,
                                                  compliance: User) -> None:
    policy(compliance, {"network": "*", "kind": "*", "route": "pre_approval", "sla_minutes": 30},
           {"network": "*", "kind": "reply", "route": "post_review", "sla_minutes": 240, "sample_percent": 10})
    alone = [_submitted(advisor, advisor_account, text, kind) for text, kind, _ in CASES]
    batch = [_submitted(advisor, advisor_account, text, kind) for text, kind, _ in CASES]
    for post, (*_, draw) in zip(alone, CASES, strict=True):
        review_route_submission(post_id=post.pk, actor_id=advisor.pk, sample_draw=draw)
    outcomes = review_route_submissions(post_ids=[p.pk for p in batch], actor_ids={p.pk: advisor.pk for p in batch},
                                        sample_draws={p.pk: d for p, (*_, d) in zip(batch, CASES, strict=True)})
    assert list(outcomes.values()) == ["review", "reject", "auto_approve_sampled", "auto_approve"]
    for one, many in zip(alone, batch, strict=True):
        assert _story(many) == _story(one)
    assert [_story(p)["status"] for p in batch] == ["in_review", "rejected", "scheduled", "scheduled"]
