"""Load for the fault test and the publishing bench: approved posts through the real services (create, submit,
approve), on the demo firm's advisors across networks, and a JSON report of every delivery; and a firm-wide
library fan-out (many advisors opted in to automatic sharing, then the market event). Run inside a
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
    elif command == "fanout_seed":
        sys.stdout.write(json.dumps(fanout_seed(**kwargs)) + "\n")
    elif command == "fanout_fire":
        sys.stdout.write(json.dumps(fanout_fire()) + "\n")
    else:
        sys.stdout.write(json.dumps(report()) + "\n")


def fanout_seed(*, advisors: int, network: str = "linkedin", prefix: str = "fa",
                external_ids: dict[str, str] | None = None) -> dict[str, Any]:
    """A firm-wide fan-out on top of the demo firm: `advisors` more advisors, trained, each with one linked account
    on `network` and opted in to automatic sharing (no e-mail), plus yesterday's Dow close. `fanout_fire` then
    records the tick that fires the demo's "Dow up 150 points" event (the sandbox needs the accounts too:
    `sandbox_seed --bulk network:prefix:count`). `external_ids`: each handle's id on the network, as linking the
    account through OAuth would have stored it."""
    from datetime import timedelta

    from django.contrib.auth.models import Group
    from django.utils import timezone

    from clearpost.accounts.demo import DEMO_COURSE
    from clearpost.accounts.models import OrgUnit, User
    from clearpost.library.models import AdvisorPreference
    from clearpost.markets.services import tick_record
    from clearpost.training.models import Completion, CourseVersion

    now = timezone.now()
    branches = list(OrgUnit.objects.filter(kind="branch"))
    version = CourseVersion.objects.get(course__code=DEMO_COURSE)
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(username=f"{prefix}{i}", first_name=f"Advisor {i}", crd_number=str(7_000_000 + i),
                  branch=branches[i % len(branches)]) for i in range(advisors)], batch_size=2000)
        group = Group.objects.get(name="advisor")
        User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=group.pk) for u in users],
                                                batch_size=5000)
        Completion.objects.bulk_create([Completion(advisor=u, course_version=version, source="lms_import",
                                                   completed_at=now - timedelta(days=30),
                                                   expires_at=now + timedelta(days=300)) for u in users],
                                       batch_size=5000)
        NetworkAccount.objects.bulk_create([NetworkAccount(
            owner=u, network=network, handle=f"{prefix}{i}", display_name=u.first_name, status=AccountStatus.ACTIVE,
            external_id=(external_ids or {}).get(f"{prefix}{i}", ""),
            access_token_encrypted=encrypt_token(sandbox_token(network, f"{prefix}{i}"))) for i, u in enumerate(users)],
            batch_size=5000)
        AdvisorPreference.objects.bulk_create([AdvisorPreference(advisor=u, auto_share=True, email_suggestions=False)
                                               for u in users], batch_size=5000)
    tick_record(symbol="^DJI", value="46448.27", at=now - timedelta(days=1))
    return {"advisors": len(users)}


def fanout_fire() -> dict[str, Any]:
    """The tick that fires the event: the fan-out, the shares, their posts and deliveries follow in the workers."""
    from django.utils import timezone

    from clearpost.markets.services import tick_record

    result = tick_record(symbol="^DJI", value="46620.10", at=timezone.now())
    return {"events": [e.pk for e in result.events]}
