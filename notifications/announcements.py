"""Lines that apps above notifications send about their own pages: a text and a link to a path
on this site ("A place opened up in “Tuesday circle”: it is yours" -> /groups/4/).

The caller writes the text, so the caller decides what it names; group sessions name the
session's title and never another member. Call after the caller's own commit
(transaction.on_commit), so nobody hears about a change that was rolled back.
"""

from django.db import transaction
from django.utils import timezone

from notifications.models import Notification, validate_site_path
from notifications.services import send_counts_after_commit, willing_recipients


@transaction.atomic
def announce(
    *,
    recipient_ids,
    kind: str,
    text: str,
    link: str,
    once_key: str = "",
    now=None,
) -> list[int]:
    """Give each recipient who wants `kind` (and is not on a break) one line saying `text` that
    opens `link`. With a `once_key`, a recipient who already has a line with that key is
    skipped, so sending again (a sweep that runs every minute) adds nothing. Returns the ids of
    the members who got a line; their bells update after commit. Raises ValidationError for a
    link that is not a path on this site. A fixed number of queries for any number of members.
    """
    validate_site_path(link)
    now = now or timezone.now()
    candidates = {member_id: kind for member_id in set(recipient_ids)}
    if once_key and candidates:
        already = Notification.objects.filter(
            recipient_id__in=list(candidates), once_key=once_key
        ).values_list("recipient_id", flat=True)
        for member_id in already:
            candidates.pop(member_id, None)
    willing = sorted(willing_recipients(candidates, actor_id=None, now=now))
    # ignore_conflicts: two sweeps racing on one key still leave one line each.
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=member_id, kind=kind, text=text, link=link, once_key=once_key,
                created=now, updated=now,
            )
            for member_id in willing
        ],
        ignore_conflicts=bool(once_key),
    )  # fmt: skip
    send_counts_after_commit(willing)
    return willing
