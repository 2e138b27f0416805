"""Reads about members: profiles, blocks, whether a pseudonym is free."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Block, Member, RecoveryCode, ReservedPseudonym
from accounts.pseudonyms import CHANGE_INTERVAL_DAYS, pseudonym_key, suggest_pseudonyms


def blocked_member_ids(member) -> set[int]:
    """Ids of the members `member` has blocked, in one query; empty for visitors."""
    if member is None or not member.is_authenticated:
        return set()
    return set(Block.objects.filter(blocker=member).values_list("blocked_id", flat=True))


def collapsed_for(post, blocked_ids: set[int]) -> bool:
    """Whether a post should be collapsed for a reader who blocked `blocked_ids`.

    Anonymous posts never are: collapsing one would tell the reader who wrote it.
    """
    return not post.anonymous and post.author_id is not None and post.author_id in blocked_ids


def has_blocked(blocker, blocked) -> bool:
    return Block.objects.filter(blocker=blocker, blocked=blocked).exists()


def blocked_members(member):
    return (
        Member.objects.filter(pk__in=Block.objects.filter(blocker=member).values("blocked_id"))
        .only("id", "pseudonym")
        .order_by("pseudonym_key")
    )


def pseudonym_taken(pseudonym: str, *, by_other_than=None) -> bool:
    """Whether the pseudonym (or a look-alike) is someone's name, or reserved for someone who
    recently left it. A member's own current and reserved names are free for them."""
    key = pseudonym_key(pseudonym)
    members = Member.objects.filter(pseudonym_key=key)
    reserved = ReservedPseudonym.objects.filter(pseudonym_key=key, until__gt=timezone.now())
    if by_other_than is not None:
        members = members.exclude(pk=by_other_than.pk)
        reserved = reserved.exclude(member=by_other_than)
    return members.exists() or reserved.exists()


def suggest_free_pseudonym() -> str:
    """A generated pseudonym nobody holds, in two queries whatever the luck."""
    for _ in range(3):
        candidates = {pseudonym_key(name): name for name in suggest_pseudonyms(8)}
        now = timezone.now()
        used = set(
            Member.objects.filter(pseudonym_key__in=candidates).values_list(
                "pseudonym_key", flat=True
            )
        ) | set(
            ReservedPseudonym.objects.filter(
                pseudonym_key__in=candidates, until__gt=now
            ).values_list("pseudonym_key", flat=True)
        )
        for key, name in candidates.items():
            if key not in used:
                return name
    raise RuntimeError("No free pseudonym found; the word lists need to grow.")


def public_member(pseudonym: str) -> Member | None:
    """The member a profile URL names, matched as logins are. Only current names resolve: an old
    pseudonym must never lead to the new one, or changing names would not shake anyone off.

    Suspended members (a later issue) will be filtered here."""
    return Member.objects.filter(pseudonym_key=pseudonym_key(pseudonym), is_active=True).first()


def recovery_codes_left(member) -> int:
    return RecoveryCode.objects.filter(member=member).count()


def can_change_pseudonym_at(member):
    """When the member may next change their pseudonym, or None if they may now."""
    if member.pseudonym_changed is None:
        return None
    next_change = member.pseudonym_changed + timedelta(days=CHANGE_INTERVAL_DAYS)
    return next_change if next_change > timezone.now() else None
