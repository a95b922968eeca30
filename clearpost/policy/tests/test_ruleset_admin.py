from __future__ import annotations

import json

import pytest
from django.test import Client

from clearpost.archive.models import ArchiveRecord
from clearpost.core.errors import DomainError, NotPermitted
from clearpost.policy.models import PolicyRuleSet
from clearpost.policy.services import policy_screen, ruleset_activate, ruleset_export, ruleset_import


def _baseline() -> dict:
    return json.loads(ruleset_export())


def test_import_is_versioned_by_content_and_archived(compliance) -> None:
    body = _baseline()
    first = ruleset_import(actor=compliance, text=json.dumps(body), name="baseline copy")
    again = ruleset_import(actor=compliance, text=json.dumps(body, indent=4))  # same content, other whitespace
    assert first.pk == again.pk and first.version.startswith("sha256:")
    assert ArchiveRecord.objects.filter(event_type="policy.ruleset_changed").count() == 1


def test_activation_changes_what_screening_uses_and_results_name_the_version(compliance) -> None:
    body = _baseline()
    body["rules"] = [r for r in body["rules"] if r["category"] != "off_channel"]
    body["name"] = "without off-channel"
    text = "Text me on WhatsApp for a quick chat about your account."
    before = policy_screen(text=text, network="x")
    assert "off_channel" in before["categories"]
    stored = ruleset_import(actor=compliance, text=json.dumps(body), activate=True)
    after = policy_screen(text=text, network="x")
    assert "off_channel" not in after["categories"]
    assert after["policy_version"] == stored.version != before["policy_version"]
    assert PolicyRuleSet.objects.filter(active=True).count() == 1


def test_invalid_rule_sets_are_refused_with_a_message(compliance) -> None:
    with pytest.raises(DomainError, match="not valid"):
        ruleset_import(actor=compliance, text="{not json")
    body = _baseline()
    body["rules"][0]["category"] = "not-a-category"
    with pytest.raises(DomainError, match="not valid"):
        ruleset_import(actor=compliance, text=json.dumps(body))
    assert not PolicyRuleSet.objects.exists()


def test_only_compliance_manages_rules(advisor, principal, compliance, client: Client) -> None:
    with pytest.raises(NotPermitted):
        ruleset_import(actor=advisor, text=json.dumps(_baseline()))
    with pytest.raises(NotPermitted):
        ruleset_activate(actor=principal, version="sha256:x")
    client.force_login(advisor)
    assert client.get("/policy/rules/").status_code == 403
    client.force_login(compliance)
    assert client.get("/policy/rules/").status_code == 200
    assert client.get("/policy/rules/export/").json()["rules"]
