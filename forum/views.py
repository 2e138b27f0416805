"""Forum pages. Each view checks input and access, calls one service, and responds."""

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from accounts.selectors import blocked_member_ids
from forum import events as live
from forum import page_cache, review, selectors, services
from forum import posting_views as posting
from forum.forms import PostForm
from forum.models import Board, Post, ReactionKind, Thread, Visibility
from forum.reading import payload_for_reader, reader_filters
from forum.rendering import render_markdown
from forum.search import search
from forum.signals import post_quoted, waiting_threads_viewed
from forum.templatetags.forum_tags import author_label
from forum.visits import mark_unread, record_visit
from safety.services import assess_text
from safety.severity import Severity


def noindex(response):
    response.noindex = True
    return response


def _answer_with_care(request, threads) -> list:
    """Granted peer supporters (not paused) and moderators see which waiting threads a
    moderator has flagged; nobody else, whatever their settings say."""
    threads = list(threads)
    viewer = request.user
    if threads and viewer.is_authenticated and (viewer.is_peer_supporter or viewer.is_moderator):
        flagged = review.flagged_thread_ids(threads)
        for thread in threads:
            thread.needs_care = thread.pk in flagged
    return threads


MAX_CACHED_LIST_PAGE = 20


def _visitors_lists_version(request, page_number: int | None = 1) -> str | None:
    """The version a visitor's thread lists are cached under (forum.page_cache), or None to
    render them afresh: members' lists carry their own unread marks, filters and flags. Two
    index lookups."""
    # Only the first pages people browse: odd page numbers render afresh, so a crawler walking
    # ?page=1..N cannot fill the cache.
    if request.user.is_authenticated or page_number is None or page_number > MAX_CACHED_LIST_PAGE:
        return None
    return page_cache.listing_version()


@require_GET
def home(request):
    member = request.user
    filters = reader_filters(member)
    waiting_threads_viewed.send(sender=Thread, member=member)

    def waiting():
        threads = mark_unread(selectors.waiting_threads(filters=filters)[:5], member)
        return _answer_with_care(request, threads)

    # Lazy: a visitor whose lists come from the cache costs none of these queries.
    context = {
        "lists_version": _visitors_lists_version(request),
        "boards": SimpleLazyObject(lambda: list(selectors.boards_with_counts())),
        "latest": SimpleLazyObject(
            lambda: mark_unread(selectors.latest_threads(filters=filters), member)
        ),
        "waiting": SimpleLazyObject(waiting),
        "reply_times": (
            selectors.reply_times() if member.is_authenticated and member.is_moderator else ()
        ),
    }
    return render(request, "forum/home.html", context)


@require_GET
def board(request, slug):
    board = get_object_or_404(Board, slug=slug)
    filters = reader_filters(request.user)
    requested = request.GET.get("page")

    def page():
        threads = selectors.board_threads(board, filters=filters)
        found = selectors.paginate_threads(threads, requested)
        found.object_list = mark_unread(found.object_list, request.user)
        return found

    number = page_cache.page_number_of(requested)
    context = {
        "board": board,
        "page": SimpleLazyObject(page),
        "page_number": number,
        "lists_version": _visitors_lists_version(request, number),
        "muted": board.pk in filters.muted_board_ids,
    }
    return render(request, "forum/board.html", context)


def _readable_thread(request, thread_id) -> Thread:
    user = request.user
    threads = Thread.objects.select_related("board", "author")
    if user.is_authenticated:
        # Whether the reader wrote a crisis post here, in the same query (see _author_care).
        threads = threads.annotate(wrote_crisis_post=review.wrote_crisis_post(user))
    thread = get_object_or_404(threads, pk=thread_id)
    if thread.state == Visibility.PUBLISHED:
        return thread
    if user.is_authenticated and (user.is_moderator or thread.author_id == user.pk):
        return thread
    raise Http404("No such thread")


def thread(request, thread_id):
    thread = _readable_thread(request, thread_id)
    initial = _quote_initial(request, thread)
    form = PostForm(request.POST or None, initial=initial)
    quote_id = request.POST.get("quote", "") if request.method == "POST" else initial.get("quote")
    context = {"thread": thread, "form": form, "quote_id": quote_id}
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return HttpResponseRedirect(f"{settings.LOGIN_URL}?next={request.path}")
        if form.is_valid() and "preview" in request.POST:
            context["preview_html"] = render_markdown(form.cleaned_data["body"])
        elif form.is_valid():
            if posting.over_the_limit(request, context, thread=False):
                context.update(_thread_page_context(request, thread))
                return posting.too_many(request, "forum/thread.html", context)
            saved = posting.save_or_refuse(
                request, form, lambda data: _reply(request, thread, data)
            )
            if saved:
                return saved
            status = 403
        else:
            status = 400
    context.update(_thread_page_context(request, thread))
    if request.method == "GET" and request.user.is_authenticated and context["posts"]:
        seen_until = max(post.created for post in context["posts"])
        record_visit(member=request.user, thread=thread, seen_until=seen_until)
    return noindex(render(request, "forum/thread.html", context, status=status))


def _reply(request, thread, data) -> services.PostOutcome:
    """Post the reply, and record which post it quotes (the form's hidden `quote` field) in
    the same transaction, so the quoted member's notification knows once it goes out."""
    quoted = _quoted_post(request.POST.get("quote", ""), thread)
    with transaction.atomic():
        outcome = services.create_post(
            thread=thread,
            author=request.user,
            body=data["body"],
            anonymous=data["anonymous"],
            warning_category=data["warning_category"],
            warning_text=data["warning"],
        )
        if quoted is not None:
            post_quoted.send(sender=Post, post=outcome.post, quoted=quoted)
    return outcome


def _quoted_post(quote_id: str, thread) -> Post | None:
    if not quote_id.isdigit():
        return None
    return Post.objects.visible().filter(pk=int(quote_id), thread=thread).first()


def _quote_initial(request, thread) -> dict:
    """`?quote=<post id>` starts the reply with that post's words as a Markdown quote, and the
    form carries the post's id in a hidden `quote` field."""
    if not request.user.is_authenticated:
        return {}
    quoted = _quoted_post(request.GET.get("quote", ""), thread)
    if quoted is None:
        return {}
    lines = "\n".join(f"> {line}" for line in quoted.body.splitlines())
    return {"body": f"{author_label(quoted, thread)} wrote:\n{lines}\n\n", "quote": quoted.pk}


def _requested_page(request, thread):
    """`?page=k`, or `?post=<id>` for the page holding that post (links from search)."""
    post_id = request.GET.get("post", "")
    if "page" not in request.GET and post_id.isdigit():
        post = Post.objects.readable_by(request.user).filter(pk=int(post_id), thread=thread)
        post = post.first()
        if post is not None:
            return selectors.page_of_post(post, request.user)
    return request.GET.get("page")


def _thread_page_context(request, thread):
    outcome = request.session.pop("last_post_outcome", None)
    if not request.user.is_authenticated:
        # Visitors all see the same posts: one cached block per version of the thread.
        block = page_cache.visitor_posts(thread, _requested_page(request, thread))
        return {"page": block.page, "posts": (), "visitor_posts": block.html, "outcome": outcome}
    page = selectors.paginate_posts(thread, request.user, _requested_page(request, thread))
    posts = list(page.object_list)
    care = _author_care(thread, request.user, posts)
    return {
        "care": care,
        "page": page,
        "posts": posts,
        "reacted_pairs": selectors.my_reactions(request.user, posts),
        "blocked_ids": blocked_member_ids(request.user),
        "reaction_kinds_all": ReactionKind.choices,
        "viewer_is_moderator": request.user.is_authenticated and request.user.is_moderator,
        "outcome": outcome,
        "reader": reader_filters(request.user),
    }


def _author_care(thread, member, posts) -> review.AuthorCare:
    """The support panel, or the quiet line, for a reader who wrote a crisis post in this
    thread, on every visit until a moderator has acted on it; and each held crisis post's note
    on what happens next. Costs nothing for readers who wrote none (the thread's own query
    answered `wrote_crisis_post`)."""
    if not getattr(thread, "wrote_crisis_post", False):
        return review.NO_CARE
    care = review.care_in_thread(thread=thread, member=member)
    for post in posts:
        if post.author_id == member.pk and post.pk in care.held_notes:
            post.held_note = care.held_notes[post.pk]
    return care


@require_GET
def waiting(request):
    board_slug = request.GET.get("board") or None
    board = get_object_or_404(Board, slug=board_slug) if board_slug else None
    waiting_threads_viewed.send(sender=Thread, member=request.user)
    threads = selectors.waiting_threads(board, filters=reader_filters(request.user))
    page = selectors.paginate_threads(threads, request.GET.get("page"))
    page.object_list = _answer_with_care(request, mark_unread(page.object_list, request.user))
    return render(
        request,
        "forum/waiting.html",
        {"page": page, "board": board, "boards": Board.objects.all()},
    )


CATCH_UP_LIMIT = 500


@require_GET
def thread_events(request, thread_id):
    """What a reconnecting reader missed: each event since `since`, with the post as it is now
    (so an edit or a hide is never undone by replaying old text), filtered for this reader by
    the same function as the live socket (forum.reading.payload_for_reader)."""
    thread = get_object_or_404(Thread, pk=thread_id, state=Visibility.PUBLISHED)
    try:
        since = max(0, int(request.GET.get("since", "0")))
    except ValueError:
        return JsonResponse({"error": "since must be a whole number"}, status=400)
    events_after = selectors.events_since(thread, since, CATCH_UP_LIMIT + 1)
    if len(events_after) > CATCH_UP_LIMIT:
        return JsonResponse({"reload": True, "seq": thread.event_seq})
    blocked_ids = frozenset(blocked_member_ids(request.user))
    muted_words = reader_filters(request.user).muted_words
    payloads = []
    for event in events_after:
        # Render the collapsed variant only for an author this reader blocked.
        blocked_author = event.post is not None and event.post.author_id in blocked_ids
        message = live.event_message(event.type, event.post, event.seq, collapse=blocked_author)
        payloads.append(
            payload_for_reader(message, blocked_ids=blocked_ids, muted_words=muted_words)
        )
    return JsonResponse({"events": payloads, "seq": thread.event_seq})


@require_GET
def search_view(request):
    query = request.GET.get("q", "").strip()
    hits = search(query, filters=reader_filters(request.user)) if query else []
    crisis = bool(query) and Severity(assess_text(query).severity).at_risk
    return render(
        request, "forum/search.html", {"query": query, "hits": hits, "crisis_query": crisis}
    )
