"""`clearpost check`: Django's system check unchanged, plus the policy screen (--jsonl / --network)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from clearpost.policy.engine import RuleSet


def _run(*args: str, stdin: str | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    kwargs = {"stdout": out, "stderr": err}
    if stdin is not None:
        kwargs["stdin"] = io.StringIO(stdin)
    call_command("check", *args, **kwargs)
    return out.getvalue(), err.getvalue()


def test_without_policy_options_it_is_djangos_system_check() -> None:
    out, _ = _run()
    assert "System check identified no issues" in out


def test_jsonl_screens_each_line_in_order() -> None:
    lines = [
        {"id": "a", "text": "Guaranteed 10% returns!", "network": "twitter", "direction": "outgoing"},
        {"id": 2, "text": "Happy holidays!", "network": "linkedin", "direction": "outgoing"},
        {
            "id": "c",
            "text": "I never authorized these trades in my IRA.",
            "network": "x",
            "direction": "inbound",
        },
    ]
    out, err = _run("--jsonl", "-", stdin="".join(json.dumps(x) + "\n" for x in lines))
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a", 2, "c"]
    assert [r["verdict"] for r in rows] == ["reject", "approve", "complaint"]
    assert set(rows[0]) == {"id", "verdict", "categories", "findings", "length", "policy_version"}
    assert rows[0]["length"]["network"] == "x"
    assert rows[1]["categories"] == ["none"]
    assert err == ""


def test_jsonl_reports_bad_lines_with_line_numbers_and_fails_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"id": 1, "text": "ok", "network": "x", "direction": "outgoing"}\n'
        "not json\n"
        '{"id": 3, "network": "x"}\n'
        '{"id": 4, "text": "hi", "network": "myspace"}\n'
        '{"text": "no id", "network": "x"}\n'
        '{"id": 6, "text": "hi", "network": "x", "direction": "sideways"}\n'
        '{"id": 7, "text": "still screened", "network": "mastodon"}\n',
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="5 bad line"):
        call_command("check", "--jsonl", str(path), stdout=out, stderr=err)
    assert [json.loads(x)["id"] for x in out.getvalue().splitlines()] == [1, 7]
    for n in (2, 3, 4, 5, 6):
        assert f"line {n}:" in err.getvalue()


def test_single_text_prints_a_readable_report() -> None:
    out, _ = _run("Guaranteed 12% returns, text me on WhatsApp", "--network", "x")
    assert "verdict:" in out and "reject" in out
    assert "guarantee.figure" in out and "FINRA" in out
    assert "length:" in out and "/280" in out


def test_rules_option_uses_another_rule_set(tmp_path: Path) -> None:
    rules = {
        "format": 1,
        "name": "tiny",
        "rules": [
            {
                "id": "tiny.word",
                "category": "profanity",
                "severity": "reject",
                "directions": ["outgoing"],
                "phrases": ["pineapple"],
                "rationale": "FINRA Rule 2010 test rule",
            }
        ],
    }
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(rules), encoding="utf-8")
    out, _ = _run(
        "--jsonl",
        "-",
        "--rules",
        str(path),
        stdin='{"id": 1, "text": "Pineapple pizza, guaranteed 10%", "network": "x"}\n',
    )
    row = json.loads(out)
    assert row["verdict"] == "reject" and row["categories"] == ["profanity"]
    assert row["policy_version"] == RuleSet.from_dict(rules).version


def test_invalid_rules_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(
        '{"format": 1, "name": "x", "rules": [{"id": "r1", "category": "nope"}]}', encoding="utf-8"
    )
    with pytest.raises(CommandError, match="rule 'r1': field 'category'"):
        _run("hello", "--network", "x", "--rules", str(path))
