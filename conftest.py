"""The named cast of STYLE.md, shared by every test: an advisor, a principal, a supervisor, a compliance admin,
an auditor, and someone from another branch who must see nothing."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from clearpost.accounts.choices import OrgUnitKind, Registration, Role
from clearpost.accounts.models import OrgUnit, PrincipalRegistration, User
from clearpost.accounts.roles import sync_role_groups
from clearpost.connectors.choices import AccountStatus
from clearpost.connectors.models import NetworkAccount
from clearpost.connectors.tokens import encrypt_token

_crd = itertools.count(5_000_001)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Python imports a compiled module before its source: an engine module edited since the last build would
    be tested as it was.  `make test` rebuilds; a bare pytest run stops here instead."""
    engine = Path(__file__).parent / "clearpost" / "policy" / "engine"
    stale = [
        so.name
        for so in engine.glob("*.so")
        if so.stat().st_mtime < so.with_name(f"{so.name.split('.')[0]}.py").stat().st_mtime
    ]
    if stale:
        pytest.exit(f"the compiled policy engine is older than its source ({', '.join(stale)}): run `make install`")


def make_user(username: str, *roles: Role, branch: OrgUnit | None = None) -> User:
    user = User.objects.create_user(username=username, password="a-long-test-password", display_name=username.title(),
                                    branch=branch, crd_number=str(next(_crd)))
    for role in roles:
        user.groups.add(Group.objects.get(name=role.value))
    return user


def link_account(user: User, network: str = "x", token: str = "test-token") -> NetworkAccount:
    return NetworkAccount.objects.create(owner=user, network=network, handle=user.username, display_name=str(user),
                                         status=AccountStatus.ACTIVE, access_token_encrypted=encrypt_token(token))


@pytest.fixture
def firm(db: None) -> dict[str, OrgUnit]:
    """Two branches; every network open at `compose` with every feature and no training required (tests of
    the training and entitlement gates tighten this)."""
    from clearpost.entitlements.models import NetworkPolicy

    sync_role_groups()
    for network in ("x", "linkedin", "mastodon"):
        NetworkPolicy.objects.create(network=network, default_level="compose",
                                     features=["post", "reply", "comment", "direct_message"])
    region = OrgUnit.objects.create(kind=OrgUnitKind.REGION, code="east", name="East")
    return {
        "boston": OrgUnit.objects.create(kind=OrgUnitKind.BRANCH, code="boston", name="Boston", parent=region),
        "chicago": OrgUnit.objects.create(kind=OrgUnitKind.BRANCH, code="chicago", name="Chicago", parent=region),
    }


@pytest.fixture
def advisor(firm: dict[str, OrgUnit]) -> User:
    return make_user("avery", Role.ADVISOR, branch=firm["boston"])


@pytest.fixture
def advisor_account(advisor: User) -> NetworkAccount:
    return link_account(advisor)


@pytest.fixture
def principal(firm: dict[str, OrgUnit]) -> User:
    user = make_user("patricia", Role.PRINCIPAL, branch=firm["boston"])
    PrincipalRegistration.objects.create(user=user, registration=Registration.SERIES_24, granted_at=timezone.now())
    return user


@pytest.fixture
def supervisor(firm: dict[str, OrgUnit]) -> User:
    user = make_user("sam", Role.SUPERVISOR, branch=firm["boston"])
    firm["boston"].supervisors.add(user)
    return user


@pytest.fixture
def compliance(firm: dict[str, OrgUnit]) -> User:
    return make_user("chris", Role.COMPLIANCE_ADMIN)


@pytest.fixture
def auditor(firm: dict[str, OrgUnit]) -> User:
    return make_user("alex", Role.AUDITOR)


@pytest.fixture
def outsider(firm: dict[str, OrgUnit]) -> User:
    """An advisor from another branch: sees nothing of the cast's work."""
    return make_user("olive", Role.ADVISOR, branch=firm["chicago"])


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The sandbox networks as a real HTTP server in its own process, with accounts for the cast."""
    from django.test import override_settings

    from clearpost.core.testing import System

    running = System(tmp_path_factory.mktemp("sandbox"), web=False, worker=False).start(
        sandbox_accounts=("x:avery", "x:olive", "x:patricia"))
    with override_settings(X_API_BASE=f"{running.sandbox_url}/x", X_WEB_BASE=f"{running.sandbox_url}/x"):
        yield running
    running.stop()
