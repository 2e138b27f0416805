"""What the supporter pages read."""

from supporters.models import Application, ApplicationStatus, SupporterRole


def role_of(member) -> SupporterRole | None:
    """The member's role row, paused or not; None when they are not a peer supporter."""
    return SupporterRole.objects.filter(member=member).first()


def waiting_applications():
    """Applications whose training is passed, oldest first: the moderators' list."""
    return (
        Application.objects.filter(status=ApplicationStatus.WAITING)
        .select_related("member")
        .order_by("submitted_at", "id")
    )


def current_supporters():
    return SupporterRole.objects.select_related("member").order_by("member__pseudonym")
