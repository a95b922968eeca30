from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max
from django.utils import timezone

from clearpost.accounts.models import User
from clearpost.training.choices import TrainingState
from clearpost.training.models import Completion

EXPIRING_WITHIN = timedelta(days=30)


@dataclass(frozen=True)
class CourseStatus:
    course_code: str
    state: TrainingState
    expires_at: datetime | None


def course_expiry_for(*, advisor_ids: list[int], course_code: str) -> dict[int, datetime]:
    """Latest expiry of any completion of any version of the course, per advisor (one query)."""
    rows = (Completion.objects.filter(advisor_id__in=advisor_ids, course_version__course__code=course_code)
            .values("advisor_id").annotate(latest=Max("expires_at")))
    return {r["advisor_id"]: r["latest"] for r in rows}


def state_of(expires_at: datetime | None, now: datetime | None = None) -> TrainingState:
    now = now or timezone.now()
    if expires_at is None:
        return TrainingState.NONE
    if expires_at <= now:
        return TrainingState.LAPSED
    if expires_at <= now + EXPIRING_WITHIN:
        return TrainingState.EXPIRING
    return TrainingState.CURRENT


def course_status(*, advisor: User, course_code: str) -> CourseStatus:
    expires = course_expiry_for(advisor_ids=[advisor.pk], course_code=course_code).get(advisor.pk)
    return CourseStatus(course_code, state_of(expires), expires)


def training_roster(*, course_code: str) -> list[tuple[User, TrainingState, datetime | None]]:
    """Every advisor with their state for a course, by branch, for compliance's overview."""
    advisors = list(User.objects.filter(groups__name="advisor").select_related("branch").order_by("branch__code",
                                                                                                    "username"))
    expiry = course_expiry_for(advisor_ids=[a.pk for a in advisors], course_code=course_code)
    now = timezone.now()
    return [(a, state_of(expiry.get(a.pk), now), expiry.get(a.pk)) for a in advisors]
