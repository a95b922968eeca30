"""The registry of audit and archive event types: dotted constants, one place, stable values.

Each value is written into archive records, so a value is never renamed once released."""

from __future__ import annotations

from enum import StrEnum


class EventType(StrEnum):
    AUTH_LOGIN = "auth.login"
    AUTH_LOGIN_FAILED = "auth.login_failed"
    AUTH_LOCKED_OUT = "auth.locked_out"
    AUTH_LOGOUT = "auth.logout"
    AUTH_PERMISSION_DENIED = "auth.permission_denied"
    POST_VERSION_CREATED = "post.version_created"
    POST_SUBMITTED = "post.submitted"
    POST_WITHDRAWN = "post.withdrawn"
    POST_TRANSITIONED = "post.transitioned"
    REVIEW_ASSIGNED = "review.assigned"
    REVIEW_APPROVED = "review.approved"
    REVIEW_REJECTED = "review.rejected"
    REVIEW_CHANGES_REQUESTED = "review.changes_requested"
    DELIVERY_ATTEMPTED = "delivery.attempted"
    DELIVERY_PUBLISHED = "delivery.published"
    DELIVERY_FAILED = "delivery.failed"
    ACCOUNT_LINKED = "account.linked"
    RULESET_CHANGED = "policy.ruleset_changed"


class RecordClass(StrEnum):
    """What kind of book or record an archive record is; decides its retention class."""

    COMMUNICATION = "communication"
    DECISION = "decision"
    ACCESS = "access"
    CONFIGURATION = "configuration"


EVENT_RECORD_CLASS: dict[EventType, RecordClass] = {
    EventType.AUTH_LOGIN: RecordClass.ACCESS,
    EventType.AUTH_LOGIN_FAILED: RecordClass.ACCESS,
    EventType.AUTH_LOCKED_OUT: RecordClass.ACCESS,
    EventType.AUTH_LOGOUT: RecordClass.ACCESS,
    EventType.AUTH_PERMISSION_DENIED: RecordClass.ACCESS,
    EventType.POST_VERSION_CREATED: RecordClass.COMMUNICATION,
    EventType.POST_SUBMITTED: RecordClass.COMMUNICATION,
    EventType.POST_WITHDRAWN: RecordClass.DECISION,
    EventType.POST_TRANSITIONED: RecordClass.DECISION,
    EventType.REVIEW_ASSIGNED: RecordClass.DECISION,
    EventType.REVIEW_APPROVED: RecordClass.DECISION,
    EventType.REVIEW_REJECTED: RecordClass.DECISION,
    EventType.REVIEW_CHANGES_REQUESTED: RecordClass.DECISION,
    EventType.DELIVERY_ATTEMPTED: RecordClass.COMMUNICATION,
    EventType.DELIVERY_PUBLISHED: RecordClass.COMMUNICATION,
    EventType.DELIVERY_FAILED: RecordClass.COMMUNICATION,
    EventType.ACCOUNT_LINKED: RecordClass.COMMUNICATION,
    EventType.RULESET_CHANGED: RecordClass.CONFIGURATION,
}
