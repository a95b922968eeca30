from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from clearpost.posts.choices import PostStatus
from clearpost.posts.lifecycle import TRANSITIONS, can_transition


def test_every_status_has_a_row_in_the_transition_table() -> None:
    assert set(TRANSITIONS) == set(PostStatus)


def test_withdrawn_is_final_and_published_only_withdraws() -> None:
    assert TRANSITIONS[PostStatus.WITHDRAWN] == frozenset()
    assert TRANSITIONS[PostStatus.PUBLISHED] == frozenset({PostStatus.WITHDRAWN})


@given(st.lists(st.sampled_from(list(PostStatus)), min_size=1, max_size=30))
def test_a_walk_through_legal_moves_never_reaches_published_without_approval(moves: list[PostStatus]) -> None:
    status = PostStatus.DRAFT
    approved = False
    for target in moves:
        if not can_transition(status, target):
            continue
        if target == PostStatus.APPROVED:
            approved = True
        if target == PostStatus.DRAFT:
            approved = False
        if target == PostStatus.PUBLISHED:
            assert approved
        status = target
