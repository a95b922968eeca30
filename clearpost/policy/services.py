"""The Django face of the policy engine: which rule set is active, its versions, and screening as services
record it. Rule-set versions are never edited: a change is a new version (identified by the hash of its
content), archived in the same transaction, and every screening result names the version it used."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from django.db import transaction

from clearpost.accounts.models import User
from clearpost.archive.services import archive_record_append
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.core.events import EventType
from clearpost.policy.models import PolicyRuleSet

if TYPE_CHECKING:
    from clearpost.policy.engine import Engine

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def _engine_for(version: str | None) -> Engine:
    """Engines compile once per rule-set version and are reused by every request in the process."""
    from clearpost.policy.engine import Engine, RuleSet

    key = version or "default"
    engine = _engines.get(key)
    if engine is None:
        with _lock:
            engine = _engines.get(key)
            if engine is None:
                stored = PolicyRuleSet.objects.filter(version=version).first() if version else None
                engine = Engine(RuleSet.from_dict(stored.body) if stored else RuleSet.load_default())
                _engines[key] = engine
    return engine


def active_engine() -> Engine:
    version = PolicyRuleSet.objects.filter(active=True).values_list("version", flat=True).first()
    return _engine_for(version)


def active_version() -> str:
    """The version of the active rule set (the shipped baseline when compliance has stored none)."""
    from clearpost.policy.engine import RuleSet

    stored = PolicyRuleSet.objects.filter(active=True).values_list("version", flat=True).first()
    return stored or RuleSet.load_default().version


def policy_screen(*, text: str, network: str, direction: str = "outgoing") -> dict[str, Any]:
    """Screen a text with the active rule set; the result (with the rule-set version) is stored with whatever
    was screened, so every decision can show the evidence it was based on."""
    result = active_engine().screen(text, network, direction)
    data = result.to_dict()
    data["findings"] = [
        {**finding, "rationale": f.rationale} for finding, f in zip(data["findings"], result.findings, strict=True)
    ]
    return data


def _require_rules_admin(actor: User) -> None:
    if not actor.has_perm("policy.manage_rules"):
        raise NotPermitted("only compliance admins manage rule sets", permission="policy.manage_rules")


@transaction.atomic
def ruleset_import(*, actor: User, text: str, name: str = "", activate: bool = False) -> PolicyRuleSet:
    """Validate and store a rule set (JSON). The same content imported twice is the same version."""
    from clearpost.policy.engine import RuleSet

    _require_rules_admin(actor)
    try:
        ruleset = RuleSet.from_json(text)
    except ValueError as exc:
        raise DomainError(f"the rule set is not valid: {exc}", code="invalid_ruleset") from exc
    body = ruleset.to_dict()
    stored, created = PolicyRuleSet.objects.get_or_create(
        version=ruleset.version,
        defaults={"name": name or str(body.get("name") or "rule set"), "body": body, "created_by": actor})
    if created:
        archive_record_append(event_type=EventType.RULESET_CHANGED, actor_id=actor.pk,
                              payload={"action": "imported", "version": ruleset.version, "name": stored.name,
                                       "rule_set": body})
    if activate:
        ruleset_activate(actor=actor, version=stored.version)
        stored.refresh_from_db()
    return stored


@transaction.atomic
def ruleset_activate(*, actor: User, version: str) -> PolicyRuleSet:
    _require_rules_admin(actor)
    target = PolicyRuleSet.objects.select_for_update().filter(version=version).first()
    if target is None:
        raise DomainError(f"no rule set version {version}", code="unknown_version")
    previous = PolicyRuleSet.objects.filter(active=True).exclude(pk=target.pk).values_list("version", flat=True).first()
    PolicyRuleSet.objects.filter(active=True).exclude(pk=target.pk).update(active=False)
    if not target.active:
        target.active = True
        target.save(update_fields=["active"])
        archive_record_append(event_type=EventType.RULESET_CHANGED, actor_id=actor.pk,
                              payload={"action": "activated", "version": version, "previous": previous})
    return target


def ruleset_export(*, version: str | None = None) -> str:
    """The rule set as JSON: a stored version, or the active one (the shipped baseline when none is stored)."""
    from clearpost.policy.engine import RuleSet

    if version:
        stored = PolicyRuleSet.objects.filter(version=version).first()
        if stored is None:
            raise DomainError(f"no rule set version {version}", code="unknown_version")
        return RuleSet.from_dict(stored.body).to_json()
    active = PolicyRuleSet.objects.filter(active=True).first()
    return (RuleSet.from_dict(active.body) if active else RuleSet.load_default()).to_json()
