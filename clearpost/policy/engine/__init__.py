"""Clearpost policy engine: a pure-Python screener for advisor social-media posts and inbound messages.

No Django imports anywhere in this package, so it can be benchmarked, fuzzed and reused on its own::

    from clearpost.policy.engine import screen, Engine, RuleSet

    screen("Guaranteed 12% returns!", "x", "outgoing").verdict  # "reject"
"""

from __future__ import annotations

from .engine import Engine, Finding, ScreenResult, default_engine, screen
from .errors import RuleSetError, TextTooLarge
from .learned import LearnedStage
from .ruleset import RuleSet

__all__ = [
    "Engine",
    "Finding",
    "LearnedStage",
    "RuleSet",
    "RuleSetError",
    "ScreenResult",
    "TextTooLarge",
    "default_engine",
    "screen",
]
