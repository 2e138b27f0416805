"""The peer supporter pages: thin views over supporters.services. Every page works without
JavaScript; a refused form comes back with the member's text and status 400."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Member
from core.ratelimit import Limit, hit
from forum.posting_views import too_many
from forum.views import noindex
from supporters import selectors, services
from supporters.forms import ApplicationForm, DecisionForm, PauseForm, QuizForm, RoleChangeForm
from supporters.models import Application
from supporters.permissions import guard
from supporters.training import PARTS, part_named

APPLICATIONS_PER_MEMBER = Limit("supporter-apply", 5, 3600)
QUIZ_ANSWERS_PER_MEMBER = Limit("supporter-quiz", 60, 600)


def _posted(request):
    """The POST data to bind a form to, even when empty (an empty form is still an answer)."""
    return request.POST if request.method == "POST" else None


def _training_progress(member) -> list[tuple]:
    passed = services.passed_parts(member)
    return [(part, part.slug in passed) for part in PARTS]


@guard("supporters:apply")
@require_http_methods(["GET", "POST"])
def apply(request):
    member = request.user
    refusal = services.may_apply(member)
    form = ApplicationForm(_posted(request))
    context = {
        "form": form,
        "refusal": refusal,
        "application": services.latest_application(member),
        "role": selectors.role_of(member),
        "progress": _training_progress(member),
        "reapply_days": services.REAPPLY_AFTER.days,
    }
    if request.method == "GET":
        return noindex(render(request, "supporters/apply.html", context))
    verdict = hit(APPLICATIONS_PER_MEMBER, f"m{member.pk}")
    if not verdict.allowed:
        return too_many(request, "supporters/apply.html",
                        {**context, "retry_after": verdict.retry_after})  # fmt: skip
    if form.is_valid():
        try:
            outcome = services.submit_application(member=member, **form.cleaned_data)
        except services.SupporterRefused as refused:
            form.add_error(None, str(refused))
        else:
            if outcome.show_support_panel:
                # Received all the same; the applicant sees the panel before anything else.
                context.update(application=outcome.application, refusal="received",
                               show_support_panel=True, form=None)  # fmt: skip
                return noindex(render(request, "supporters/apply.html", context))
            messages.success(request, "Thank you: your application is in.")
            return HttpResponseRedirect(reverse("supporters:apply"), status=303)
    return noindex(render(request, "supporters/apply.html", context, status=400))


@guard("supporters:training")
def training(request):
    context = {"progress": _training_progress(request.user)}
    return noindex(render(request, "supporters/training.html", context))


@guard("supporters:training_part")
@require_http_methods(["GET", "POST"])
def training_part(request, part):
    chosen = part_named(part)
    if chosen is None:
        raise Http404("No such part")
    member = request.user
    form = QuizForm(_posted(request), part=chosen)
    context = {
        "part": chosen,
        "form": form,
        "passed": chosen.slug in services.passed_parts(member),
        "next_part": next((p for p in PARTS if p.number == chosen.number + 1), None),
    }
    if request.method == "GET":
        return noindex(render(request, "supporters/training_part.html", context))
    verdict = hit(QUIZ_ANSWERS_PER_MEMBER, f"m{member.pk}")
    if not verdict.allowed:
        return too_many(request, "supporters/training_part.html",
                        {**context, "retry_after": verdict.retry_after})  # fmt: skip
    form.is_valid()  # every field is optional: the service marks what was chosen
    result = services.answer_training_part(member=member, part=chosen, answers=form.cleaned_data)
    if result.passed:
        messages.success(request, f"Part {chosen.number} passed. Well done.")
        following = context["next_part"]
        target = (reverse("supporters:training_part", args=[following.slug]) if following
                  else reverse("supporters:apply"))  # fmt: skip
        return HttpResponseRedirect(target, status=303)
    # Not bad input: the answers were heard, and each wrong one is explained in place.
    context.update(wrong=result.wrong, answered=True)
    return noindex(render(request, "supporters/training_part.html", context))


@guard("supporters:me")
def me(request):
    return _render_me(request, PauseForm())


def _render_me(request, pause_form, *, status=200):
    context = {
        "role": selectors.role_of(request.user),
        "application": services.latest_application(request.user),
        "pause_form": pause_form,
    }
    return noindex(render(request, "supporters/me.html", context, status=status))


def _change_own_role(request, change):
    """A note that does not fit is explained with the text kept, and nothing changes."""
    form = PauseForm(request.POST)
    if not form.is_valid():
        return _render_me(request, form, status=400)
    try:
        change(member=request.user, actor=request.user, reason=form.cleaned_data["reason"])
    except services.SupporterRefused as refused:
        messages.error(request, str(refused))
    return HttpResponseRedirect(reverse("supporters:me"), status=303)


@guard("supporters:pause_self")
@require_POST
def pause_self(request):
    return _change_own_role(request, services.pause_supporter)


@guard("supporters:resume_self")
@require_POST
def resume_self(request):
    return _change_own_role(request, services.resume_supporter)


# --- Moderators -----------------------------------------------------------------------------


@guard("supporters:applications")
def applications(request):
    context = {"applications": list(selectors.waiting_applications())}
    return noindex(render(request, "supporters/applications.html", context))


@guard("supporters:review")
@require_http_methods(["GET", "POST"])
def review(request, application_id):
    application = get_object_or_404(Application.objects.select_related("member"),
                                    pk=application_id)  # fmt: skip
    form = DecisionForm(_posted(request))
    context = {"application": application, "form": form}
    if request.method == "GET":
        return noindex(render(request, "supporters/review.html", context))
    if form.is_valid():
        decide = (services.approve_application if form.cleaned_data["decision"] == "approve"
                  else services.decline_application)  # fmt: skip
        try:
            decide(application=application, moderator=request.user,
                   note=form.cleaned_data["note"])  # fmt: skip
        except services.SupporterRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, "Decision saved; the applicant has a note in their inbox.")
            return HttpResponseRedirect(reverse("supporters:applications"), status=303)
    return noindex(render(request, "supporters/review.html", context, status=400))


@guard("supporters:supporters")
def supporters(request):
    context = {"roles": list(selectors.current_supporters()), "form": RoleChangeForm()}
    return noindex(render(request, "supporters/supporters.html", context))


@guard("supporters:change_role")
@require_POST
def change_role(request, member_id):
    member = get_object_or_404(Member, pk=member_id)
    form = RoleChangeForm(request.POST)
    if not form.is_valid():
        context = {"roles": list(selectors.current_supporters()), "form": form,
                   "form_for": member.pk}  # fmt: skip
        return noindex(render(request, "supporters/supporters.html", context, status=400))
    change, reason = form.cleaned_data["change"], form.cleaned_data["reason"]
    try:
        if change == "revoke":
            services.revoke_supporter_role(member=member, actor=request.user, via="moderator",
                                           reason=reason)  # fmt: skip
        elif change == "pause":
            services.pause_supporter(member=member, actor=request.user, reason=reason)
        else:
            services.resume_supporter(member=member, actor=request.user, reason=reason)
    except services.SupporterRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Done: {member.pseudonym} ({change}).")
    return HttpResponseRedirect(reverse("supporters:supporters"), status=303)
