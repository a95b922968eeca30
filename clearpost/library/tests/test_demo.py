"""The story end to end: the demo firm's library, then a replay of a day on which the Dow gains more than 150
points unlocks the linked item, notifies the advisors and auto-shares for those who opted in."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from clearpost.accounts.models import User
from clearpost.library.choices import ItemStatus
from clearpost.library.demo import ITEMS, seed_library_demo
from clearpost.library.models import LibraryItem, Share, Suggestion
from clearpost.library.selectors import library_list_for_advisor, share_preview
from clearpost.markets.models import MarketEvent

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                         "QUEUES": ["default", "publishing"]}}


@pytest.fixture
def people(db: None) -> dict[str, User]:
    call_command("seed-demo", "--no-history", stdout=StringIO())
    return {u.username: u for u in User.objects.all()}


def test_demo_library_is_idempotent_and_fits_every_network(people: dict[str, User]) -> None:
    # seed-demo has already seeded the library once; seeding again creates nothing.
    assert LibraryItem.objects.count() == len(ITEMS) == 12
    assert seed_library_demo(people)["items_created"] == 0
    assert LibraryItem.objects.filter(status=ItemStatus.APPROVED).count() == 12
    advisor = people["advisor1"]
    assert len(library_list_for_advisor(advisor=advisor)) == 11  # the event item waits for its event
    for item in LibraryItem.objects.select_related("current_version"):
        figures = {"index_name": "Dow Jones Industrial Average", "index_points": "312.14", "index_pct": "0.67%",
                   "index_level": "46,760.41"}
        for network in ("x", "linkedin"):
            assert share_preview(advisor=advisor, version=item.current_version, network=network, figures=figures).fits


def test_replaying_the_150_point_day_notifies_and_auto_shares(people: dict[str, User],
                                                              django_capture_on_commit_callbacks) -> None:
    seed_library_demo(people)
    out = StringIO()
    with override_settings(TASKS=IMMEDIATE), django_capture_on_commit_callbacks(execute=True):
        call_command("market", "replay", "--speed", "0", stdout=out, stderr=StringIO())
    assert "event fired: Dow up 150 points" in out.getvalue()
    assert MarketEvent.objects.count() == 1
    notified = set(Suggestion.objects.values_list("advisor__username", flat=True))
    assert "advisor1" in notified and "advisor25" not in notified  # advisor25 never trained
    auto = set(Share.objects.filter(automatic=True).values_list("advisor__username", flat=True))
    assert auto == {"advisor2", "advisor4", "advisor6"}
    assert all(s.post_id for s in Share.objects.all())
    # replaying the same day again is refused tick by tick and fires nothing new
    err = StringIO()
    call_command("market", "replay", "--speed", "0", stdout=StringIO(), stderr=err)
    assert "out of order" in err.getvalue() and MarketEvent.objects.count() == 1
