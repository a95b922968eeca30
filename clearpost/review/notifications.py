"""Notifications: an in-app row, and an e-mail sent once the transaction commits (never for a change that
rolled back). Decisions always reach the advisor."""

from __future__ import annotations

import logging
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from clearpost.accounts.models import User
from clearpost.review.choices import NotificationKind
from clearpost.review.models import Notification

log = logging.getLogger(__name__)


def _email(recipient_id: int, subject: str, body: str) -> None:
    address = User.objects.filter(pk=recipient_id).values_list("email", flat=True).first()
    if not address:
        return
    try:
        send_mail(subject=f"[Clearpost] {subject}", message=body,
                  from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None), recipient_list=[address])
    except Exception:  # a mail outage must not undo a decision that is already committed
        log.exception("notification e-mail to user %s failed", recipient_id)


def notification_send(
    *, recipient_id: int, kind: NotificationKind, title: str, body: str = "", url: str = "",
    post_id: int | None = None, email: bool = True,
) -> Notification:
    note = Notification.objects.create(recipient_id=recipient_id, kind=kind, title=title[:200], body=body, url=url,
                                       post_id=post_id)
    if email:
        transaction.on_commit(partial(_email, recipient_id, title, f"{body}\n\n{url}".strip()))
    return note


def notification_mark_read(*, recipient: User, notification_ids: list[int] | None = None) -> int:
    from django.utils import timezone

    rows = Notification.objects.filter(recipient=recipient, read_at__isnull=True)
    if notification_ids is not None:
        rows = rows.filter(pk__in=notification_ids)
    return rows.update(read_at=timezone.now())
