from django import forms


class CompleteCourseForm(forms.Form):
    attested = forms.BooleanField(required=True, label="I attest to the statement above")


class ImportForm(forms.Form):
    file = forms.FileField(label="Completions CSV (crd_number,course_code,course_version,completed_at)")
    dry_run = forms.BooleanField(required=False, label="Check only, import nothing")
