from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince

from accounts.selectors import collapsed_for
from forum.models import ReactionKind
from forum.stats import describe_wait

register = template.Library()

ANONYMOUS = "Anonymous member"
ANONYMOUS_STARTER = "Anonymous (original poster)"
DELETED_MEMBER = "Deleted member"


def author_label(post, thread) -> str:
    """What readers see as a post's author. An anonymous starter is "original poster" only in
    a thread they started anonymously: in a named thread it would reveal who they are."""
    if post.anonymous:
        if thread.anonymous and post.author_id and post.author_id == thread.author_id:
            return ANONYMOUS_STARTER
        return ANONYMOUS
    if post.author_id is None:
        return DELETED_MEMBER
    return post.author.pseudonym


@register.simple_tag
def supporter_mark(member):
    """The "Peer supporter" mark for a named member who holds the role and is not paused. It
    reads a field of the member row already loaded: no query. Never call it for an anonymous
    post's author: the mark would tell readers something about who wrote it."""
    if member is None or not getattr(member, "is_peer_supporter", False):
        return ""
    return format_html(
        ' <span class="supporter-mark" data-supporter-mark title="{}">Peer supporter</span>',
        "A member trained and approved to support others",
    )


@register.simple_tag
def post_author(post, thread):
    label = author_label(post, thread)
    if post.anonymous or post.author_id is None:
        return label
    url = reverse("accounts:profile", args=[post.author.pseudonym])
    return format_html('<a href="{}">{}</a>{}', url, label, supporter_mark(post.author))


@register.simple_tag
def thread_starter(thread):
    if thread.anonymous:
        return ANONYMOUS
    if thread.author_id is None:
        return DELETED_MEMBER
    return format_html("{}{}", thread.author.pseudonym, supporter_mark(thread.author))


@register.simple_tag
def timestamp(moment):
    """A relative time for people, with the exact time for machines and tooltips."""
    ago = timesince(moment, timezone.now()).split(",")[0]
    return format_html(
        '<time datetime="{}" title="{} UTC">{} ago</time>',
        moment.isoformat(),
        moment.strftime("%-d %b %Y, %H:%M"),
        ago,
    )


@register.filter
def collapsed(post, blocked_ids):
    """Whether the reader blocked this post's author (never true for anonymous posts)."""
    return bool(blocked_ids) and collapsed_for(post, blocked_ids)


@register.filter
def opens_warning(post, filters):
    """Whether the reader's settings open this warned post by themselves."""
    return filters is not None and filters.opens_warning(post)


@register.filter
def muted_for(post, filters):
    """Whether the post's words contain a word the reader muted (forum.reading.words_of)."""
    return filters is not None and filters.mutes_post(post)


@register.filter
def wait_length(duration):
    return describe_wait(duration)


@register.filter
def get_count(counts, kind):
    return (counts or {}).get(kind, 0)


@register.filter
def reacted(post_id, kind):
    return (post_id, kind)


@register.simple_tag
def reaction_kinds():
    return ReactionKind.choices
