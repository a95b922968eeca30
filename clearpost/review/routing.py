"""Routing rules: which route a post takes, given the firm's routing policy and the engine's verdict.

Pure functions over plain data, so the decision table can be tested (and explained) without a database."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clearpost.review.choices import Route

ANY = "*"
# With no policy stored, everything needs a principal: the strict reading of FINRA 2210(b)(1).
BUILTIN_VERSION = 0
BUILTIN_SLA_MINUTES = 60


@dataclass(frozen=True)
class RouteRule:
    network: str
    kind: str
    route: Route
    sla_minutes: int
    sample_percent: int = 0


@dataclass(frozen=True)
class RoutingDecision:
    """What happens to a submitted version: `reject` (back to the advisor), `review` (a principal),
    `auto_approve` (no human; recorded with the policy basis) or `auto_approve_sampled` (auto + post-review)."""

    outcome: str
    rule: RouteRule
    policy_version: int


def validate_rules(rules: list[dict[str, Any]]) -> list[RouteRule]:
    """Parse and check stored rules; raises ValueError naming the first bad one."""
    from clearpost.connectors.choices import Network
    from clearpost.posts.choices import ContentKind

    parsed: list[RouteRule] = []
    seen: set[tuple[str, str]] = set()
    for i, raw in enumerate(rules):
        network = str(raw.get("network", ANY))
        kind = str(raw.get("kind", ANY))
        if network != ANY and network not in Network.values:
            raise ValueError(f"rule {i + 1}: unknown network {network!r}")
        if kind != ANY and kind not in ContentKind.values:
            raise ValueError(f"rule {i + 1}: unknown content kind {kind!r}")
        if raw.get("route") not in Route.values:
            raise ValueError(f"rule {i + 1}: route must be one of {', '.join(Route.values)}")
        sla = int(raw.get("sla_minutes", BUILTIN_SLA_MINUTES))
        sample = int(raw.get("sample_percent", 0))
        if not 1 <= sla <= 7 * 24 * 60:
            raise ValueError(f"rule {i + 1}: the SLA must be between 1 minute and 7 days")
        if not 0 <= sample <= 100:
            raise ValueError(f"rule {i + 1}: the sample must be a percentage")
        if (network, kind) in seen:
            raise ValueError(f"rule {i + 1}: a second rule for {network} × {kind}")
        seen.add((network, kind))
        parsed.append(RouteRule(network, kind, Route(raw["route"]), sla, sample))
    return parsed


def rule_for(rules: list[RouteRule], *, network: str, kind: str, default_sla: int) -> RouteRule:
    """The most specific rule wins: network × kind, then network × any, any × kind, any × any."""
    by_key = {(r.network, r.kind): r for r in rules}
    for key in ((network, kind), (network, ANY), (ANY, kind), (ANY, ANY)):
        if key in by_key:
            return by_key[key]
    return RouteRule(ANY, ANY, Route.PRE_APPROVAL, default_sla)


def decide_route(rule: RouteRule, *, verdict: str, policy_version: int, sample_draw: float) -> RoutingDecision:
    """Combine the firm's rule with the engine's verdict. The engine can only make things stricter: `reject`
    always goes back to the advisor and `review` always to a principal; only `approve` may skip review, and
    only where the rule allows. `sample_draw` in [0, 1) decides post-review sampling."""
    if verdict == "reject":
        return RoutingDecision("reject", rule, policy_version)
    if verdict != "approve" or rule.route == Route.PRE_APPROVAL:
        return RoutingDecision("review", rule, policy_version)
    if rule.route == Route.POST_REVIEW and sample_draw * 100 < rule.sample_percent:
        return RoutingDecision("auto_approve_sampled", rule, policy_version)
    return RoutingDecision("auto_approve", rule, policy_version)
