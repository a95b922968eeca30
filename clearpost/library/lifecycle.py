"""The library item lifecycle: one table of allowed moves (draft → in review → approved → expired / retired)."""

from __future__ import annotations

from clearpost.library.choices import ItemStatus as S

TRANSITIONS: dict[S, frozenset[S]] = {
    S.DRAFT: frozenset({S.IN_REVIEW, S.RETIRED}),
    # in_review -> draft: a principal returns it, or compliance edits it (the pending approval is void).
    S.IN_REVIEW: frozenset({S.APPROVED, S.DRAFT, S.RETIRED}),
    # approved -> draft: an edit makes a new version, which needs its own approval before advisors see it.
    S.APPROVED: frozenset({S.EXPIRED, S.RETIRED, S.DRAFT}),
    S.EXPIRED: frozenset({S.DRAFT, S.RETIRED}),
    S.RETIRED: frozenset(),
}


def can_transition(current: str, target: str) -> bool:
    return S(target) in TRANSITIONS[S(current)]
