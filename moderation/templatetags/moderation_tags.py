from django import template
from django.core.exceptions import ObjectDoesNotExist

from forum import services as forum_services
from moderation.models import Priority, ReportReason
from moderation.selectors import Segment, highlighted
from moderation.services import LOW_RISK, LOW_RISK_LABEL

register = template.Library()

_REASON_LABELS = dict(ReportReason.choices)


@register.inclusion_tag("moderation/_highlighted.html")
def highlighted_text(item, limit: int = 0):
    """The post's scanned text with the scanner's hits marked, or its body when the hits no
    longer fit the text. `limit` cuts long posts for queue rows."""
    segments = highlighted(item) if item is not None else None
    marked = segments is not None
    if segments is None:
        segments = [Segment(item.post.body)] if item is not None else []
    cut = False
    if limit:
        kept, length = [], 0
        for segment in segments:
            if length >= limit:
                cut = True
                break
            room = limit - length
            if len(segment.text) > room:
                segment = Segment(segment.text[:room], segment.match)
                cut = True
            kept.append(segment)
            length += len(segment.text)
        segments = kept
    return {"segments": segments, "cut": cut, "marked": marked}


@register.filter
def priority_label(item) -> str:
    """The item's place in the queue in words; LOW_RISK is no Priority member (see
    moderation.services), so get_priority_display would show its number."""
    if item.priority == LOW_RISK:
        return LOW_RISK_LABEL
    return item.get_priority_display()


@register.filter
def report_summary(item) -> str:
    """ "3 reports: harassment or hostility ×2, spam" for a queue row."""
    if not item.report_count:
        return ""
    parts = []
    for reason, count in sorted(item.report_reasons.items(), key=lambda kv: -kv[1]):
        label = _REASON_LABELS.get(reason, reason).lower()
        parts.append(f"{label} ×{count}" if count > 1 else label)
    noun = "report" if item.report_count == 1 else "reports"
    return f"{item.report_count} {noun}: {', '.join(parts)}"


@register.filter
def is_new_member(member) -> bool:
    return member is not None and forum_services.is_new_member(member)


@register.filter
def humane(value: str) -> str:
    """ "self_harm" -> "self harm" for categories and sources."""
    return str(value).replace("_", " ").replace(":", ": ")


CONTACT_LABELS = {
    "yes": ("yes", "Welcomes a note from a moderator"),
    "no": ("no", "Asked not to be contacted when flagged"),
    "": ("unset", "Has not said whether a moderator may write"),
}


@register.simple_tag
def contact_preference(member):
    """(key, words) for the author's choice in their safety preferences; their personal
    line is never shown here."""
    if member is None:
        return None
    try:
        choice = member.safety_preferences.contact_when_flagged
    except ObjectDoesNotExist:
        choice = ""
    return CONTACT_LABELS.get(choice, CONTACT_LABELS[""])


@register.filter
def needs_care(item) -> bool:
    """Crisis items (imminent, failed scans, high, "someone may be at risk") open blurred: the
    moderator chooses when to read them."""
    return item is not None and item.priority <= Priority.AT_RISK_REPORT
