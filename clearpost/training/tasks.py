from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Max
from django.utils import timezone
from django_tasks import task

from clearpost.training.models import Completion

REMIND_WITHIN = timedelta(days=30)


@task()
def remind_expiring_training_task() -> int:
    """E-mail each advisor once when their latest completion of a course expires within 30 days."""
    now = timezone.now()
    latest = (Completion.objects.values("advisor_id", "course_version__course_id")
              .annotate(latest=Max("expires_at")))
    sent = 0
    for row in latest:
        if not now < row["latest"] <= now + REMIND_WITHIN:
            continue
        completion = (Completion.objects.select_related("advisor", "course_version__course")
                      .filter(advisor_id=row["advisor_id"], course_version__course_id=row["course_version__course_id"],
                              expires_at=row["latest"], reminded_at__isnull=True).first())
        if completion is None:
            continue
        course = completion.course_version.course
        if completion.advisor.email:
            send_mail(subject=f"Your “{course.title}” training expires on {completion.expires_at:%Y-%m-%d}",
                      message=f"Renew it before then to keep your social media access:\n"
                              f"{settings.PUBLIC_URL}/training/courses/{course.code}/",
                      from_email=None, recipient_list=[completion.advisor.email])
            sent += 1
        Completion.objects.filter(pk=completion.pk).update(reminded_at=now)
    return sent
