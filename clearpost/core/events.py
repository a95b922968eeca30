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
    TRAINING_COURSE_PUBLISHED = "training.course_published"
    TRAINING_COMPLETED = "training.completed"
    TRAINING_IMPORTED = "training.imported"
    ENTITLEMENT_CHANGED = "entitlement.changed"
    ENTITLEMENT_REQUESTED = "entitlement.requested"
    ENTITLEMENT_ENDORSED = "entitlement.endorsed"
    ENTITLEMENT_GRANTED = "entitlement.granted"
    ENTITLEMENT_REFUSED = "entitlement.refused"
    # The archive's own books (issue 4): retention, holds, dispositions, corrections, checkpoints.
    ARCHIVE_RETENTION_CHANGED = "archive.retention_changed"
    ARCHIVE_HOLD_CREATED = "archive.hold_created"
    ARCHIVE_HOLD_RELEASED = "archive.hold_released"
    ARCHIVE_DISPOSITION_CERTIFIED = "archive.disposition_certified"
    ARCHIVE_RECORD_CORRECTED = "archive.record_corrected"
    ARCHIVE_CHECKPOINT_WRITTEN = "archive.checkpoint_written"
    # Review (issue 7): automatic approvals, voids, escalations, overrides, comments, routing policy.
    REVIEW_AUTO_APPROVED = "review.auto_approved"
    REVIEW_VOIDED = "review.voided"
    REVIEW_ESCALATED = "review.escalated"
    REVIEW_VERDICT_OVERRIDDEN = "review.verdict_overridden"
    REVIEW_COMMENTED = "review.commented"
    REVIEW_ROUTING_CHANGED = "review.routing_changed"
    REVIEW_REASONS_CHANGED = "review.reasons_changed"


class RecordClass(StrEnum):
    """What kind of book or record an archive record is; decides its retention class."""

    COMMUNICATION = "communication"
    DECISION = "decision"
    ACCESS = "access"
    CONFIGURATION = "configuration"
    COMPLAINT = "complaint"
    ADVISER_RECORD = "adviser_record"
    ARCHIVE_ADMINISTRATION = "archive_administration"


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
    EventType.TRAINING_COURSE_PUBLISHED: RecordClass.CONFIGURATION,
    EventType.TRAINING_COMPLETED: RecordClass.DECISION,
    EventType.TRAINING_IMPORTED: RecordClass.DECISION,
    EventType.ENTITLEMENT_CHANGED: RecordClass.DECISION,
    EventType.ENTITLEMENT_REQUESTED: RecordClass.DECISION,
    EventType.ENTITLEMENT_ENDORSED: RecordClass.DECISION,
    EventType.ENTITLEMENT_GRANTED: RecordClass.DECISION,
    EventType.ENTITLEMENT_REFUSED: RecordClass.DECISION,
    EventType.ARCHIVE_RETENTION_CHANGED: RecordClass.ARCHIVE_ADMINISTRATION,
    EventType.ARCHIVE_HOLD_CREATED: RecordClass.ARCHIVE_ADMINISTRATION,
    EventType.ARCHIVE_HOLD_RELEASED: RecordClass.ARCHIVE_ADMINISTRATION,
    EventType.ARCHIVE_DISPOSITION_CERTIFIED: RecordClass.ARCHIVE_ADMINISTRATION,
    EventType.ARCHIVE_RECORD_CORRECTED: RecordClass.COMMUNICATION,
    EventType.ARCHIVE_CHECKPOINT_WRITTEN: RecordClass.ARCHIVE_ADMINISTRATION,
    EventType.REVIEW_AUTO_APPROVED: RecordClass.DECISION,
    EventType.REVIEW_VOIDED: RecordClass.DECISION,
    EventType.REVIEW_ESCALATED: RecordClass.DECISION,
    EventType.REVIEW_VERDICT_OVERRIDDEN: RecordClass.DECISION,
    EventType.REVIEW_COMMENTED: RecordClass.COMMUNICATION,
    EventType.REVIEW_ROUTING_CHANGED: RecordClass.CONFIGURATION,
    EventType.REVIEW_REASONS_CHANGED: RecordClass.CONFIGURATION,
}

