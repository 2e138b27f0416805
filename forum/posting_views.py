"""Writing pages: start a thread, preview, edit or delete a post, react. Each checks input and
access, calls one service, and responds; the reply form lives on the thread's page
(forum.views.thread) and shares the limits and redirects here."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.ratelimit import Limit, hit
from forum import selectors, services
from forum.forms import EditPostForm, PostForm, ThreadForm
from forum.models import Board, Post, Reaction, Visibility
from forum.rendering import render_markdown

NEW_MEMBER_THREADS = Limit("threads-new", 3, 600)
NEW_MEMBER_REPLIES = Limit("replies-new", 10, 600)
MEMBER_THREADS = Limit("threads", 10, 600)
MEMBER_REPLIES = Limit("replies", 40, 600)


def posting_limit(member, *, thread: bool) -> Limit:
    """The limit on a member's next thread or reply: tighter while they are new."""
    new = services.is_new_member(member)
    if thread:
        return NEW_MEMBER_THREADS if new else MEMBER_THREADS
    return NEW_MEMBER_REPLIES if new else MEMBER_REPLIES


def over_the_limit(request, context, *, thread: bool) -> bool:
    """Count this post against the member's limit; when over it, say until when in `context`
    (the caller answers with `too_many`)."""
    verdict = hit(posting_limit(request.user, thread=thread), f"m{request.user.pk}")
    if not verdict.allowed:
        context["retry_after"] = verdict.retry_after
    return not verdict.allowed


def save_or_refuse(request, form, write):
    """Call `write(form.cleaned_data)`, the page's one service. Saved: remember what the
    scanner said and return the 303 to the post. Refused: put the reason on the form and
    return None; the caller shows the form again, with the member's text, status 403."""
    try:
        outcome = write(form.cleaned_data)
    except services.PostingRefused as refusal:
        form.add_error(None, str(refusal))
        return None
    remember_outcome(request, outcome)
    return redirect_to_post(outcome.post, request.user)


def too_many(request, template, context):
    """The form again, with the member's text, status 429 and Retry-After."""
    context["rate_limited"] = True
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(context["retry_after"])
    return response


def redirect_to_post(post: Post, viewer):
    """303 to the page of its thread that shows the post, anchored at it."""
    page = selectors.page_of_post(post, viewer)
    url = reverse("forum:thread", args=[post.thread_id])
    if page > 1:
        url += f"?page={page}"
    return HttpResponseRedirect(f"{url}#post-{post.pk}", status=303)


def remember_outcome(request, outcome: services.PostOutcome) -> None:
    """Tell the page the author lands on what the scanner said, for the support panel."""
    request.session["last_post_outcome"] = {
        "post": outcome.post.pk,
        "severity": outcome.assessment.severity,
        "failed": outcome.assessment.failed,
        "held": outcome.held,
        "unstaffed": outcome.unstaffed,
    }


@login_required
def new_thread(request, slug):
    board = get_object_or_404(Board, slug=slug)
    form = ThreadForm(request.POST or None)
    context = {"board": board, "form": form}
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            context["preview_html"] = render_markdown(form.cleaned_data["body"])
            return render(request, "forum/new_thread.html", context)
        if over_the_limit(request, context, thread=True):
            return too_many(request, "forum/new_thread.html", context)
        saved = save_or_refuse(
            request,
            form,
            lambda data: services.create_thread(
                board=board,
                author=request.user,
                title=data["title"],
                body=data["body"],
                anonymous=data["anonymous"],
                warning_category=data["warning_category"],
                warning_text=data["warning"],
            ),
        )
        return saved or render(request, "forum/new_thread.html", context, status=403)
    status = 400 if request.method == "POST" else 200
    return render(request, "forum/new_thread.html", context, status=status)


@login_required
@require_POST
def preview(request):
    """The same renderer as saving, for the live preview script."""
    form = PostForm(request.POST)
    html = render_markdown(form.data.get("body", ""))
    return JsonResponse({"html": html})


def _own_post(request, post_id) -> Post:
    post = get_object_or_404(Post.objects.select_related("thread"), pk=post_id)
    if post.author_id != request.user.pk:
        raise PermissionDenied("Only the author can change this post.")
    return post


@login_required
def edit_post(request, post_id):
    post = _own_post(request, post_id)
    if post.state in (Visibility.DELETED, Visibility.HIDDEN):
        raise PermissionDenied("This post can no longer be edited.")
    initial = {
        "body": post.body,
        "warning_category": post.warning_category,
        "warning": post.warning_text,
    }
    form = EditPostForm(request.POST or None, initial=initial)
    context = {"post": post, "thread": post.thread, "form": form}
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            context["preview_html"] = render_markdown(form.cleaned_data["body"])
            return render(request, "forum/edit_post.html", context)
        saved = save_or_refuse(
            request,
            form,
            lambda data: services.edit_post(
                post=post,
                editor=request.user,
                body=data["body"],
                warning_category=data["warning_category"],
                warning_text=data["warning"],
            ),
        )
        return saved or render(request, "forum/edit_post.html", context, status=403)
    status = 400 if request.method == "POST" else 200
    return render(request, "forum/edit_post.html", context, status=status)


@login_required
def delete_post(request, post_id):
    post = _own_post(request, post_id)
    if request.method == "POST":
        services.delete_post(post=post, member=request.user)
        return redirect_to_post(post, request.user)
    return render(request, "forum/delete_post.html", {"post": post, "thread": post.thread})


@login_required
@require_POST
def react(request, post_id):
    post = get_object_or_404(Post, pk=post_id, state=Visibility.PUBLISHED)
    try:
        counts = services.toggle_reaction(
            post=post, member=request.user, kind=request.POST.get("kind", "")
        )
    except services.PostingRefused as refusal:
        return JsonResponse({"error": str(refusal)}, status=400)
    if request.headers.get("Accept", "").startswith("application/json"):
        pressed = Reaction.objects.filter(
            post=post, member=request.user, kind=request.POST["kind"]
        ).exists()
        return JsonResponse({"post": post.pk, "counts": counts, "pressed": pressed})
    return redirect_to_post(post, request.user)
