"""How far each member has read each thread: recorded when the thread's page shows them posts,
read back as the "New replies" marks in thread lists."""

from django.db.models import OuterRef, Subquery

from forum.models import Post, Thread, ThreadVisit, Visibility


def record_visit(*, member, thread: Thread, seen_until) -> None:
    """The member has been shown the thread's posts up to `seen_until`. Never moves back, so
    going back to page 1 does not make later pages unread again."""
    if seen_until is None or not member.is_authenticated:
        return
    moved = ThreadVisit.objects.filter(
        member=member, thread=thread, last_seen__lt=seen_until
    ).update(last_seen=seen_until)
    if not moved:
        ThreadVisit.objects.get_or_create(
            member=member, thread=thread, defaults={"last_seen": seen_until}
        )


def mark_unread(threads, member) -> list:
    """Give each thread `first_unread_post_id`: the first post by someone else since the member
    last read the thread, or None. Threads never opened are not marked. One query."""
    threads = list(threads)
    for thread in threads:
        thread.first_unread_post_id = None
    if not threads or member is None or not member.is_authenticated:
        return threads
    first_unread = (
        Post.objects.filter(
            thread=OuterRef("thread_id"),
            state=Visibility.PUBLISHED,
            created__gt=OuterRef("last_seen"),
        )
        .exclude(author=member)
        .order_by("created", "id")
        .values("id")[:1]
    )
    found = dict(
        ThreadVisit.objects.filter(member=member, thread__in=[t.pk for t in threads])
        .annotate(first_unread=Subquery(first_unread))
        .values_list("thread_id", "first_unread")
    )
    for thread in threads:
        thread.first_unread_post_id = found.get(thread.pk)
    return threads
