"""The peer-moderator role: membership of the "Peer moderators" group (accounts migration
0002; Member.is_moderator). Every change of role, however it is made (these functions, the
`moderator` command, the admin site, a shell), is written to the audit log by the signal
handlers in moderation.signals; these functions only say who is acting."""

from django.contrib.auth.models import Group
from django.db import transaction

from core import live
from moderation import audit

MODERATORS_GROUP = "Peer moderators"


class RoleRefused(Exception):
    pass


def moderators_group() -> Group:
    return Group.objects.get(name=MODERATORS_GROUP)


@transaction.atomic
def grant_moderator_role(*, member, actor=None, via: str = "command line", reason: str = ""):
    if member.groups.filter(name=MODERATORS_GROUP).exists():
        raise RoleRefused(f"{member.pseudonym} is already a peer moderator.")
    with audit.acting_as(actor, via=via, reason=reason):
        member.groups.add(moderators_group())


@transaction.atomic
def revoke_moderator_role(*, member, actor=None, via: str = "command line", reason: str = ""):
    """Take the role away. The member's open sockets close, so the moderators' live queue
    stops reaching them at once (their thread sockets simply reconnect)."""
    if not member.groups.filter(name=MODERATORS_GROUP).exists():
        raise RoleRefused(f"{member.pseudonym} is not a peer moderator.")
    with audit.acting_as(actor, via=via, reason=reason):
        member.groups.remove(moderators_group())
    member_id = member.pk
    transaction.on_commit(lambda: live.close_member_sockets(member_id))
