"""A simulated audience: sandbox members who reply to the advisors' posts with questions, praise and, now and
then, a complaint or a trade instruction, so capture and supervision have real traffic in the demo."""

from __future__ import annotations

import random

from django.db import transaction

from clearpost.sandbox.models import SandboxAccount, SandboxPost
from clearpost.sandbox.services import NETWORKS, sandbox_account_ensure

MEMBERS = [("jo_investor", "Jo Investor"), ("retiree_rita", "Rita (retired teacher)"),
           ("dan_the_dentist", "Dan Okafor"), ("mia_saves", "Mia Laurent"), ("frank_b", "Frank Berger")]

REPLIES: dict[str, list[str]] = {
    "question": [
        "Does this apply to my IRA as well?",
        "What would you suggest for someone five years from retirement?",
        "Is the workshop open to non-clients?",
        "How do I book a call with you?",
    ],
    "praise": [
        "Thanks, very helpful as always!",
        "Great reminder, appreciate you sharing this.",
        "Loved the webinar last week, thank you.",
    ],
    "complaint": [
        "I've been trying to reach your office for two weeks about an unauthorized trade in my account. Unacceptable.",
        "You moved my money into a fund I never agreed to and now I've lost 20%. I want this fixed.",
    ],
    "trade_instruction": [
        "Please sell all my shares of ACME tomorrow morning.",
        "Buy 200 shares of XYZ for my account when the market opens.",
    ],
}
# Mostly benign, as a real audience is.
WEIGHTS = {"question": 0.4, "praise": 0.4, "complaint": 0.1, "trade_instruction": 0.1}


def audience_members(network: str) -> list[SandboxAccount]:
    return [sandbox_account_ensure(network=network, handle=h, display_name=n, is_audience=True) for h, n in MEMBERS]


@transaction.atomic
def audience_reply_round(*, probability: float = 0.5, max_replies: int = 50, seed: int | None = None,
                         kind: str | None = None) -> list[int]:
    """Reply (with `probability`) to each advisor post that has no audience reply yet, with a reply of `kind`
    (question, praise, complaint, trade_instruction) or a weighted random one. Returns the new ids."""
    if kind is not None and kind not in REPLIES:
        raise ValueError(f"unknown reply kind {kind!r}; choose one of {', '.join(REPLIES)}")
    rng = random.Random(seed)
    created: list[int] = []
    for network in NETWORKS:
        members = audience_members(network)
        waiting = (SandboxPost.objects.filter(network=network, in_reply_to__isnull=True, deleted_at__isnull=True,
                                              account__is_audience=False)
                   .exclude(replies__account__is_audience=True).select_related("account").order_by("-id")[:200])
        for post in waiting:
            if len(created) >= max_replies:
                return created
            if rng.random() >= probability:
                continue
            chosen = kind or rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
            text = rng.choice(REPLIES[chosen])
            if network == "x":
                text = f"@{post.account.handle} {text}"
            reply = SandboxPost.objects.create(account=rng.choice(members), network=network, text=text,
                                               in_reply_to=post, conversation_root_id=post.conversation_id)
            created.append(reply.pk)
    return created
