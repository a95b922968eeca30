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
    ACCOUNT_APPROVED = "account.approved"
    ACCOUNT_REJECTED = "account.rejected"
    ACCOUNT_UNLINKED = "account.unlinked"
    ACCOUNT_PROFILE_CHANGED = "account.profile_changed"
    RULESET_CHANGED = "policy.ruleset_changed"
    SUPERVISION_ITEM_OPENED = "supervision.item_opened"
    SUPERVISION_ITEM_CLOSED = "supervision.item_closed"
    COMPLAINT_OPENED = "complaint.opened"
    COMPLAINT_UPDATED = "complaint.updated"
    SAMPLING_DRAWN = "supervision.sampling_drawn"
    TRAINING_COURSE_PUBLISHED = "training.course_published"
    TRAINING_COMPLETED = "training.completed"
    TRAINING_IMPORTED = "training.imported"
    ENTITLEMENT_CHANGED = "entitlement.changed"
    ENTITLEMENT_REQUESTED = "entitlement.requested"
    ENTITLEMENT_ENDORSED = "entitlement.endorsed"
    ENTITLEMENT_GRANTED = "entitlement.granted"
    ENTITLEMENT_REFUSED = "entitlement.refused"
    # The archive's own books (issue 4): retention, holds, dispositions, corrections.
    ARCHIVE_RETENTION_CHANGED = "archive.retention_changed"
    ARCHIVE_HOLD_CREATED = "archive.hold_created"
    ARCHIVE_HOLD_RELEASED = "archive.hold_released"
    ARCHIVE_DISPOSITION_CERTIFIED = "archive.disposition_certified"
    ARCHIVE_RECORD_CORRECTED = "archive.record_corrected"
    # Review (issue 7): automatic approvals, voids, escalations, overrides, comments, routing policy.
    REVIEW_AUTO_APPROVED = "review.auto_approved"
    REVIEW_VOIDED = "review.voided"
    REVIEW_ESCALATED = "review.escalated"
    REVIEW_VERDICT_OVERRIDDEN = "review.verdict_overridden"
    REVIEW_COMMENTED = "review.commented"
    REVIEW_ROUTING_CHANGED = "review.routing_changed"
    REVIEW_REASONS_CHANGED = "review.reasons_changed"
    # Connectors and publishing (issue 8): withdrawals, inbound capture, capture gaps.
    DELIVERY_WITHDRAWN = "delivery.withdrawn"
    INTERACTION_CAPTURED = "interaction.captured"
    CAPTURE_GAP = "capture.gap"
    # Library and market events (issue 6).
    LIBRARY_ITEM_VERSION_CREATED = "library.item_version_created"
    LIBRARY_ITEM_TRANSITIONED = "library.item_transitioned"
    LIBRARY_ITEM_UNLOCKED = "library.item_unlocked"
    LIBRARY_SHARED = "library.shared"
    LIBRARY_SUGGESTED = "library.suggested"
    LIBRARY_CAMPAIGN_CHANGED = "library.campaign_changed"
    LIBRARY_PREFERENCE_CHANGED = "library.preference_changed"
    MARKET_EVENT_FIRED = "market.event_fired"
    MARKET_RULE_CHANGED = "market.rule_changed"
    MARKET_TICKS_LOADED = "market.ticks_loaded"


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
    EventType.ACCOUNT_APPROVED: RecordClass.DECISION,
    EventType.ACCOUNT_REJECTED: RecordClass.DECISION,
    EventType.ACCOUNT_UNLINKED: RecordClass.DECISION,
    EventType.ACCOUNT_PROFILE_CHANGED: RecordClass.COMMUNICATION,
    EventType.RULESET_CHANGED: RecordClass.CONFIGURATION,
    EventType.SUPERVISION_ITEM_OPENED: RecordClass.DECISION,
    EventType.SUPERVISION_ITEM_CLOSED: RecordClass.DECISION,
    EventType.COMPLAINT_OPENED: RecordClass.COMPLAINT,
    EventType.COMPLAINT_UPDATED: RecordClass.COMPLAINT,
    EventType.SAMPLING_DRAWN: RecordClass.DECISION,
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
    EventType.REVIEW_AUTO_APPROVED: RecordClass.DECISION,
    EventType.REVIEW_VOIDED: RecordClass.DECISION,
    EventType.REVIEW_ESCALATED: RecordClass.DECISION,
    EventType.REVIEW_VERDICT_OVERRIDDEN: RecordClass.DECISION,
    EventType.REVIEW_COMMENTED: RecordClass.COMMUNICATION,
    EventType.REVIEW_ROUTING_CHANGED: RecordClass.CONFIGURATION,
    EventType.REVIEW_REASONS_CHANGED: RecordClass.CONFIGURATION,
    EventType.DELIVERY_WITHDRAWN: RecordClass.COMMUNICATION,
    EventType.INTERACTION_CAPTURED: RecordClass.COMMUNICATION,
    EventType.CAPTURE_GAP: RecordClass.DECISION,
    EventType.LIBRARY_ITEM_VERSION_CREATED: RecordClass.COMMUNICATION,
    EventType.LIBRARY_ITEM_TRANSITIONED: RecordClass.DECISION,
    EventType.LIBRARY_ITEM_UNLOCKED: RecordClass.DECISION,
    EventType.LIBRARY_SHARED: RecordClass.COMMUNICATION,
    EventType.LIBRARY_SUGGESTED: RecordClass.COMMUNICATION,
    EventType.LIBRARY_CAMPAIGN_CHANGED: RecordClass.CONFIGURATION,
    EventType.LIBRARY_PREFERENCE_CHANGED: RecordClass.DECISION,
    EventType.MARKET_EVENT_FIRED: RecordClass.DECISION,
    EventType.MARKET_RULE_CHANGED: RecordClass.CONFIGURATION,
    EventType.MARKET_TICKS_LOADED: RecordClass.CONFIGURATION,
}

