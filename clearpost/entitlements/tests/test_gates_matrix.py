"""Training state × entitlement level × feature: the UI, the API and the service agree on every combination,
and nothing is created (let alone published) that should not be."""

from __future__ import annotations

import itertools
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from clearpost.api.services import api_token_create
from clearpost.core.errors import NotPermitted
from clearpost.entitlements.choices import LEVEL_ORDER, Level
from clearpost.entitlements.models import NetworkPolicy
from clearpost.posts.choices import ContentKind
from clearpost.posts.models import Post
from clearpost.posts.services import require_entitled_for
from clearpost.training.models import Completion, Course, CourseVersion

TRAINING = ["none", "current", "lapsed"]
LEVELS = [Level.NONE, Level.LIBRARY, Level.COMPOSE]
FEATURE_SETS = [("post",), ("post", "reply"), ()]
CASES = list(itertools.product(TRAINING, LEVELS, FEATURE_SETS))
TEXT = "Our office is closed on Monday for the holiday. Enjoy the long weekend!"


def _setup(advisor, training: str, level: Level, features: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    NetworkPolicy.objects.filter(network="x").update(default_level=level, features=list(features),
                                                     library_courses=["smp"], compose_courses=["smp"])
    if training == "none":
        return
    course = Course.objects.create(code="smp", title="Social media policy")
    version = CourseVersion.objects.create(course=course, number=1, content="…", attestation_text="I attest.",
                                           validity_months=12, published_at=timezone.now())
    now = timezone.now()
    expires = now + timedelta(days=200) if training == "current" else now - timedelta(days=1)
    Completion.objects.create(advisor=advisor, course_version=version, completed_at=now - timedelta(days=170),
                              expires_at=expires, source="in_app")


def _allowed(training: str, level: Level, features: tuple[str, ...], need: Level, feature: str) -> bool:
    return training == "current" and LEVEL_ORDER[level] >= LEVEL_ORDER[need] and feature in features


@pytest.mark.parametrize(("training", "level", "features"), CASES)
def test_ui_api_and_service_agree(advisor, advisor_account, client: Client, training, level, features) -> None:
    _setup(advisor, training, level, features)
    compose_ok = _allowed(training, level, features, Level.COMPOSE, "post")

    client.force_login(advisor)
    ui = client.post("/posts/compose/", {"account": advisor_account.pk, "text": TEXT, "submit": "1"})
    assert (ui.status_code == 302) == compose_ok, ui.content[:300]
    if not compose_ok:
        assert b"not allowed" in ui.content

    key = api_token_create(user=advisor, name="t")[1]
    api = client.post("/api/posts", data=json.dumps({"account_id": advisor_account.pk, "text": TEXT + " (api)"}),
                      content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == (201 if compose_ok else 403), api.content[:300]
    assert Post.objects.filter(author=advisor).count() == (2 if compose_ok else 0)

    for kind, need, feature in ((ContentKind.LIBRARY, Level.LIBRARY, "post"),
                                (ContentKind.REPLY, Level.COMPOSE, "reply")):
        expected = _allowed(training, level, features, need, feature)
        if expected:
            require_entitled_for(advisor=advisor, network="x", kind=kind)
        else:
            with pytest.raises(NotPermitted):
                require_entitled_for(advisor=advisor, network="x", kind=kind)
