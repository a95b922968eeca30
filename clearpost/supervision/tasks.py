from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from clearpost.supervision.choices import ComplaintStatus, ItemStatus
from clearpost.supervision.models import ComplaintCase, SupervisionItem
from clearpost.supervision.services import sampling_draw

REMIND_BEFORE = timedelta(days=7)


@task()
def draw_daily_sample_task() -> int:
    """Draw yesterday's sample (idempotent: one draw per day)."""
    return sampling_draw(day=timezone.localdate() - timedelta(days=1)).sampled


@task()
def remind_complaint_deadlines_task() -> int:
    """Tell compliance a week before a 30-day report is due; each case is reminded once."""
    now = timezone.now()
    due = ComplaintCase.objects.filter(report_due_at__lte=now + REMIND_BEFORE, reminded_at__isnull=True).exclude(
        status=ComplaintStatus.CLOSED).select_related("advisor")
    sent = 0
    for case in due:
        send_mail(
            subject=f"Complaint {case.pk}: FINRA 4530 report due {case.report_due_at:%Y-%m-%d}",
            message=f"Complaint {case.pk} against {case.advisor} ({case.get_problem_code_display()}) must be "
                    f"reported by {case.report_due_at:%Y-%m-%d}.\n"
                    f"{settings.PUBLIC_URL}/supervision/complaints/{case.pk}/",
            from_email=None, recipient_list=_compliance_emails(), fail_silently=False)
        ComplaintCase.objects.filter(pk=case.pk).update(reminded_at=now)
        sent += 1
    return sent


@task()
def send_supervision_digest_task() -> int:
    """Each supervisor's daily digest: open and overdue items in their queue."""
    from clearpost.accounts.models import User

    now = timezone.now()
    sent = 0
    for supervisor in User.objects.filter(supervision_queue__status=ItemStatus.OPEN).distinct():
        items = SupervisionItem.objects.filter(assigned_to=supervisor, status=ItemStatus.OPEN)
        overdue = items.filter(Q(due_at__lt=now)).count()
        if supervisor.email:
            send_mail(subject=f"Clearpost: {items.count()} items to supervise ({overdue} overdue)",
                      message=f"Your queue: {settings.PUBLIC_URL}/supervision/", from_email=None,
                      recipient_list=[supervisor.email])
            sent += 1
    return sent


def _compliance_emails() -> list[str]:
    from clearpost.accounts.models import User

    return list(User.objects.filter(groups__name="compliance_admin").exclude(email="").values_list("email", flat=True))
