"""Engines the policy tests share, compiled once per test session (a compile takes about a second)."""

from __future__ import annotations

import functools

from clearpost.policy.engine import Engine, default_engine


@functools.cache
def rules_only() -> Engine:
    """The baseline rules without the learned stage: what the rule tests pin (test_learned.py tests the stage,
    and bounds its false alarms on the same texts)."""
    return Engine(default_engine().ruleset, learned=None)
