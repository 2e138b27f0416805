"""The posts of a thread page as visitors see them, rendered once and kept in the cache.

Every visitor sees the same posts: no pressed reactions, no filters, no controls, reaction
buttons that lead to the login page. So the block is rendered once per version of the thread
and served from the cache until the thread changes, skipping the posts query, the paginator's
count and the 200-post template loop. Members never get it: their posts carry per-reader
state (pressed reactions, blocked and muted authors, their own edit links).

The key holds the thread's `event_seq`, which every change a reader can see increments inside
the changing transaction (`forum.events`): a new, edited, hidden, restored or deleted post, a
reaction, a lock. A request that reads the thread after the commit builds a new key, so it
never gets the old block. Names shown in the block change without a post event, so the
changes that rename them send one to every thread concerned (`events.threads_changed`):
deleting an account (its name becomes "Deleted member" at once) and changing a pseudonym.
What still moves without the sequence: the relative times ("5 minutes ago"), and writes that
bypass the services (the Django admin). The short timeout bounds those to a minute.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from forum import selectors
from forum.models import ReactionKind, Thread, ThreadEvent

TIMEOUT = 60
# Bump when the block's markup changes, so a deployment never serves the old markup.
MARKUP_VERSION = 1


@dataclass(frozen=True)
class VisitorPosts:
    html: SafeString
    page: object  # a Page of the thread's posts, for the pagination links


def cache_key(thread: Thread, page_number: int, per_page: int) -> str:
    return f"thread-posts:{MARKUP_VERSION}:{thread.pk}:{thread.event_seq}:{page_number}:{per_page}"


def page_number_of(requested) -> int | None:
    """The page a request names, if it names one plainly; None for anything the paginator
    would have to interpret (not a number, 0, negative), which is rendered but not cached, so
    odd query strings cannot fill the cache."""
    if requested in (None, ""):
        return 1
    text = str(requested)
    if not text.isdigit() or len(text) > 9 or int(text) < 1:
        return None
    return int(text)


def _count_page(count: int, number: int, per_page: int):
    """A Page with the pagination the cached block was rendered for, without a query."""
    return Paginator(range(count), per_page).get_page(number)


def _render(thread: Thread, posts) -> SafeString:
    context = {
        "posts": posts,
        "thread": thread,
        "live": True,
        # Reaction buttons that lead to the login page (a GET form: no CSRF token to cache),
        # then back to the page holding the post, at the post.
        "visitor": True,
        "login_url": reverse("accounts:login"),
        "thread_path": thread.get_absolute_url(),
        "reaction_kinds_all": ReactionKind.choices,
    }
    return render_to_string("forum/_visitor_posts.html", context)


def visitor_posts(thread: Thread, requested_page) -> VisitorPosts:
    """The thread's posts for a visitor on the requested page, from the cache when it holds
    this version of the thread."""
    per_page = settings.FORUM_POSTS_PER_PAGE
    number = page_number_of(requested_page)
    if number is not None:
        found = cache.get(cache_key(thread, number, per_page))
        if found is not None:
            html, count = found
            # Our own rendering, stored as text (escaped when it was rendered).
            return VisitorPosts(mark_safe(html), _count_page(count, number, per_page))  # noqa: S308
    page = selectors.paginate_posts(thread, None, requested_page)
    html = _render(thread, list(page.object_list))
    # Only under the page actually shown: "?page=999" shows the last page, but is not kept.
    if number == page.number:
        cache.set(cache_key(thread, number, per_page), (str(html), page.paginator.count), TIMEOUT)
    return VisitorPosts(html, page)


# --- Visitors' thread lists: home and board pages ---------------------------------------------
#
# The lists change with any thread a reader can see: a new thread (a new row in Thread), or a
# reply, hide, lock, deletion, restore or renamed author (each logs a ThreadEvent). So the
# newest ids of those two tables name the lists' version: two index lookups that every process,
# command and shell agrees on, with no cache to keep in step. What moves without them (relative
# times, admin-site edits) is bounded by the fragment's 60-second timeout.


def listing_version() -> str:
    """The version visitors' thread lists are cached under."""
    newest_event = ThreadEvent.objects.order_by("-id").values_list("id", flat=True).first()
    newest_thread = Thread.objects.order_by("-id").values_list("id", flat=True).first()
    return f"{MARKUP_VERSION}.{newest_event or 0}.{newest_thread or 0}"
