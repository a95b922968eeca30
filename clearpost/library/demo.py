"""The demo firm's library: a dozen approved items (market commentary, education, events, a holiday greeting), one
linked to "Dow up 150 points", the Dow as an instrument, a few advisors opted in to automatic sharing, and a
scheduled campaign. Idempotent: run it as often as you like. Then `clearpost market replay` plays a day on which the
Dow gains more than 150 points, which unlocks the event item and notifies the advisors."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from clearpost.accounts.models import User
from clearpost.entitlements.models import Cohort
from clearpost.library.choices import CampaignStatus
from clearpost.library.models import AdvisorPreference, Campaign, LibraryItem, LibraryItemVersion
from clearpost.library.services import (
    campaign_create,
    item_content,
    library_item_approve,
    library_item_create,
    library_item_submit,
)
from clearpost.markets.models import EventRule
from clearpost.markets.services import event_rule_create, instrument_save

DOW_RULE = "Dow up 150 points"
NOTE = {"note_allowed": True, "note_max_length": 120, "note_positions": ["before", "after"]}

ITEMS: list[dict[str, Any]] = [
    {"title": "The Dow is up 150+ points today", "tags": ["market-commentary"], "trigger": True,
     "disclosure_ids": ["general", "performance"], **NOTE,
     "body": "The {index_name} is up {index_points} points ({index_pct}) today, at {index_level}. Strong days feel "
             "good, but long-term plans are built for every kind of day. Questions about yours? — {advisor_name}",
     "variants": {"x": "The Dow is up {index_points} points today. Good days come and go; a long-term plan stays. "
                       "— {advisor_first_name}"}},
    {"title": "Markets move, plans endure", "tags": ["market-commentary"], "disclosure_ids": ["general"], **NOTE,
     "body": "Markets rise and fall, sometimes sharply. A written plan, a diversified portfolio and an emergency fund "
             "help you stay the course. Happy to review yours. — {advisor_name}, {branch}",
     "variants": {"x": "Markets rise and fall. A written plan and a diversified portfolio help you stay the course. "
                       "— {advisor_first_name}"}},
    {"title": "Why diversification matters", "tags": ["education"], "disclosure_ids": ["general"],
     "body": "Diversification spreads your money across different kinds of investments so that one setback does not "
             "decide your future. It does not assure a profit or protect against loss, but it helps manage risk.",
     "variants": {"x": "Diversification spreads risk, so one setback does not decide your future."}},
    {"title": "What is dollar-cost averaging?", "tags": ["education"], "disclosure_ids": ["general"], **NOTE,
     "body": "Dollar-cost averaging means investing a fixed amount on a regular schedule, whatever the market does. "
             "It builds a habit and takes emotion out of timing.",
     "variants": {"x": "Dollar-cost averaging: invest a fixed amount on a schedule. A habit, not a guess."}},
    {"title": "Roth or traditional IRA?", "tags": ["education", "retirement"], "disclosure_ids": ["tax", "general"],
     "body": "Traditional IRA contributions may be tax-deductible now; Roth contributions are made after tax and "
             "qualified withdrawals are tax-free later. Which fits depends on your situation.",
     "variants": {"x": "Roth or traditional IRA? Tax now or tax later: it depends on you. Let's talk."}},
    {"title": "Build an emergency fund", "tags": ["education"], "disclosure_ids": [],
     "body": "A common guideline: keep three to six months of essential expenses in cash you can reach quickly, so a "
             "surprise bill never forces you to sell investments at a bad time."},
    {"title": "Check us on BrokerCheck", "tags": ["education"], "disclosure_ids": [],
     "body": "Before you work with any financial professional, look them up for free on FINRA BrokerCheck: "
             "https://brokercheck.finra.org — it takes a minute."},
    {"title": "Free retirement-planning workshop", "tags": ["events"], "disclosure_ids": ["general"], **NOTE,
     "body": "Join {advisor_name} and the {branch} team for a free retirement-planning workshop. Bring your "
             "questions; no products will be sold. Reply or message us to reserve a seat.",
     "variants": {"x": "Free retirement-planning workshop with the {branch} team. No products sold. Message me to "
                       "reserve a seat."}},
    {"title": "Quarterly market outlook webinar", "tags": ["events", "market-commentary"],
     "disclosure_ids": ["forecast", "general"],
     "body": "Our strategists share their quarterly market outlook in a 30-minute webinar, with time for questions. "
             "Ask {advisor_first_name} for the link.",
     "variants": {"x": "Quarterly market outlook webinar: 30 minutes, with Q&A. Ask me for the link."}},
    {"title": "Community food drive", "tags": ["events", "community"], "disclosure_ids": [], **NOTE,
     "body": "The {branch} team is collecting food for the local food bank all month. Drop by the office — every "
             "can helps."},
    {"title": "Happy holidays", "tags": ["holiday"], "disclosure_ids": [], **NOTE,
     "body": "Warm wishes for the holidays from {advisor_name} and everyone at the {branch}. Thank you for your "
             "trust this year."},
    {"title": "Year-end planning checklist", "tags": ["education", "tax"], "disclosure_ids": ["tax"],
     "body": "Before December 31: review your retirement contributions, required minimum distributions, charitable "
             "gifts and beneficiary designations. A short checklist now saves stress in April.",
     "variants": {"x": "Year-end checklist: retirement contributions, RMDs, charitable gifts, beneficiaries."}},
]

AUTO_SHARE_ADVISORS = ("advisor2", "advisor4", "advisor6")


def _rule() -> EventRule:
    instrument_save(actor=None, symbol="^DJI", name="Dow Jones Industrial Average")
    rule = EventRule.objects.filter(name=DOW_RULE).first()
    return rule or event_rule_create(actor=None, name=DOW_RULE, symbol="^DJI", kind="points_up", threshold=150,
                                     unlock_minutes=8 * 60)


@transaction.atomic
def seed_library_demo(people: dict[str, User]) -> dict[str, int]:
    """Seed the demo library with the demo cast (keys are usernames: compliance1 writes, principal1 approves)."""
    author, approver = people["compliance1"], people["principal1"]
    rule = _rule()
    existing = set(LibraryItemVersion.objects.filter(item__current_version_id=F("pk")).values_list("title",
                                                                                                       flat=True))
    now = timezone.now()
    created = 0
    for spec in ITEMS:
        if spec["title"] in existing:
            continue
        fields = {k: v for k, v in spec.items() if k != "trigger"}
        content = item_content(valid_from=now - timedelta(days=1), valid_until=now + timedelta(days=90), **fields)
        item = library_item_create(actor=author, content=content, trigger_rule_id=rule.pk if spec.get("trigger")
                                   else None)
        library_item_submit(actor=author, item_id=item.pk)
        library_item_approve(actor=approver, item_id=item.pk, note="Approved for the demo library.")
        created += 1
    for username in AUTO_SHARE_ADVISORS:
        if username in people:
            AdvisorPreference.objects.get_or_create(advisor=people[username], defaults={"auto_share": True})
    cohort = Cohort.objects.filter(code="x-compose-pilot").first()
    holiday = LibraryItem.objects.filter(current_version__title="Happy holidays").first()
    if cohort and holiday and not Campaign.objects.filter(item=holiday, status=CampaignStatus.SCHEDULED).exists():
        campaign_create(actor=author, item_id=holiday.pk, cohort_id=cohort.pk, starts_at=now + timedelta(days=1))
    return {"items_created": created, "items": LibraryItem.objects.count()}
