from __future__ import annotations

from django import forms

from clearpost.accounts.models import User
from clearpost.connectors.choices import AccountStatus
from clearpost.connectors.models import NetworkAccount


class ComposeForm(forms.Form):
    account = forms.ModelChoiceField(queryset=NetworkAccount.objects.none(), empty_label=None)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000)

    def __init__(self, *args: object, author: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["account"].queryset = NetworkAccount.objects.filter(owner=author, status=AccountStatus.ACTIVE)


class EditForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=10_000)
