from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clearpost.accounts.choices import Role
from clearpost.accounts.models import User


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no permission cache: what the next request sees


def test_permissions_from_groups_and_the_user_come_in_one_query(principal: User) -> None:
    principal.user_permissions.add(Permission.objects.get(codename="search_archive"))
    user = _fresh(principal)
    with CaptureQueriesContext(connection) as queries:
        assert user.has_perm("review.review_post")  # from the principal group
        assert user.has_perm("archive.search_archive")  # granted to the user alone
        assert not user.has_perm("policy.manage_rules")
    assert len(queries) == 1
    assert user.get_all_permissions() == user.get_user_permissions() | user.get_group_permissions()


def test_a_revoked_role_takes_effect_on_the_next_request(principal: User, client: Client) -> None:
    client.force_login(principal)
    assert client.get("/review/").status_code == 200
    principal.groups.remove(Group.objects.get(name=Role.PRINCIPAL.value))
    assert client.get("/review/").status_code == 403


def test_an_inactive_user_has_no_permissions(principal: User) -> None:
    User.objects.filter(pk=principal.pk).update(is_active=False)
    assert _fresh(principal).get_all_permissions() == set()
