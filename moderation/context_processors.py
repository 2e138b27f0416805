"""For the page header: whether the member has unread notes from the moderators. Reads the
cache only, never the database, so every page keeps its query count."""

from moderation.notes import has_unread_notes


def moderation_notes(request):
    user = getattr(request, "user", None)
    return {"has_unread_notes": has_unread_notes(user) if user is not None else False}
