from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from clearpost.api.services import api_token_create
from clearpost.markets.models import EventRule, Instrument, MarketEvent, RejectedTick, Tick
from clearpost.markets.services import instrument_save

pytestmark = pytest.mark.django_db


def _bearer(user) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _, key = api_token_create(user=user, name="vendor")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def vendor(firm):  # type: ignore[no-untyped-def]
    from conftest import make_user

    user = make_user("feed")
    user.user_permissions.add(Permission.objects.get(codename="push_ticks"))
    return user


@pytest.fixture
def dow() -> Instrument:
    return instrument_save(actor=None, symbol="^DJI", name="Dow Jones Industrial Average")


@pytest.mark.urls("clearpost.library.tests.api_urls")
def test_vendor_pushes_ticks_and_an_event_fires(vendor, dow, client: Client) -> None:
    EventRule.objects.create(name="Dow up 150", instrument=dow, kind="points_up", threshold=150)
    auth = _bearer(vendor)
    for at, value in (("2025-11-24T16:00:00-05:00", "46448.27"), ("2025-11-25T11:15:00-05:00", "46620.10")):
        response = client.post("/api/market/ticks", data=json.dumps({"symbol": "^DJI", "value": value, "at": at}),
                               content_type="application/json", **auth)
        assert response.status_code == 201, response.content
    assert response.json()["events"][0]["figures"]["index_points"] == "171.83"
    assert client.get("/api/market/events", **auth).json()[0]["rule"] == "Dow up 150"


@pytest.mark.urls("clearpost.library.tests.api_urls")
def test_a_bad_tick_is_422_with_the_reason_and_logged(vendor, dow, client: Client) -> None:
    response = client.post("/api/market/ticks", data=json.dumps({"symbol": "^DJI", "value": "-3"}),
                           content_type="application/json", **_bearer(vendor))
    assert response.status_code == 422 and "positive" in response.json()["detail"]
    assert RejectedTick.objects.get().source == "api" and not Tick.objects.exists()


@pytest.mark.urls("clearpost.library.tests.api_urls")
def test_batch_is_all_or_nothing(vendor, dow, client: Client) -> None:
    batch = [{"symbol": "^DJI", "value": "46448.27", "at": "2025-11-25T10:00:00-05:00"},
             {"symbol": "^DJI", "value": "46449", "at": "2025-11-25T09:00:00-05:00"}]
    response = client.post("/api/market/ticks/batch", data=json.dumps(batch), content_type="application/json",
                           **_bearer(vendor))
    assert response.status_code == 422 and "line 2: out of order" in response.json()["detail"]
    assert not Tick.objects.exists()


@pytest.mark.urls("clearpost.library.tests.api_urls")
def test_advisors_and_anonymous_cannot_push(advisor, dow, client: Client) -> None:
    payload = json.dumps({"symbol": "^DJI", "value": "46448.27"})
    assert client.post("/api/market/ticks", data=payload, content_type="application/json").status_code == 401
    assert client.post("/api/market/ticks", data=payload, content_type="application/json",
                       **_bearer(advisor)).status_code == 403
    assert client.get("/api/market/instruments", **_bearer(advisor)).status_code == 403
    assert not Tick.objects.exists()


def test_dashboard_is_for_compliance_only(compliance, advisor, principal, supervisor, client: Client) -> None:
    for user in (advisor, principal, supervisor):
        client.force_login(user)
        assert client.get(reverse("markets:dashboard")).status_code == 403
        assert client.post(reverse("markets:upload")).status_code == 403
    client.force_login(compliance)
    assert client.get(reverse("markets:dashboard")).status_code == 200


def test_compliance_creates_a_rule_and_uploads_a_day(compliance, dow, client: Client) -> None:
    client.force_login(compliance)
    response = client.post(reverse("markets:dashboard"), {"name": "Dow up 150", "instrument": "^DJI",
                                                          "kind": "points_up", "threshold": "150",
                                                          "cooldown_minutes": "0", "unlock_minutes": "480"})
    assert response.status_code == 302
    from pathlib import Path

    day = (Path(__file__).resolve().parents[1] / "data" / "djia-150-point-day.csv").read_bytes()
    client.post(reverse("markets:upload"), {"file": SimpleUploadedFile("day.csv", day, "text/csv")})
    assert Tick.objects.count() == 28 and MarketEvent.objects.count() == 1
    page = client.get(reverse("markets:dashboard")).content.decode()
    assert "Dow up 150" in page and "158.60" in page
