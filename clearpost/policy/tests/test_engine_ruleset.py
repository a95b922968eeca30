"""Rule sets as data: the shipped baseline, round trips, stable versions and clear validation errors."""

from __future__ import annotations

import copy
import json

import pytest

from clearpost.policy.engine import Engine, RuleSet, RuleSetError
from clearpost.policy.engine.vocabulary import CATEGORIES


def _minimal(**overrides: object) -> dict:
    rule = {
        "id": "demo.rule",
        "category": "guarantee",
        "severity": "reject",
        "directions": ["outgoing"],
        "phrases": ["guaranteed returns"],
        "rationale": "FINRA Rule 2210(d)(1)(B): no promissory claims.",
    }
    rule.update(overrides)
    return {"format": 1, "name": "demo", "rules": [rule]}


def test_baseline_has_at_least_a_thousand_phrases_and_cites_regulation() -> None:
    rs = RuleSet.load_default()
    assert rs.phrase_count() >= 1000
    assert len(rs.rules) >= 40
    for rule in rs.rules:
        assert rule.category in CATEGORIES
        assert any(tok in rule.rationale for tok in ("FINRA", "SEC", "Reg", "Rule", "CFR", "Act")), rule.id


def test_every_baseline_regex_names_the_substrings_it_needs() -> None:
    # An ungated regex runs on every text: layer 16 first shipped 349 of them and screened 4x slower.
    ungated = [rule.id for rule in RuleSet.load_default().rules for rx in rule.regexes if not rx.requires]
    assert ungated == []


def test_version_is_sha256_of_canonical_json() -> None:
    rs = RuleSet.load_default()
    assert rs.version.startswith("sha256:") and len(rs.version) == len("sha256:") + 64


def test_round_trip_dict_and_json_keep_the_version() -> None:
    rs = RuleSet.load_default()
    assert RuleSet.from_dict(rs.to_dict()).version == rs.version
    assert RuleSet.from_json(rs.to_json()).version == rs.version
    assert RuleSet.from_json(rs.to_json(indent=2)).version == rs.version


def test_version_ignores_key_order_and_whitespace_but_not_content() -> None:
    data = _minimal()
    reordered = json.loads(json.dumps(data, sort_keys=True))
    reordered["rules"][0] = dict(reversed(list(reordered["rules"][0].items())))
    assert RuleSet.from_dict(data).version == RuleSet.from_dict(reordered).version
    changed = copy.deepcopy(data)
    changed["rules"][0]["phrases"].append("risk-free returns")
    assert RuleSet.from_dict(changed).version != RuleSet.from_dict(data).version


def test_to_dict_is_a_copy() -> None:
    rs = RuleSet.from_dict(_minimal())
    d = rs.to_dict()
    d["rules"][0]["phrases"] = ["tampered"]
    assert rs.to_dict()["rules"][0]["phrases"] == ["guaranteed returns"]


def test_vocabulary_templates_expand() -> None:
    data = _minimal(phrases=["{adj} {noun}"])
    data["vocab"] = {"adj": ["guaranteed", "risk-free"], "noun": ["returns", "income"]}
    rs = RuleSet.from_dict(data)
    assert set(rs.rules[0].phrases) == {
        "guaranteed returns",
        "guaranteed income",
        "risk-free returns",
        "risk-free income",
    }
    res = Engine(rs).screen("Risk-free income for all", "x", "outgoing")
    assert res.verdict == "reject"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"category": "nonsense"}, "rule 'demo.rule': field 'category'"),
        ({"severity": "flag"}, "rule 'demo.rule': field 'severity'"),
        ({"severity": {"outgoing": "reject", "inbound": "flag"}}, "rule 'demo.rule': field 'severity'"),
        ({"directions": ["sideways"]}, "rule 'demo.rule': field 'directions'"),
        ({"rationale": ""}, "rule 'demo.rule': field 'rationale'"),
        ({"phrases": ["{missing} returns"]}, "unknown vocabulary 'missing'"),
        ({"regexes": ["(unclosed"]}, "rule 'demo.rule': field 'regexes'"),
        ({"regexes": ["(a+)+b"]}, "nested quantifier"),
        ({"detectors": ["telepathy"]}, "rule 'demo.rule': field 'detectors'"),
        ({"near": [{"terms": [["guaranteed"]], "within": 3}]}, "field 'near[0].terms'"),
        ({"near": [{"terms": [["guaranteed"], ["@nope"]]}]}, "unknown detector '@nope'"),
        ({"exceptions": [{"phrases": ["x"], "scope": "galaxy"}]}, "field 'exceptions[0].scope'"),
        ({"ignore_in": ["sarcasm"]}, "field 'ignore_in'"),
        ({"networks": ["myspace"]}, "field 'networks'"),
        ({"surprise": 1}, "field 'surprise': unknown field"),
        ({"phrases": [], "regexes": []}, "needs at least one of phrases"),
    ],
)
def test_invalid_rules_name_the_rule_and_field(overrides: dict, message: str) -> None:
    with pytest.raises(RuleSetError) as exc:
        RuleSet.from_dict(_minimal(**overrides))
    assert message in str(exc.value)
    assert isinstance(exc.value, ValueError)


def test_duplicate_ids_are_refused() -> None:
    data = _minimal()
    data["rules"].append(copy.deepcopy(data["rules"][0]))
    with pytest.raises(RuleSetError, match=r"rule 'demo\.rule': field 'id': duplicate"):
        RuleSet.from_dict(data)


def test_bad_id_and_top_level_errors() -> None:
    with pytest.raises(RuleSetError, match=r"rules\[0\]: field 'id'"):
        RuleSet.from_dict(_minimal(id="Bad Id!"))
    with pytest.raises(RuleSetError, match="field 'format'"):
        RuleSet.from_dict({**_minimal(), "format": 2})
    with pytest.raises(RuleSetError, match="not valid JSON"):
        RuleSet.from_json("{nope")
    with pytest.raises(RuleSetError, match="field 'rules'"):
        RuleSet.from_dict({"format": 1, "name": "x", "rules": []})


def test_inbound_complaint_severity_is_reserved_for_complaints() -> None:
    with pytest.raises(RuleSetError, match="reserved for category 'complaint'"):
        RuleSet.from_dict(_minimal(directions=["inbound"], severity="complaint"))
