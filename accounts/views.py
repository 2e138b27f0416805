"""Account pages. Each view checks input and access, calls one service, and responds."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import selectors, services, throttles
from accounts.forms import (
    ConfirmPasswordForm,
    LoginForm,
    RecoverForm,
    SignupForm,
)
from accounts.permissions import guard
from accounts.profiles import profile_sections
from accounts.pseudonyms import validate_pseudonym

FRESH_CODES = "accounts.fresh_recovery_codes"
# Long enough to download and write them down; short so clear codes don't linger in a session.
FRESH_CODES_SECONDS = 15 * 60
GET_POST = ["GET", "POST"]


def noindex(response):
    response.noindex = True
    return response


def too_many(request, template, context, verdict):
    """The friendly 429: the same form, what the member typed kept, and when to try again."""
    context.update(rate_limited=True, retry_after=verdict.retry_after)
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return noindex(response)


def _json_too_many(verdict):
    response = JsonResponse(
        {"error": "Too many look-ups for now.", "retry_after": verdict.retry_after}, status=429
    )
    response["Retry-After"] = str(verdict.retry_after)
    return response


def _keep_fresh_codes(request, codes: list[str]) -> None:
    request.session[FRESH_CODES] = {"codes": codes, "until": time.time() + FRESH_CODES_SECONDS}


def _fresh_codes(request) -> list[str] | None:
    fresh = request.session.get(FRESH_CODES)
    if not fresh:
        return None
    if fresh["until"] < time.time():
        del request.session[FRESH_CODES]
        return None
    return fresh["codes"]


def refresh_session(request) -> None:
    """Keep this session logged in after its account's session hash changed."""
    old_key = request.session.session_key
    update_session_auth_hash(request, request.user)
    services.session_rotated(
        member=request.user, old_key=old_key, new_key=request.session.session_key
    )


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- Joining -------------------------------------------------------------------------------------


@guard("accounts:signup")
@require_http_methods(GET_POST)
def signup(request):
    template = "accounts/signup.html"
    if request.method == "GET":
        context = {"form": SignupForm(initial={"pseudonym": ""})}
        if "suggest" in request.GET:
            verdict = throttles.pseudonym_check(request)
            if not verdict.allowed:
                return too_many(request, template, context, verdict)
        context["form"] = SignupForm(initial={"pseudonym": selectors.suggest_free_pseudonym()})
        return noindex(render(request, template, context))

    form = SignupForm(request.POST)
    context = {"form": form}
    verdict = throttles.signup_attempt(request)
    if not verdict.allowed:
        # Keep the pseudonym they typed; never send a password back.
        context["form"] = SignupForm(initial={"pseudonym": request.POST.get("pseudonym", "")})
        return too_many(request, template, context, verdict)
    if form.is_valid():
        try:
            joined = services.register_member(
                pseudonym=form.cleaned_data["pseudonym"], password=form.cleaned_data["password1"]
            )
        except services.AccountRefused as refusal:
            form.add_error("pseudonym", str(refusal))
        else:
            auth_login(request, joined.member, backend=settings.AUTHENTICATION_BACKENDS[0])
            _keep_fresh_codes(request, joined.recovery_codes)
            return redirect("accounts:recovery_codes")
    return noindex(render(request, template, context, status=400))


@guard("accounts:suggest")
@require_GET
def suggest(request):
    """A fresh suggestion for the "suggest another" button (accounts.js)."""
    verdict = throttles.pseudonym_check(request)
    if not verdict.allowed:
        return _json_too_many(verdict)
    return JsonResponse({"pseudonym": selectors.suggest_free_pseudonym()})


@guard("accounts:check")
@require_GET
def check(request):
    """Whether a pseudonym may be used, with the reason when not, as the member types."""
    verdict = throttles.pseudonym_check(request)
    if not verdict.allowed:
        return _json_too_many(verdict)
    pseudonym = request.GET.get("pseudonym", "")
    try:
        pseudonym = validate_pseudonym(pseudonym)
    except Exception as error:  # ValidationError; messages are written for members
        return JsonResponse({"available": False, "message": " ".join(error.messages)})
    me = request.user if request.user.is_authenticated else None
    if selectors.pseudonym_taken(pseudonym, by_other_than=me):
        return JsonResponse({"available": False, "message": "That pseudonym is taken."})
    return JsonResponse({"available": True, "message": "That pseudonym is free."})


# --- Logging in and out --------------------------------------------------------------------------


@guard("accounts:login")
@require_http_methods(GET_POST)
def login(request):
    template = "accounts/login.html"
    next_url = _safe_next(request, "")
    if request.method == "GET":
        return noindex(render(request, template, {"form": LoginForm(request), "next": next_url}))
    pseudonym = request.POST.get("username", "")
    verdict = throttles.login_allowed(request, pseudonym)
    if not verdict.allowed:
        form = LoginForm(request, initial={"username": pseudonym})
        return too_many(request, template, {"form": form, "next": next_url}, verdict)
    form = LoginForm(request, data=request.POST)
    if form.is_valid():
        auth_login(request, form.get_user())
        throttles.login_succeeded(pseudonym)
        return HttpResponseRedirect(next_url or reverse("forum:home"))
    throttles.login_failed(request, pseudonym)
    return noindex(render(request, template, {"form": form, "next": next_url}, status=400))


logout = guard("accounts:logout")(auth_views.LogoutView.as_view())


@guard("accounts:recover")
@require_http_methods(GET_POST)
def recover(request):
    """Forgot password: pseudonym and one recovery code set a new password."""
    template = "accounts/recover.html"
    if request.method == "GET":
        return noindex(render(request, template, {"form": RecoverForm()}))
    pseudonym = request.POST.get("pseudonym", "")
    verdict = throttles.recovery_allowed(request, pseudonym)
    if not verdict.allowed:
        form = RecoverForm(initial={"pseudonym": pseudonym})
        return too_many(request, template, {"form": form}, verdict)
    form = RecoverForm(request.POST)
    if form.is_valid():
        member = services.recover_account(
            pseudonym=form.cleaned_data["pseudonym"],
            code=form.cleaned_data["code"],
            new_password=form.cleaned_data["password1"],
        )
        if member is not None:
            left = selectors.recovery_codes_left(member)
            messages.success(
                request,
                f"Your password is changed and every other session is logged out. You have "
                f"{left} recovery code{'s' if left != 1 else ''} left; you can make new ones in "
                f"your settings.",
            )
            return redirect("accounts:login")
        throttles.recovery_failed(request, pseudonym)
        form.add_error(None, "That pseudonym and recovery code don't match, or the code was used.")
    return noindex(render(request, template, {"form": form}, status=400))


# --- Recovery codes ------------------------------------------------------------------------------


@guard("accounts:recovery_codes")
@require_http_methods(GET_POST)
def recovery_codes(request):
    """Shows new codes once; "I've saved them" (POST) forgets them for good."""
    if request.method == "POST":
        request.session.pop(FRESH_CODES, None)
        return redirect("forum:home")
    context = {
        "codes": _fresh_codes(request),
        "codes_left": selectors.recovery_codes_left(request.user),
    }
    return noindex(render(request, "accounts/recovery_codes.html", context))


@guard("accounts:recovery_codes_download")
@require_GET
def recovery_codes_download(request):
    codes = _fresh_codes(request)
    if not codes:
        return redirect("accounts:recovery_codes")
    lines = [
        "Peerhaven recovery codes",
        "",
        "Each code works once, to set a new password if you forget yours.",
        "Keep them somewhere private. Your pseudonym is not written here, for your safety:",
        "Pseudonym: ______________________ (write it in only if that is safe for you)",
        "",
        *codes,
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="recovery-codes.txt"'
    return noindex(response)


@guard("accounts:recovery_codes_regenerate")
@require_http_methods(GET_POST)
def recovery_codes_regenerate(request):
    form = ConfirmPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        _keep_fresh_codes(request, services.issue_recovery_codes(member=request.user))
        return redirect("accounts:recovery_codes")
    status = 400 if request.method == "POST" else 200
    return noindex(render(request, "accounts/regenerate_codes.html", {"form": form}, status=status))


# --- Profiles and blocking -----------------------------------------------------------------------


def _profile_member(pseudonym):
    member = selectors.public_member(pseudonym)
    if member is None:
        raise Http404("No member by that name")
    return member


@guard("accounts:profile")
@require_GET
def profile(request, pseudonym):
    member = _profile_member(pseudonym)
    if pseudonym != member.pseudonym:
        # Not permanent: which spelling leads where changes when the member renames.
        return redirect("accounts:profile", member.pseudonym)
    viewer = request.user
    is_self = viewer.is_authenticated and viewer.pk == member.pk
    context = {
        "member": member,
        "is_self": is_self,
        "show_about": bool(member.about) and (is_self or not member.about_withheld),
        "about_withheld": is_self and member.about_withheld,
        "can_block": viewer.is_authenticated and not is_self,
        "blocking": viewer.is_authenticated
        and not is_self
        and selectors.has_blocked(viewer, member),
        # The member's named posts, from forum (forum.profiles).
        **profile_sections(member),
    }
    return noindex(render(request, "accounts/profile.html", context))


@guard("accounts:block")
@require_POST
def block(request, pseudonym):
    member = _profile_member(pseudonym)
    services.block_member(blocker=request.user, blocked=member)
    messages.success(
        request,
        f"You blocked {member.pseudonym}. Their posts are collapsed for you and their replies and "
        f"reactions won't notify you. They are not told.",
    )
    return redirect("accounts:profile", member.pseudonym)


@guard("accounts:unblock")
@require_POST
def unblock(request, pseudonym):
    member = _profile_member(pseudonym)
    services.unblock_member(blocker=request.user, blocked=member)
    messages.success(request, f"You unblocked {member.pseudonym}.")
    return redirect(_safe_next(request, reverse("accounts:profile", args=[member.pseudonym])))
