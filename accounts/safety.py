"""A member's safety preferences: what they asked for, before any crisis, about being flagged.

Moderators read only `contact_preference`; the personal line is shown to its owner alone (the
support panel reads it through resources.selectors.personal_line_of).
"""

from django.utils import timezone

from accounts.models import ContactWhenFlagged, SafetyPreferences
from core.text import clean_text


def preferences_of(member) -> SafetyPreferences:
    """The member's preferences, or unsaved defaults when they have not set any."""
    return SafetyPreferences.objects.filter(member=member).first() or SafetyPreferences(
        member=member
    )


def save_preferences(
    *,
    member,
    contact_when_flagged: str,
    personal_line_name: str = "",
    personal_line_phone: str = "",
    personal_line_note: str = "",
) -> SafetyPreferences:
    preferences, _ = SafetyPreferences.objects.update_or_create(
        member=member,
        defaults={
            "contact_when_flagged": contact_when_flagged,
            "personal_line_name": clean_text(personal_line_name).strip(),
            "personal_line_phone": personal_line_phone.strip(),
            "personal_line_note": clean_text(personal_line_note).strip(),
            "updated": timezone.now(),
        },
    )
    return preferences


def may_contact_when_flagged(member) -> bool:
    """False only when the member said no: a moderator may not send them a supportive note."""
    if member is None:
        return False
    return not SafetyPreferences.objects.filter(
        member=member, contact_when_flagged=ContactWhenFlagged.NO
    ).exists()
