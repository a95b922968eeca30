"""Errors raised by the policy engine."""

from __future__ import annotations


class RuleSetError(ValueError):
    """A rule set failed validation; the message names the rule id and the field at fault."""


class TextTooLarge(ValueError):
    """The text to screen exceeds the engine's size limit."""
