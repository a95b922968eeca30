"""Builders for library and market tests (and the bench): a firm policy, an approved item, an event rule."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from clearpost.accounts.models import User
from clearpost.entitlements.models import NetworkPolicy
from clearpost.library.models import LibraryItem
from clearpost.library.services import item_content, library_item_approve, library_item_create, library_item_submit
from clearpost.markets.models import EventRule, Instrument


def open_networks(*networks: str) -> None:
    """Every advisor may share library content on these networks (no training required)."""
    for network in networks or ("x", "linkedin"):
        NetworkPolicy.objects.update_or_create(network=network, defaults={
            "default_level": "library", "features": ["post", "reply"], "library_courses": [], "compose_courses": []})


def approved_item(author: User, approver: User, *, trigger_rule: EventRule | None = None, **overrides: Any
                  ) -> LibraryItem:
    fields: dict[str, Any] = {
        "title": "Why we diversify", "body": "Diversification spreads risk across assets. — {advisor_name}, {branch}",
        "variants": {}, "disclosure_ids": ["general"], "tags": ["education"],
        "valid_from": timezone.now() - timedelta(hours=1), "valid_until": timezone.now() + timedelta(days=30),
    }
    fields.update(overrides)
    item = library_item_create(actor=author, content=item_content(**fields),
                               trigger_rule_id=trigger_rule.pk if trigger_rule else None)
    library_item_submit(actor=author, item_id=item.pk)
    return library_item_approve(actor=approver, item_id=item.pk)


def dow_rule(points: int = 150, unlock_minutes: int = 240) -> EventRule:
    instrument, _ = Instrument.objects.get_or_create(symbol="^DJI", defaults={"name": "Dow Jones Industrial Average"})
    return EventRule.objects.create(name=f"Dow up {points} points", instrument=instrument, kind="points_up",
                                    threshold=Decimal(points), unlock_minutes=unlock_minutes)
