from __future__ import annotations

import pytest
from django.test import Client, override_settings

from clearpost.archive.models import ArchiveRecord


def _login(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_and_logout_are_archived(advisor, client: Client) -> None:
    response = _login(client, "avery", "a-long-test-password")
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # lands on the advisor's posts
    client.post("/accounts/logout/")
    events = list(ArchiveRecord.objects.values_list("event_type", flat=True))
    assert events == ["auth.login", "auth.logout"]


def test_failed_login_is_archived_with_a_clear_message(advisor, client: Client) -> None:
    response = _login(client, "avery", "wrong")
    assert response.status_code == 400
    assert b"Wrong username or password" in response.content
    assert ArchiveRecord.objects.filter(event_type="auth.login_failed").count() == 1


@override_settings(LOGIN_LOCKOUT_THRESHOLD=3)
def test_repeated_failures_lock_the_account_even_for_the_right_password(advisor, client: Client) -> None:
    for _ in range(3):
        _login(client, "avery", "wrong")
    response = _login(client, "avery", "a-long-test-password")
    assert response.status_code == 400
    assert b"locked" in response.content
    assert ArchiveRecord.objects.filter(event_type="auth.locked_out").count() == 1


def test_permission_denial_is_archived(advisor, client: Client) -> None:
    client.force_login(advisor)
    response = client.get("/review/")
    assert response.status_code == 403
    denial = ArchiveRecord.objects.get(event_type="auth.permission_denied")
    assert denial.actor_id == advisor.pk and "/review/" in denial.body


@pytest.mark.parametrize(("who", "path", "status"), [
    ("advisor", "/posts/", 200), ("principal", "/posts/", 403), ("auditor", "/posts/", 403),
    ("principal", "/review/", 200), ("advisor", "/review/", 403), ("supervisor", "/review/", 403),
    ("supervisor", "/branch/", 200), ("advisor", "/branch/", 403),
    ("auditor", "/archive/", 200), ("compliance", "/archive/", 200), ("advisor", "/archive/", 403),
])
def test_each_page_is_open_only_to_its_roles(request, client: Client, who: str, path: str, status: int) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(path).status_code == status


def test_anonymous_visitors_are_sent_to_login(client: Client, db: None) -> None:
    response = client.get("/posts/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_argon2_is_the_password_hasher() -> None:
    from config import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_supervisor_sees_only_the_branches_they_supervise(supervisor, advisor, advisor_account, outsider, client):
    from clearpost.conftest_helpers import submitted_post
    from conftest import link_account

    submitted_post(advisor, advisor_account, "Boston branch news: our new office opens Monday.")
    submitted_post(outsider, link_account(outsider), "Chicago branch news: welcome to our new associate.")
    client.force_login(supervisor)
    page = client.get("/branch/").content.decode()
    assert "Boston branch news" in page and "Chicago branch news" not in page
