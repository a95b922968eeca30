from __future__ import annotations

import json
from typing import Any

from django import forms

from clearpost.review.choices import Assignment
from clearpost.review.models import RejectionReason


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", "Approve"), ("request_changes", "Request changes"),
                                        ("reject", "Reject")])
    reason_code = forms.ChoiceField(required=False)
    reason = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reasons = RejectionReason.objects.filter(active=True).values_list("code", "label")
        self.fields["reason_code"].choices = [("", "— reason from the list —"), *reasons]


class RoutingPolicyForm(forms.Form):
    rules = forms.CharField(widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
                            help_text='JSON list: [{"network": "x", "kind": "reply", "route": "post_review", '
                                      '"sla_minutes": 240, "sample_percent": 10}] — "*" matches any.')
    assignment = forms.ChoiceField(choices=Assignment.choices)
    default_sla_minutes = forms.IntegerField(min_value=1, max_value=7 * 24 * 60)
    supervisor_escalation_minutes = forms.IntegerField(min_value=1, max_value=7 * 24 * 60)
    note = forms.CharField(required=False, max_length=300)

    def clean_rules(self) -> list[dict[str, Any]]:
        try:
            value = json.loads(self.cleaned_data["rules"])
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(f"not valid JSON: {exc.msg}") from exc
        if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
            raise forms.ValidationError("a JSON list of objects")
        return value


class ReasonForm(forms.Form):
    code = forms.SlugField(max_length=48)
    label = forms.CharField(max_length=200)
    active = forms.BooleanField(required=False, initial=True)
