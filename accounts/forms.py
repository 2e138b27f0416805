"""Account forms. They check input; accounts.services makes the changes."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.core.exceptions import ValidationError

from accounts import selectors
from accounts.models import ContactWhenFlagged, Member
from accounts.pseudonyms import MAX_LENGTH, validate_not_identity, validate_pseudonym
from core.phone import validate_number

PSEUDONYM_HELP = (
    "This is how others will know you. Keep the suggestion or choose your own: not your real "
    "name, email address or phone number. 3 to 30 letters, numbers, spaces, dots, dashes or "
    "underscores."
)
TAKEN = "That pseudonym (or one that looks just like it) is taken. Please choose another."


class PseudonymField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH + 10)  # checked precisely by the validator
        kwargs.setdefault("help_text", PSEUDONYM_HELP)
        # No strip: the validator refuses invisible characters before it trims.
        super().__init__(strip=False, **kwargs)
        self.widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        )

    def clean(self, value):
        value = super().clean(value)
        return validate_pseudonym(value) if value else value


def validate_new_password(password: str, member) -> None:
    """Django's configured validators, plus similarity to the pseudonym: Django's similarity
    validator looks at username, names and email by default, and members have none of those."""
    password_validation.validate_password(password, member)
    UserAttributeSimilarityValidator(user_attributes=("pseudonym",)).validate(password, member)


class NewPasswordsMixin:
    """Two new-password fields checked by Django's validators against a would-be member."""

    def _check_new_passwords(self, member):
        first = self.cleaned_data.get("password1")
        second = self.cleaned_data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords don't match.")
            return
        if first:
            try:
                validate_new_password(first, member)
            except ValidationError as error:
                self.add_error("password1", error)


def _password_field(label, autocomplete="new-password"):
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class SignupForm(NewPasswordsMixin, forms.Form):
    pseudonym = PseudonymField(label="Pseudonym")
    password1 = _password_field("Password")
    password2 = _password_field("The same password again")
    age_ok = forms.BooleanField(
        label=f"I am {settings.MINIMUM_AGE} or older",
        error_messages={
            "required": f"Peerhaven is for people aged {settings.MINIMUM_AGE} and over. If you are "
            "younger, the support lines below are there for you."
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def clean_pseudonym(self):
        pseudonym = self.cleaned_data["pseudonym"]
        if selectors.pseudonym_taken(pseudonym):
            raise ValidationError(TAKEN, code="taken")
        return pseudonym

    def clean(self):
        super().clean()
        self._check_new_passwords(Member(pseudonym=self.cleaned_data.get("pseudonym", "")))
        return self.cleaned_data


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That pseudonym and password don't match. (Pseudonyms aren't "
        "case-sensitive; passwords are.)",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Pseudonym"
        self.fields["username"].widget.attrs.update({"autocapitalize": "none"})


class RecoverForm(NewPasswordsMixin, forms.Form):
    pseudonym = forms.CharField(label="Pseudonym", max_length=MAX_LENGTH + 10)
    code = forms.CharField(
        label="One of your recovery codes",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    password1 = _password_field("New password")
    password2 = _password_field("The same new password again")

    def clean(self):
        super().clean()
        member = selectors.public_member(self.cleaned_data.get("pseudonym", ""))
        self._check_new_passwords(member or Member(pseudonym=self.cleaned_data.get("pseudonym")))
        return self.cleaned_data


class ConfirmPasswordForm(forms.Form):
    """Asked before changes someone at an unlocked screen should not make for the member."""

    password = _password_field("Your current password", autocomplete="current-password")

    def __init__(self, member, *args, **kwargs):
        self.member = member
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.member.check_password(password):
            raise ValidationError("That isn't your current password.", code="wrong_password")
        return password


class DeleteAccountForm(ConfirmPasswordForm):
    ERASE, KEEP = "erase", "keep"
    posts = forms.ChoiceField(
        label="What should happen to your posts?",
        widget=forms.RadioSelect,
        choices=[
            (ERASE, "Erase my posts. Their text is removed everywhere; replies to them show "
                    "\u201cremoved\u201d; threads I started keep others' replies under "
                    "\u201cRemoved thread\u201d."),
            (KEEP, "Keep my posts as \u201cDeleted member\u201d. The words stay so conversations "
                   "still make sense, but they are no longer linked to any account."),
        ],
        error_messages={"required": "Please choose what happens to your posts."},
    )  # fmt: skip
    field_order = ["posts", "password"]


class ChangePseudonymForm(forms.Form):
    pseudonym = PseudonymField(label="New pseudonym")

    def __init__(self, member, *args, **kwargs):
        self.member = member
        super().__init__(*args, **kwargs)

    def clean_pseudonym(self):
        pseudonym = self.cleaned_data["pseudonym"]
        if selectors.pseudonym_taken(pseudonym, by_other_than=self.member):
            raise ValidationError(TAKEN, code="taken")
        return pseudonym


class AboutForm(forms.Form):
    about = forms.CharField(
        label="About you (optional)",
        max_length=200,
        required=False,
        widget=forms.TextInput(),
        help_text="One short line others see on your profile. Please leave out anything that "
        "could identify you.",
    )

    def clean_about(self):
        about = self.cleaned_data["about"]
        validate_plain_line(about)
        validate_not_identity(about)
        return about


def validate_plain_line(value: str) -> None:
    """One line of visible text: no control, invisible or text-direction characters."""
    if any(ord(ch) < 32 or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069
           for ch in value):  # fmt: skip
        raise ValidationError("Please remove invisible or text-direction characters.")


class SafetyPreferencesForm(forms.Form):
    """What a member wants to happen if a post of theirs is flagged, set before any crisis."""

    contact_when_flagged = forms.ChoiceField(
        label="If a post of mine is flagged as a possible crisis, may a peer moderator send me a "
        "note?",
        choices=ContactWhenFlagged.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="A note is a short, kind message in your inbox with support lines. Either way, "
        "a moderator looks after your post, and you are told if they hide or change it.",
    )
    personal_line_name = forms.CharField(
        label="A line of your own: who it is (optional)",
        max_length=80,
        required=False,
        help_text="For example “My therapist” or “My sister”. Only you see it, at the top of "
        "your support panel; moderators never see it.",
    )
    personal_line_phone = forms.CharField(
        label="Their number",
        max_length=40,
        required=False,
        validators=[validate_number],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    personal_line_note = forms.CharField(
        label="A note for yourself (optional)",
        max_length=160,
        required=False,
        help_text="For example “weekdays until 6pm” or “call, don't text”.",
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("personal_line_name", "personal_line_phone", "personal_line_note"):
            value = cleaned.get(name) or ""
            try:
                validate_plain_line(value)
            except ValidationError as error:
                self.add_error(name, error)
        has_details = cleaned.get("personal_line_name") or cleaned.get("personal_line_note")
        if has_details and not cleaned.get("personal_line_phone") and not self.errors:
            self.add_error("personal_line_phone", "Add the number, so the line can be called.")
        return cleaned


class ChangePasswordForm(PasswordChangeForm):
    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("new_password2")
        if password and not self.has_error("new_password2"):
            try:
                validate_new_password(password, self.user)
            except ValidationError as error:
                self.add_error("new_password2", error)
        return cleaned
