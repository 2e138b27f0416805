"""The application and the moderators' forms. Nothing here asks who someone is."""

import re

from django import forms

# Contact details in free text: an address with an @, or a run of seven or more digits with the
# separators people type in phone numbers. Years ("since 2015") stay well short of that.
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_PHONE = re.compile(r"(?:\+?\d[\s().-]{0,2}){7,}")
IDENTIFYING = (
    "Please leave out email addresses and phone numbers: Peerhaven is anonymous, and moderators "
    "will never contact you outside the site."
)


def refuse_contact_details(text: str) -> str:
    if _EMAIL.search(text) or _PHONE.search(text):
        raise forms.ValidationError(IDENTIFYING, code="identifying")
    return text


class ApplicationForm(forms.Form):
    why = forms.CharField(
        label="Why would you like to be a peer supporter?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Please tell us why: a few sentences are enough."},
    )
    experience = forms.CharField(
        label="What lived experience are you willing to draw on?",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Only what you are comfortable sharing with the peer moderators. "
        "No names of people or places, please.",
    )
    availability = forms.CharField(
        label="When are you usually around?",
        required=False,
        max_length=300,
        help_text='For example "weekday evenings, US Central time".',
    )

    def clean_why(self):
        return refuse_contact_details(self.cleaned_data["why"])

    def clean_experience(self):
        return refuse_contact_details(self.cleaned_data["experience"])

    def clean_availability(self):
        return refuse_contact_details(self.cleaned_data["availability"])


class QuizForm(forms.Form):
    """One radio group per question of a training part. Unanswered questions are marked by
    the service like wrong ones, so the member sees every question's feedback at once."""

    def __init__(self, *args, part, **kwargs):
        super().__init__(*args, **kwargs)
        for question in part.questions:
            self.fields[question.key] = forms.ChoiceField(
                label=question.prompt,
                choices=[(c.key, c.text) for c in question.choices],
                widget=forms.RadioSelect,
                required=False,
            )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])
    note = forms.CharField(
        label="Note to the applicant",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown to the applicant. Required when declining: say why, kindly.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "decline" and not data.get("note", "").strip():
            self.add_error("note", "Please write a note when declining: the applicant sees it.")
        return data


class RoleChangeForm(forms.Form):
    change = forms.ChoiceField(
        choices=[("pause", "Pause"), ("resume", "Resume"), ("revoke", "Revoke")]
    )
    reason = forms.CharField(
        label="Reason", max_length=300, help_text="For the audit log and the supporter."
    )


class PauseForm(forms.Form):
    reason = forms.CharField(label="Anything you'd like to note (optional)", required=False,
                             max_length=300)  # fmt: skip
