from __future__ import annotations

from django import forms

from clearpost.markets.choices import RuleKind
from clearpost.markets.models import Instrument


class RuleForm(forms.Form):
    name = forms.CharField(max_length=120)
    instrument = forms.ModelChoiceField(queryset=Instrument.objects.all(), to_field_name="symbol")
    kind = forms.ChoiceField(choices=RuleKind.choices)
    threshold = forms.DecimalField(max_digits=14, decimal_places=4, min_value=0)
    cooldown_minutes = forms.IntegerField(min_value=0, initial=0, help_text="0: once per session day")
    unlock_minutes = forms.IntegerField(min_value=1, initial=480)


class TickUploadForm(forms.Form):
    file = forms.FileField(help_text="CSV with a header: symbol,at,value (all or nothing)")
