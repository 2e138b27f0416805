"""Write guards: checks that run before any write a member makes (a post, a reply, an edit, a
reaction, their profile). Apps above register them from their AppConfig.ready() (moderation:
mutes and suspensions), so the apps that write never import the apps that restrict.

A guard refuses by raising core.errors.PostingRefused (or a subclass) with a message that is
safe to show the member.
"""

from collections.abc import Callable

_WRITE_GUARDS: list[Callable] = []


def register_write_guard(guard: Callable) -> None:
    """Run `guard(member)` before every write by a member. Idempotent."""
    if guard not in _WRITE_GUARDS:
        _WRITE_GUARDS.append(guard)


def ensure_member_can_write(member) -> None:
    """Raise PostingRefused, saying why, if any registered guard refuses this member."""
    for guard in _WRITE_GUARDS:
        guard(member)
