from __future__ import annotations

from typing import Any

from django import forms

from clearpost.accounts.choices import Role
from clearpost.accounts.models import OrgUnit
from clearpost.connectors.models import NetworkAccount
from clearpost.entitlements.models import Cohort
from clearpost.library.choices import CampaignMode, NotePosition
from clearpost.library.models import LibraryItemVersion
from clearpost.library.services import ItemContent, item_content
from clearpost.markets.models import EventRule
from clearpost.policy.engine.disclosures import DEFAULT_DISCLOSURES

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ItemForm(forms.Form):
    """Compliance's item editor. Placeholders: {advisor_name} {advisor_first_name} {branch}; with an event rule
    also {index_name} {index_points} {index_pct} {index_level}."""

    title = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    variant_x = forms.CharField(label="Short X version", required=False, max_length=1000,
                                widget=forms.Textarea(attrs={"rows": 2}))
    variant_linkedin = forms.CharField(label="Long LinkedIn version", required=False, max_length=3000,
                                       widget=forms.Textarea(attrs={"rows": 5}))
    disclosure_ids = forms.MultipleChoiceField(label="Disclosures", required=False,
                                               widget=forms.CheckboxSelectMultiple,
                                               choices=[(d.id, d.title) for d in DEFAULT_DISCLOSURES.values()])
    tags = forms.CharField(required=False, help_text="Comma-separated")
    cohorts = forms.ModelMultipleChoiceField(queryset=Cohort.objects.all(), required=False, to_field_name="code")
    branches = forms.ModelMultipleChoiceField(queryset=OrgUnit.objects.filter(kind="branch"), required=False,
                                              to_field_name="code")
    roles = forms.MultipleChoiceField(choices=Role.choices, required=False)
    valid_from = forms.DateTimeField(widget=DATETIME, required=False)
    valid_until = forms.DateTimeField(widget=DATETIME, required=False)
    note_allowed = forms.BooleanField(required=False, label="Allow a personal note")
    note_max_length = forms.IntegerField(required=False, min_value=1, max_value=500)
    note_positions = forms.MultipleChoiceField(choices=NotePosition.choices, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    trigger_rule = forms.ModelChoiceField(queryset=EventRule.objects.filter(active=True), required=False,
                                          label="Market event rule (unlocks the item when it fires)")

    @classmethod
    def initial_from(cls, version: LibraryItemVersion) -> dict[str, Any]:
        audience = version.audience or {}
        return {"title": version.title, "body": version.body, "variant_x": version.variants.get("x", ""),
                "variant_linkedin": version.variants.get("linkedin", ""), "disclosure_ids": version.disclosure_ids,
                "tags": ", ".join(version.tags), "cohorts": audience.get("cohorts", []),
                "branches": audience.get("branches", []), "roles": audience.get("roles", []),
                "valid_from": version.valid_from, "valid_until": version.valid_until,
                "note_allowed": version.note_allowed, "note_max_length": version.note_max_length or None,
                "note_positions": version.note_positions, "trigger_rule": version.item.trigger_rule_id}

    def content(self) -> ItemContent:
        d = self.cleaned_data
        return item_content(
            title=d["title"], body=d["body"],
            variants={"x": d.get("variant_x") or "", "linkedin": d.get("variant_linkedin") or ""},
            disclosure_ids=d.get("disclosure_ids") or [], tags=(d.get("tags") or "").split(","),
            audience={"cohorts": [c.code for c in d.get("cohorts") or []],
                      "branches": [b.code for b in d.get("branches") or []], "roles": list(d.get("roles") or [])},
            valid_from=d.get("valid_from"), valid_until=d.get("valid_until"), note_allowed=bool(d.get("note_allowed")),
            note_max_length=d.get("note_max_length") or 0, note_positions=d.get("note_positions") or [])


class ShareForm(forms.Form):
    accounts = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    note_position = forms.ChoiceField(choices=NotePosition.choices, required=False)
    scheduled_for = forms.DateTimeField(required=False, widget=DATETIME, label="Schedule (leave empty to share now)")

    def __init__(self, *args: Any, accounts: list[NetworkAccount], version: LibraryItemVersion,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accounts"].choices = [(str(a.pk), str(a)) for a in accounts]
        self.fields["accounts"].initial = [str(a.pk) for a in accounts]
        positions = [(p, label) for p, label in NotePosition.choices if p in (version.note_positions or [])]
        self.fields["note_position"].choices = positions or NotePosition.choices
        if not version.note_allowed:
            del self.fields["note"]
            del self.fields["note_position"]


class CampaignForm(forms.Form):
    item_id = forms.IntegerField(label="Library item id")
    cohort = forms.ModelChoiceField(queryset=Cohort.objects.all())
    mode = forms.ChoiceField(choices=CampaignMode.choices)
    starts_at = forms.DateTimeField(widget=DATETIME, required=False, label="Starts (empty: now)")


class PreferenceForm(forms.Form):
    auto_share = forms.BooleanField(required=False, label="Share campaign and market-event items automatically")
    email_suggestions = forms.BooleanField(required=False, label="E-mail me suggestions")
