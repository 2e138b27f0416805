"""The room inside a session's page: its context for the template and the message form's POST.

(Stub: the room's work replaces it. groups.views calls these two functions.)"""


def room_context(request, session) -> dict:
    """Extra template context for /groups/<id>/ when the reader may see the room."""
    return {}


def post_message(request, session):
    """Handle a POST of the room's message form to /groups/<id>/ (fields `body`, `anonymous`)."""
    from django.http import HttpResponse

    return HttpResponse(status=501)
