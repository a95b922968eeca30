"""The one entitlement check. The UI, the API, the scheduler and the worker all ask `entitlement_for`, so a
lapsed training or a suspension holds everywhere at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from clearpost.accounts.models import User
from clearpost.entitlements.choices import LEVEL_ORDER, Feature, GrantStatus, Level
from clearpost.entitlements.models import AdvisorGrant, Cohort, NetworkPolicy
from clearpost.training.choices import TrainingState
from clearpost.training.selectors import course_expiry_for, state_of

USABLE_TRAINING = {TrainingState.CURRENT, TrainingState.EXPIRING}
CHUNK = 5000  # keeps IN (...) lists under SQLite's variable limit at firm scale


@dataclass(frozen=True)
class Entitlement:
    network: str
    level: Level
    features: frozenset[str]
    reasons: list[str] = field(default_factory=list)

    def allows(self, level: Level, feature: str = Feature.POST) -> bool:
        return LEVEL_ORDER[self.level] >= LEVEL_ORDER[level] and feature in self.features

    def explain(self, level: Level, feature: str = Feature.POST) -> str:
        if feature not in self.features:
            return f"the firm does not allow '{feature}' on {self.network}"
        return "; ".join(self.reasons) or f"your access on {self.network} is '{self.level}', '{level}' is needed"


def _max(a: Level, b: Level) -> Level:
    return a if LEVEL_ORDER[a] >= LEVEL_ORDER[b] else b


def entitlement_for(*, advisor: User, network: str) -> Entitlement:
    network = "x" if network == "twitter" else network
    policy = NetworkPolicy.objects.filter(network=network).first()
    if policy is None:
        return Entitlement(network, Level.NONE, frozenset(), [f"the firm has not opened {network}"])
    reasons: list[str] = []
    level = Level(policy.default_level)
    for cohort in Cohort.objects.filter(members=advisor):
        for grant in cohort.grants:
            if grant.get("network") == network:
                level = _max(level, Level(grant["level"]))
    grant = AdvisorGrant.objects.filter(advisor=advisor, network=network).exclude(status=GrantStatus.REVOKED).first()
    if grant is not None and grant.status == GrantStatus.SUSPENDED:
        return Entitlement(network, Level.NONE, frozenset(policy.features),
                           [f"access on {network} is suspended: {grant.reason}"])
    if grant is not None:
        level = _max(level, Level(grant.level))
    # Training before access: a level whose courses are not current falls back to the highest level that holds.
    states = training_states(advisor=advisor, course_codes=set(policy.library_courses) | set(policy.compose_courses))

    def missing(codes: list[str]) -> list[str]:
        return [c for c in codes if states[c] not in USABLE_TRAINING]

    if level == Level.COMPOSE and (gaps := missing(policy.compose_courses)):
        reasons.append(f"composing on {network} needs current training: {_describe(gaps, states)}")
        level = Level.LIBRARY
    if level == Level.LIBRARY and (gaps := missing(policy.library_courses)):
        reasons.append(f"sharing on {network} needs current training: {_describe(gaps, states)}")
        level = Level.NONE
    return Entitlement(network, level, frozenset(policy.features), reasons)


def training_states(*, advisor: User, course_codes: set[str]) -> dict[str, TrainingState]:
    now = timezone.now()
    return {code: state_of(course_expiry_for(advisor_ids=[advisor.pk], course_code=code).get(advisor.pk), now)
            for code in course_codes}


def _describe(codes: list[str], states: dict[str, TrainingState]) -> str:
    return ", ".join(f"{code} ({TrainingState(states[code]).label.lower()})" for code in codes)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def entitled_advisor_ids(*, advisor_ids: list[int], network: str, level: Level = Level.LIBRARY,
                         feature: str = Feature.POST, now: datetime | None = None) -> set[int]:
    """`entitlement_for(...).allows(level, feature)` for many advisors in a handful of queries, whatever their
    number: the same rules (firm default, cohort grants, explicit grant or suspension, training before access).
    Fan-outs and batches of automatic shares ask this instead of one `entitlement_for` per advisor."""
    network = "x" if network == "twitter" else network
    now = now or timezone.now()
    policy = NetworkPolicy.objects.filter(network=network).first()
    if policy is None or feature not in (policy.features or []) or not advisor_ids:
        return set()
    levels = dict.fromkeys(advisor_ids, Level(policy.default_level))
    granting = {c.pk: Level(g["level"]) for c in Cohort.objects.all() for g in c.grants if g.get("network") == network}
    suspended: set[int] = set()
    through = Cohort.members.through
    for chunk in _chunks(advisor_ids):
        if granting:
            for user_id, cohort_id in through.objects.filter(cohort_id__in=list(granting), user_id__in=chunk
                                                             ).values_list("user_id", "cohort_id"):
                levels[user_id] = _max(levels[user_id], granting[cohort_id])
        grants = (AdvisorGrant.objects.filter(advisor_id__in=chunk, network=network).exclude(status=GrantStatus.REVOKED)
                  .values_list("advisor_id", "level", "status"))
        for user_id, grant_level, status in grants:
            if status == GrantStatus.SUSPENDED:
                suspended.add(user_id)
            else:
                levels[user_id] = _max(levels[user_id], Level(grant_level))
    expiry: dict[str, dict[int, datetime]] = {}
    for code in set(policy.library_courses or []) | set(policy.compose_courses or []):
        expiry[code] = {}
        for chunk in _chunks(advisor_ids):
            expiry[code].update(course_expiry_for(advisor_ids=chunk, course_code=code))

    def trained(user_id: int, codes: list[str]) -> bool:
        return all(state_of(expiry[c].get(user_id), now) in USABLE_TRAINING for c in codes)

    entitled = set()
    for user_id, held in levels.items():
        if user_id in suspended:
            continue
        if held == Level.COMPOSE and not trained(user_id, policy.compose_courses or []):
            held = Level.LIBRARY
        if held == Level.LIBRARY and not trained(user_id, policy.library_courses or []):
            held = Level.NONE
        if LEVEL_ORDER[held] >= LEVEL_ORDER[level]:
            entitled.add(user_id)
    return entitled
