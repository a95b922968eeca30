"""Load for the fault test and the publishing bench: approved posts through the real services (create, submit,
approve), on the demo firm's advisors across networks, and a JSON report of every delivery. Run inside a
`core.testing.System` process with `clearpost shell -c`."""

from __future__ import annotations

import json
import sys
from itertools import cycle
from typing import Any

from django.db import transaction

from clearpost.connectors.choices import AccountStatus
from clearpost.connectors.models import NetworkAccount
from clearpost.connectors.tokens import encrypt_token
from clearpost.sandbox.tokens import sandbox_token

# Reserved characters of LinkedIn's little text, so escaping is exercised under load too.
TEXTS = [
    "Our weekly note #{n} is on the blog (with charts) [link in bio].",
    "Reminder #{n}: our office hours are Tue & Thu, 9-5 [by appointment].",
    "Saving for college? Join our free workshop_{n} on Saturday <bring questions>.",
    "Thank you to everyone at the community 5k {n}! Great morning *and* a great cause.",
]


def _open_networks(networks: list[str]) -> None:
    """The load's firm lets every advisor compose on every network, without courses (entitlements are tested
    elsewhere; this measures publishing)."""
    try:
        from clearpost.entitlements.models import NetworkPolicy
    except ImportError:
        return
    for network in networks:
        NetworkPolicy.objects.update_or_create(network=network, defaults={
            "default_level": "compose", "features": ["post", "reply", "comment"], "library_courses": [],
            "compose_courses": []})


def _accounts(networks: list[str], advisors: int) -> list[NetworkAccount]:
    from clearpost.accounts.demo import DEMO_ADVISORS
    from clearpost.accounts.models import User

    _open_networks(networks)

    out = []
    for person in DEMO_ADVISORS[:advisors]:
        user = User.objects.get(username=person.username)
        for network in networks:
            account, _ = NetworkAccount.objects.get_or_create(
                owner=user, network=network, handle=person.handle,
                defaults={"display_name": person.name, "status": AccountStatus.ACTIVE,
                          "access_token_encrypted": encrypt_token(sandbox_token(network, person.handle))})
            out.append(account)
    return out


def _approve(task_id: int, principals: list[Any]) -> None:
    """The demo's principals each cover some branches; the first one the routing lets act approves."""
    from clearpost.core.errors import NotPermitted
    from clearpost.review.services import review_task_approve

    for principal in principals:
        try:
            with transaction.atomic():
                review_task_approve(task_id=task_id, reviewer=principal)
            return
        except NotPermitted:
            continue
    raise RuntimeError(f"no demo principal may approve review task {task_id}")


def seed(*, count: int, networks: list[str], advisors: int, tag: str) -> list[int]:
    """Create `count` approved posts spread over the advisors' accounts; returns their delivery ids."""
    from clearpost.accounts.models import User
    from clearpost.posts.services import post_create, post_submit
    from clearpost.publishing.models import Delivery
    from clearpost.review.models import ReviewTask

    principals = list(User.objects.filter(username__in=["principal1", "principal2"]).order_by("username"))
    accounts = cycle(_accounts(networks, advisors))
    posts = []
    # One transaction for the lot: the load is seeded before any worker runs, and one commit is far cheaper.
    with transaction.atomic():
        for n in range(count):
            account = next(accounts)
            text = f"{TEXTS[n % len(TEXTS)].format(n=n)} ({tag}-{n})"
            post = post_create(author=account.owner, account_id=account.pk, text=text)
            post = post_submit(post_id=post.pk, actor=account.owner)
            task = ReviewTask.objects.filter(post=post, status="open").first()
            if task is not None:
                _approve(task.pk, principals)
            posts.append(post.pk)
    return list(Delivery.objects.filter(post_id__in=posts).values_list("pk", flat=True))


def report() -> dict[str, Any]:
    from clearpost.publishing.models import Delivery

    rows = Delivery.objects.select_related("account", "version").values_list(
        "pk", "status", "external_id", "last_error", "account__network", "account__handle", "version__text",
        "attempts")
    return {"deliveries": [dict(zip(["id", "status", "external_id", "last_error", "network", "handle", "text",
                                     "attempts"], row, strict=True)) for row in rows]}


def main(command: str, **kwargs: Any) -> None:
    if command == "seed":
        ids = seed(**kwargs)
        sys.stdout.write(json.dumps({"deliveries": len(ids)}) + "\n")
    else:
        sys.stdout.write(json.dumps(report()) + "\n")
