from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from clearpost.accounts.choices import OrgUnitKind, Registration
from clearpost.accounts.demo import BRANCHES, DEMO_ADVISORS, DEMO_HISTORY, DEMO_PASSWORD, DEMO_STAFF, REGIONS
from clearpost.accounts.models import OrgUnit, PrincipalRegistration, User
from clearpost.accounts.roles import sync_role_groups
from clearpost.connectors.choices import AccountStatus
from clearpost.connectors.models import NetworkAccount
from clearpost.connectors.tokens import encrypt_token
from clearpost.core.errors import DomainError
from clearpost.posts.models import Post
from clearpost.posts.services import post_create, post_submit
from clearpost.review.models import ReviewTask
from clearpost.review.services import review_task_approve, review_task_reject
from clearpost.sandbox.tokens import sandbox_token


class Command(BaseCommand):
    help = "Seed the demo firm (branches, people, linked X accounts, a history of posts). Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-history", action="store_true", help="people and accounts only, no posts")

    def handle(self, *args: Any, no_history: bool, **options: Any) -> None:
        sync_role_groups()
        with transaction.atomic():
            people = self._people()
        if not no_history and not Post.objects.exists():
            self._history(people)
        self.stdout.write(self.style.SUCCESS(
            f"demo firm ready: {len(DEMO_ADVISORS)} advisors, {len(DEMO_STAFF)} staff, "
            f"{Post.objects.count()} posts; every demo login uses the password '{DEMO_PASSWORD}'"))

    def _people(self) -> dict[str, User]:
        units: dict[str, OrgUnit] = {}
        for code, name in REGIONS:
            units[code], _ = OrgUnit.objects.update_or_create(code=code, defaults={"name": name,
                                                                                   "kind": OrgUnitKind.REGION})
        for code, name, region in BRANCHES:
            units[code], _ = OrgUnit.objects.update_or_create(
                code=code, defaults={"name": name, "kind": OrgUnitKind.BRANCH, "parent": units[region]})
        people: dict[str, User] = {}
        for person in [*DEMO_ADVISORS, *DEMO_STAFF]:
            first, _, last = person.name.partition(" ")
            user, created = User.objects.get_or_create(username=person.username, defaults={
                "first_name": first, "last_name": last, "display_name": person.name,
                "email": f"{person.username}@demo.clearpost.example", "crd_number": person.crd,
                "branch": units.get(person.branch),
            })
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            user.groups.add(Group.objects.get(name=person.role))
            people[person.username] = user
        people["admin1"].is_staff = people["admin1"].is_superuser = True
        people["admin1"].save(update_fields=["is_staff", "is_superuser"])
        units["boston"].supervisors.add(people["supervisor1"])
        for branch in ("chicago", "denver"):
            units[branch].supervisors.add(people["supervisor1"])
        for username in ("principal1", "principal2"):
            PrincipalRegistration.objects.get_or_create(
                user=people[username], registration=Registration.SERIES_24,
                defaults={"networks": [], "granted_at": timezone.now()})
        for advisor in DEMO_ADVISORS:
            user = people[advisor.username]
            NetworkAccount.objects.get_or_create(
                owner=user, network="x", handle=advisor.handle,
                defaults={"display_name": advisor.name, "status": AccountStatus.ACTIVE,
                          "access_token_encrypted": encrypt_token(sandbox_token("x", advisor.handle))})
        return people

    def _history(self, people: dict[str, User]) -> None:
        principals = [people["principal1"], people["principal2"]]
        for i, (expected, text) in enumerate(DEMO_HISTORY):
            advisor = people[DEMO_ADVISORS[i % len(DEMO_ADVISORS)].username]
            account = advisor.network_accounts.get(network="x")
            try:
                post = post_create(author=advisor, account_id=account.pk, text=text)
                post = post_submit(post_id=post.pk, actor=advisor)
            except DomainError as exc:
                self.stderr.write(f"demo post skipped: {exc.message}")
                continue
            task = ReviewTask.objects.filter(post=post, status="open").first()
            if task is None:
                continue
            principal = principals[i % 2]
            if expected == "approve":
                review_task_approve(task_id=task.pk, reviewer=principal, note="Fine to publish.")
            elif i % 3 == 0:
                review_task_reject(task_id=task.pk, reviewer=principal,
                                   reason="Names a specific security without the required balance; please revise.")
            # The rest stay in the review queue so principals have work from the first minute.
