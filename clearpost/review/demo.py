"""Demo data for review (called by `clearpost seed-demo`; idempotent): the firm's rejection reasons and a
routing policy like the story's firm — everything composed is pre-approved, unchanged library items are
approved automatically when the engine finds nothing, replies go to post-review sampling."""

from __future__ import annotations

from clearpost.accounts.models import User
from clearpost.review.models import RejectionReason, RoutingPolicy
from clearpost.review.services import rejection_reason_save, routing_policy_publish

REASONS = [
    ("not-balanced", "Not fair and balanced: benefits without risks (FINRA 2210(d)(1))"),
    ("promissory", "Promissory or exaggerated claim"),
    ("missing-disclosure", "A required disclosure is missing"),
    ("performance", "Performance figures without the required context"),
    ("recommendation", "An individual recommendation on a public channel"),
    ("off-topic", "Not a business communication the firm approves"),
]

DEMO_RULES = [
    {"network": "*", "kind": "*", "route": "pre_approval", "sla_minutes": 30},
    {"network": "*", "kind": "library", "route": "auto_if_clean", "sla_minutes": 15},
    {"network": "*", "kind": "library_with_note", "route": "auto_if_clean", "sla_minutes": 15},
    {"network": "*", "kind": "reply", "route": "post_review", "sla_minutes": 240, "sample_percent": 10},
]


def review_demo_seed(*, actor: User) -> None:
    """`actor` is a compliance admin."""
    for code, label in REASONS:
        if not RejectionReason.objects.filter(code=code).exists():
            rejection_reason_save(actor=actor, code=code, label=label)
    if not RoutingPolicy.objects.exists():
        routing_policy_publish(actor=actor, rules=DEMO_RULES, assignment="least_loaded", default_sla_minutes=30,
                               supervisor_escalation_minutes=30, note="demo firm policy")
