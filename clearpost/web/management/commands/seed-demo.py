from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from clearpost.accounts.choices import OrgUnitKind, Registration
from clearpost.accounts.demo import (
    BRANCHES,
    DEMO_ADVISORS,
    DEMO_COURSE,
    DEMO_COURSE_TEXT,
    DEMO_HISTORY,
    DEMO_PASSWORD,
    DEMO_STAFF,
    REGIONS,
    X_COMPOSE_PILOT,
)
from clearpost.accounts.models import OrgUnit, PrincipalRegistration, User
from clearpost.accounts.roles import sync_role_groups
from clearpost.connectors.choices import AccountStatus
from clearpost.connectors.models import NetworkAccount
from clearpost.connectors.tokens import encrypt_token
from clearpost.core.errors import DomainError
from clearpost.entitlements.models import Cohort, NetworkPolicy
from clearpost.library.demo import seed_library_demo
from clearpost.posts.models import Post
from clearpost.posts.services import post_create, post_submit
from clearpost.review.demo import review_demo_seed
from clearpost.review.models import ReviewTask
from clearpost.review.services import review_task_approve, review_task_reject
from clearpost.sandbox.tokens import sandbox_token
from clearpost.training.choices import CompletionSource
from clearpost.training.models import Completion, CourseVersion
from clearpost.training.services import add_months, course_publish_version


class Command(BaseCommand):
    help = "Seed the demo firm (branches, people, linked X accounts, a history of posts). Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-history", action="store_true", help="people and accounts only, no posts")

    def handle(self, *args: Any, no_history: bool, **options: Any) -> None:
        sync_role_groups()
        with transaction.atomic():
            people = self._people()
            self._access(people)
            seed_library_demo(people)
            review_demo_seed(actor=people["compliance1"])
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
        # One argon2 hash for the one documented demo password: hashing it 31 times costs seconds per seed.
        demo_hash = make_password(DEMO_PASSWORD)
        for person in [*DEMO_ADVISORS, *DEMO_STAFF]:
            first, _, last = person.name.partition(" ")
            user, created = User.objects.get_or_create(username=person.username, defaults={
                "first_name": first, "last_name": last, "display_name": person.name,
                "email": f"{person.username}@demo.clearpost.example", "crd_number": person.crd,
                "branch": units.get(person.branch),
            })
            if created:
                user.password = demo_hash
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
        # Each advisor's accounts on the sandbox networks, linked and approved (the OAuth linking flow itself is
        # at /connect/<network>/start/).
        for advisor in DEMO_ADVISORS:
            user = people[advisor.username]
            for network in ("x", "linkedin", "mastodon"):
                NetworkAccount.objects.get_or_create(
                    owner=user, network=network, handle=advisor.handle,
                    defaults={"display_name": advisor.name, "status": AccountStatus.ACTIVE,
                              "access_token_encrypted": encrypt_token(sandbox_token(network, advisor.handle))})
        return people

    def _access(self, people: dict[str, User]) -> None:
        """The story's gates: LinkedIn open to compose after training, X library-only except the pilot cohort;
        some advisors current, some expiring, some lapsed, some never trained."""
        version = CourseVersion.objects.filter(course__code=DEMO_COURSE).first()
        if version is None:
            version = course_publish_version(
                actor=people["compliance1"], course_code=DEMO_COURSE, title="Social media policy",
                content=DEMO_COURSE_TEXT, validity_months=12,
                attestation_text="I have read the firm's social media policy and will follow it.",
                unlocks=[{"network": "linkedin", "level": "compose"}, {"network": "x", "level": "library"}])
        for network, level, features in (("linkedin", "compose", ["post", "reply", "comment"]),
                                          ("x", "library", ["post", "reply"])):
            NetworkPolicy.objects.get_or_create(network=network, defaults={
                "default_level": level, "features": features,
                "library_courses": [DEMO_COURSE], "compose_courses": [DEMO_COURSE]})
        cohort, _ = Cohort.objects.get_or_create(code="x-compose-pilot", defaults={
            "name": "X compose pilot", "grants": [{"network": "x", "level": "compose"}]})
        cohort.members.add(*[people[u] for u in X_COMPOSE_PILOT])
        now = timezone.now()
        for i, advisor in enumerate(DEMO_ADVISORS):
            # advisor1-18 current, 19-21 expiring within weeks, 22-23 lapsed, 24-25 never trained.
            ago = 60 if i < 18 else 350 if i < 21 else 400 if i < 23 else None
            if ago is None:
                continue
            completed = (now - timedelta(days=ago)).replace(microsecond=0)
            Completion.objects.get_or_create(
                advisor=people[advisor.username], course_version=version, source=CompletionSource.LMS_IMPORT,
                defaults={"completed_at": completed, "expires_at": add_months(completed, version.validity_months)})

    def _history(self, people: dict[str, User]) -> None:
        """Posts that go through the real loop: submitted, routed, and decided by the principal the queue
        assigned (or the first one allowed); a few stay waiting so principals have work from the first minute."""
        principals = [people["principal1"], people["principal2"]]
        for i, (expected, text) in enumerate(DEMO_HISTORY):
            advisor = people[DEMO_ADVISORS[i % len(DEMO_ADVISORS)].username]
            account = advisor.network_accounts.get(network="x")
            try:
                with transaction.atomic():
                    post = post_create(author=advisor, account_id=account.pk, text=text)
                    post = post_submit(post_id=post.pk, actor=advisor)
                    task = ReviewTask.objects.filter(post=post, status="open").first()
                    if task is None or (expected != "approve" and i % 3):
                        continue
                    reviewers = [task.assigned_to] if task.assigned_to else principals
                    self._decide(task, reviewers, approve=expected == "approve")
            except DomainError as exc:
                self.stderr.write(f"demo post skipped: {exc.message}")

    def _decide(self, task: ReviewTask, reviewers: list[User], *, approve: bool) -> None:
        last: DomainError | None = None
        for reviewer in reviewers:
            try:
                if approve:
                    review_task_approve(task_id=task.pk, reviewer=reviewer, note="Fine to publish.")
                else:
                    review_task_reject(task_id=task.pk, reviewer=reviewer,
                                       reason="Names a specific security without the required balance; please revise.")
                return
            except DomainError as exc:
                last = exc
        if last is not None:
            raise last
