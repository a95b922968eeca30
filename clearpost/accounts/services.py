"""Authentication use cases. Every login, failed login, lockout and logout is archived (FINRA 4511 books and
records; 17a-4 access evidence)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from clearpost.accounts.models import User
from clearpost.archive.services import archive_record_append
from clearpost.core.events import EventType


@dataclass(frozen=True)
class LoginOutcome:
    user: User | None
    error: str = ""


def _client(request: HttpRequest) -> dict[str, str]:
    return {"ip": request.META.get("REMOTE_ADDR", ""), "user_agent": request.headers.get("User-Agent", "")[:200]}


def user_login(*, request: HttpRequest, username: str, password: str) -> LoginOutcome:
    """Check the password; after LOGIN_LOCKOUT_THRESHOLD failures the account is locked for a while, and a
    locked account is refused even with the right password."""
    now = timezone.now()
    known = User.objects.filter(username__iexact=username).first()
    if known is not None and known.locked_until and known.locked_until > now:
        with transaction.atomic():
            archive_record_append(event_type=EventType.AUTH_LOGIN_FAILED, actor_id=known.pk,
                                  payload={"username": username, "reason": "locked", **_client(request)})
        return LoginOutcome(None, "This account is locked after repeated failed logins. Try again later.")
    user = authenticate(request, username=known.username if known else username, password=password)
    with transaction.atomic():
        if user is None:
            payload = {"username": username, "reason": "bad credentials", **_client(request)}
            if known is not None:
                User.objects.filter(pk=known.pk).update(failed_login_count=F("failed_login_count") + 1)
                known.refresh_from_db(fields=["failed_login_count"])
                if known.failed_login_count >= settings.LOGIN_LOCKOUT_THRESHOLD:
                    until = now + timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
                    User.objects.filter(pk=known.pk).update(locked_until=until, failed_login_count=0)
                    archive_record_append(event_type=EventType.AUTH_LOCKED_OUT, actor_id=known.pk,
                                          payload={"username": known.username, "until": until.isoformat()})
            archive_record_append(event_type=EventType.AUTH_LOGIN_FAILED,
                                  actor_id=known.pk if known else None, payload=payload)
            return LoginOutcome(None, "Wrong username or password.")
        assert isinstance(user, User)
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        login(request, user)
        archive_record_append(event_type=EventType.AUTH_LOGIN, actor_id=user.pk, advisor_id=None,
                              branch_id=user.branch_id, payload={"username": user.username, **_client(request)})
    return LoginOutcome(user)


@transaction.atomic
def user_logout(*, request: HttpRequest) -> None:
    user = request.user
    if user.is_authenticated:
        archive_record_append(event_type=EventType.AUTH_LOGOUT, actor_id=user.pk,
                              payload={"username": user.get_username(), **_client(request)})
    logout(request)


@transaction.atomic
def permission_denied_record(*, request: HttpRequest, detail: str) -> None:
    user = request.user
    archive_record_append(
        event_type=EventType.AUTH_PERMISSION_DENIED,
        actor_id=user.pk if user.is_authenticated else None,
        payload={"path": request.path, "method": request.method, "detail": detail, **_client(request)},
    )
