from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from clearpost.core.models import TimeStamped
from clearpost.library.choices import CampaignMode, CampaignStatus, ItemStatus, NotePosition, ShareStatus


class LibraryItem(TimeStamped):
    """A piece of pre-approved content advisors may share. Its content lives in immutable versions; advisors see
    an item only while it is approved and its current version carries a principal's approval (FINRA 2210(b)(1):
    a retail communication is approved by a registered principal before use). An item linked to an event rule is
    shareable only while an event of that rule has unlocked it."""

    status = models.CharField(max_length=16, choices=ItemStatus.choices, default=ItemStatus.DRAFT, db_index=True)
    current_version = models.ForeignKey("library.LibraryItemVersion", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    trigger_rule = models.ForeignKey("markets.EventRule", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="library_items")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        permissions = [("manage_library", "Can write library items and campaigns")]

    def __str__(self) -> str:
        title = self.current_version.title if self.current_version_id and self.current_version else "untitled"
        return f"Library item {self.pk}: {title}"


class LibraryItemVersion(models.Model):
    """One immutable content version, identified by the hash of its content. The approval fields record who
    approved exactly this content and when; an edit makes a new version."""

    item = models.ForeignKey(LibraryItem, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="Template; placeholders such as {advisor_name} fill in at share time.")
    variants = models.JSONField(default=dict, blank=True, help_text='Per-network text, e.g. {"x": "…short…"}')
    disclosure_ids = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    audience = models.JSONField(default=dict, blank=True,
                                help_text='{"cohorts": [codes], "branches": [codes], "roles": [names]}; empty = all')
    valid_from = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    note_allowed = models.BooleanField(default=False)
    note_max_length = models.PositiveIntegerField(default=0)
    note_positions = models.JSONField(default=list, blank=True)
    content_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="unique_library_version_number"),
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("valid_from")),
                                   name="library_version_window_ordered"),
            # Four-eyes: whoever wrote this content never approves it.
            models.CheckConstraint(condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("created_by")),
                                   name="library_version_not_self_approved"),
        ]

    def __str__(self) -> str:
        return f"v{self.number} of library item {self.item_id}"

    def text_for(self, network: str) -> str:
        return str(self.variants.get(network) or self.body)


class ItemUnlock(models.Model):
    """A market event opened an event-linked item for a window; its figures fill the item's market placeholders."""

    item = models.ForeignKey(LibraryItem, on_delete=models.PROTECT, related_name="unlocks")
    version = models.ForeignKey(LibraryItemVersion, on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey("markets.MarketEvent", on_delete=models.PROTECT, related_name="unlocks")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField(db_index=True)
    figures = models.JSONField(default=dict)

    class Meta:
        ordering = ["-opens_at"]
        constraints = [models.UniqueConstraint(fields=["item", "event"], name="one_unlock_per_item_event")]


class Campaign(TimeStamped):
    """Compliance (or marketing) schedules an item for a cohort: suggested to each member, or shared
    automatically for members who opted in."""

    item = models.ForeignKey(LibraryItem, on_delete=models.PROTECT, related_name="campaigns")
    cohort = models.ForeignKey("entitlements.Cohort", on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(max_length=16, choices=CampaignMode.choices, default=CampaignMode.SUGGEST)
    starts_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.SCHEDULED)
    launched_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_at"]


class Suggestion(models.Model):
    """An in-app notice offering one item to one advisor (from an event or a campaign), e-mailed once. Its page
    is the one-click share."""

    advisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suggestions")
    item = models.ForeignKey(LibraryItem, on_delete=models.PROTECT, related_name="suggestions")
    version = models.ForeignKey(LibraryItemVersion, on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey("markets.MarketEvent", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="suggestions")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="suggestions")
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["advisor", "-created_at"], name="suggestion_inbox")]
        constraints = [
            models.UniqueConstraint(fields=["advisor", "item", "event"], condition=Q(event__isnull=False),
                                    name="one_suggestion_per_advisor_item_event"),
            models.UniqueConstraint(fields=["advisor", "campaign"], condition=Q(campaign__isnull=False),
                                    name="one_suggestion_per_advisor_campaign"),
        ]

    @property
    def occasion(self) -> str:
        return f"event:{self.event_id}" if self.event_id else f"campaign:{self.campaign_id}" if self.campaign_id else ""


class AdvisorPreference(models.Model):
    """An advisor's own choices: automatic sharing of campaign and event items (opt-in), e-mail notices."""

    advisor = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_pref")
    auto_share = models.BooleanField(default=False)
    email_suggestions = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)


class Share(models.Model):
    """An advisor's share of one item version to one account: the note, the exact rendered text, and the post it
    became. The rendered text (variables filled, note placed, disclosures attached) is what is screened, approved
    and archived. `occasion` ("event:12", "campaign:3") makes a second share for the same occasion impossible."""

    item = models.ForeignKey(LibraryItem, on_delete=models.PROTECT, related_name="shares")
    item_version = models.ForeignKey(LibraryItemVersion, on_delete=models.PROTECT, related_name="shares")
    advisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="library_shares")
    account = models.ForeignKey("connectors.NetworkAccount", on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    note_position = models.CharField(max_length=8, choices=NotePosition.choices, blank=True)
    note_screening = models.JSONField(default=dict, blank=True)
    rendered_text = models.TextField(blank=True)
    post = models.OneToOneField("posts.Post", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="library_share")
    event = models.ForeignKey("markets.MarketEvent", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="shares")
    suggestion = models.ForeignKey(Suggestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    occasion = models.CharField(max_length=40, blank=True)
    automatic = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=ShareStatus.choices, default=ShareStatus.SUBMITTED)
    problem = models.TextField(blank=True)
    scheduled_for = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="share_status_queue")]
        constraints = [
            models.UniqueConstraint(fields=["advisor", "account", "item_version", "occasion"],
                                    condition=~Q(occasion=""), name="one_share_per_occasion_and_account"),
        ]
