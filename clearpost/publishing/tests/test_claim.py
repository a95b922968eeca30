"""Claiming a batch: the send-time checks, and a post that changes between those checks and its move."""

from __future__ import annotations

import pytest
from django.utils import timezone

from clearpost.accounts.choices import Role
from clearpost.archive.selectors import archive_verify
from clearpost.conftest_helpers import submitted_post
from clearpost.posts.choices import PostStatus
from clearpost.posts.models import Post
from clearpost.posts.services import post_withdraw
from clearpost.publishing.choices import DeliveryStatus
from clearpost.publishing.models import AccountGate, Delivery
from clearpost.publishing.services import Claim, _backoff, _posts_publishing, deliveries_claim
from clearpost.review.services import review_task_approve
from conftest import link_account, make_user

pytestmark = pytest.mark.django_db


def _approved(advisor, account, principal, text: str) -> Delivery:  # type: ignore[no-untyped-def]
    _, task = submitted_post(advisor, account, text)
    review_task_approve(task_id=task.pk, reviewer=principal)
    return Delivery.objects.select_related("post", "post__author", "version", "account").get(post=task.post)


def test_a_batch_claim_moves_every_post_to_publishing_and_holds_the_gates(firm, principal) -> None:
    deliveries = []
    for n in range(3):
        advisor = make_user(f"adv{n}", Role.ADVISOR, branch=firm["boston"])
        deliveries.append(_approved(advisor, link_account(advisor), principal, f"Office hours on Friday ({n})."))
    claims = deliveries_claim(holder="w1", limit=10)
    assert sorted(c.delivery.pk for c in claims) == sorted(d.pk for d in deliveries)
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENDING}
    assert set(Post.objects.values_list("status", flat=True)) == {PostStatus.PUBLISHING}
    assert set(AccountGate.objects.values_list("busy_by", flat=True)) == {"w1"}
    assert deliveries_claim(holder="w2", limit=10) == []  # every account is busy with w1
    assert archive_verify().ok


def test_a_post_withdrawn_after_the_checks_read_it_is_held_not_sent(advisor, advisor_account, principal) -> None:
    delivery = _approved(advisor, advisor_account, principal, "Our office closes early on Friday.")
    # The claim read the post as scheduled; the author withdraws it before the claim moves it.
    post_withdraw(post_id=delivery.post_id, actor=advisor)
    assert delivery.post.status == PostStatus.SCHEDULED
    to_hold = Claim(delivery, "w1", reconcile_first=False)
    # A send in doubt is still looked for on the network first, whatever became of the post.
    in_doubt = Claim(delivery, "w1", reconcile_first=True)
    assert _posts_publishing([to_hold, in_doubt]) == [to_hold]
    assert Post.objects.get(pk=delivery.post_id).status == PostStatus.WITHDRAWN


def test_send_time_checks_of_a_batch_give_each_delivery_its_own_reason(firm, principal) -> None:
    from clearpost.entitlements.choices import GrantStatus
    from clearpost.entitlements.models import AdvisorGrant

    deliveries = []
    for n in range(3):
        advisor = make_user(f"chk{n}", Role.ADVISOR, branch=firm["boston"])
        deliveries.append(_approved(advisor, link_account(advisor), principal, f"Market notes, week {n}."))
    ok, suspended, edited = deliveries
    AdvisorGrant.objects.create(advisor=suspended.post.author, network=suspended.post.network, level="none",
                                status=GrantStatus.SUSPENDED, reason="under review", decided_by=principal,
                                decided_at=timezone.now())
    Post.objects.filter(pk=edited.post_id).update(current_version=None)
    claims = deliveries_claim(holder="w1", limit=10)
    assert [c.delivery.pk for c in claims] == [ok.pk]
    held = {d.pk: d for d in Delivery.objects.filter(status=DeliveryStatus.HELD)}
    assert set(held) == {suspended.pk, edited.pk}
    assert held[edited.pk].last_error == "the post was edited after approval"
    assert "suspend" in held[suspended.pk].last_error.lower()
    assert archive_verify().ok


def test_the_wait_between_attempts_grows_to_the_configured_cap_and_respects_an_announced_reset(settings) -> None:
    settings.PUBLISH_BACKOFF_MAX_SECONDS = 8
    waits = [_backoff(attempt, None).total_seconds() for attempt in range(1, 13) for _ in range(20)]
    assert max(waits) <= 8
    assert min(_backoff(12, None).total_seconds() for _ in range(20)) >= 4  # half the cap at least: jitter only
    assert _backoff(1, 30).total_seconds() >= 30.5  # the network's reset wins over a short backoff
