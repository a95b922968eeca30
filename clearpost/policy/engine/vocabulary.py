"""Fixed vocabularies shared by the rule-set validator, the engine and the documentation."""

from __future__ import annotations

DIRECTIONS = ("outgoing", "inbound")
NETWORKS = ("x", "linkedin", "mastodon")

# corpus/README.md: the categories a finding may carry.
CATEGORIES = (
    "promissory",
    "guarantee",
    "performance_claim",
    "forecast",
    "specific_security",
    "testimonial",
    "third_party_content",
    "pii",
    "off_channel",
    "mnpi",
    "profanity",
    "misleading",
    "tax_advice",
    "crypto",
    "complaint",
)

# Severity ladders, lowest first.  "info" findings are reported but never change the verdict.
SEVERITIES = {
    "outgoing": ("info", "review", "reject"),
    "inbound": ("info", "flag", "complaint"),
}
# The verdict each severity produces (info leaves the default verdict in place).
VERDICTS = {
    "outgoing": {"info": "approve", "review": "review", "reject": "reject"},
    "inbound": {"info": "ok", "flag": "flag", "complaint": "complaint"},
}
DEFAULT_VERDICT = {"outgoing": "approve", "inbound": "ok"}

# Contexts in which a rule's matches can be ignored (rule field "ignore_in").
IGNORE_CONTEXTS = ("negation", "quotation", "warning")
EXCEPTION_SCOPES = ("match", "sentence", "text")

MAX_TEXT_BYTES = 1_000_000
