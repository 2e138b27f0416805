"""The member's own settings pages: password, pseudonym, profile line, blocks, sessions, data."""

import json

from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import safety, selectors, services, throttles
from accounts.forms import (
    AboutForm,
    ChangePasswordForm,
    ChangePseudonymForm,
    ConfirmPasswordForm,
    DeleteAccountForm,
    SafetyPreferencesForm,
)
from accounts.permissions import guard
from accounts.personal_data import export_member_data
from accounts.views import GET_POST, noindex, refresh_session, too_many

# --- Settings ------------------------------------------------------------------------------------


@guard("accounts:settings")
@require_GET
def settings_page(request):
    context = {
        "codes_left": selectors.recovery_codes_left(request.user),
        "next_pseudonym_change": selectors.can_change_pseudonym_at(request.user),
        "blocked_count": len(selectors.blocked_member_ids(request.user)),
    }
    return noindex(render(request, "accounts/settings.html", context))


@guard("accounts:change_password")
@require_http_methods(GET_POST)
def change_password(request):
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(
            member=request.user, new_password=form.cleaned_data["new_password1"]
        )
        refresh_session(request)
        messages.success(request, "Your password is changed. Other sessions are logged out.")
        return redirect("accounts:settings")
    status = 400 if request.method == "POST" else 200
    return noindex(render(request, "accounts/change_password.html", {"form": form}, status=status))


@guard("accounts:change_pseudonym")
@require_http_methods(GET_POST)
def change_pseudonym(request):
    template = "accounts/change_pseudonym.html"
    form = ChangePseudonymForm(request.user, request.POST or None)
    context = {"form": form, "next_change": selectors.can_change_pseudonym_at(request.user)}
    if request.method == "GET":
        return noindex(render(request, template, context))
    verdict = throttles.pseudonym_check(request)
    if not verdict.allowed:
        context["form"] = ChangePseudonymForm(
            request.user, initial={"pseudonym": request.POST.get("pseudonym", "")}
        )
        return too_many(request, template, context, verdict)
    if form.is_valid():
        try:
            services.change_pseudonym(
                member=request.user, new_pseudonym=form.cleaned_data["pseudonym"]
            )
        except services.AccountRefused as refusal:
            form.add_error("pseudonym", str(refusal))
        else:
            messages.success(request, f"You are now {request.user.pseudonym}.")
            return redirect("accounts:settings")
    return noindex(render(request, template, context, status=400))


@guard("accounts:edit_about")
@require_http_methods(GET_POST)
def edit_about(request):
    template = "accounts/edit_about.html"
    form = AboutForm(request.POST or None, initial={"about": request.user.about})
    if request.method == "POST" and form.is_valid():
        services.update_about(member=request.user, about=form.cleaned_data["about"])
        if request.user.about_withheld:
            # The profile page shows the support panel to its author while the line is held.
            return redirect("accounts:profile", request.user.pseudonym)
        messages.success(request, "Your profile line is saved.")
        return redirect("accounts:settings")
    status = 400 if request.method == "POST" else 200
    return noindex(render(request, template, {"form": form}, status=status))


@guard("accounts:safety")
@require_http_methods(GET_POST)
def safety_preferences(request):
    """Set before any crisis: may a moderator write when a post is flagged, and a line of the
    member's own for their support panel."""
    current = safety.preferences_of(request.user)
    initial = {field: getattr(current, field) for field in SafetyPreferencesForm.base_fields}
    form = SafetyPreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        safety.save_preferences(member=request.user, **form.cleaned_data)
        messages.success(request, "Your safety preferences are saved.")
        return redirect("accounts:settings")
    status = 400 if request.method == "POST" else 200
    return noindex(render(request, "accounts/safety.html", {"form": form}, status=status))


@guard("accounts:blocked")
@require_GET
def blocked(request):
    members = selectors.blocked_members(request.user)
    return noindex(render(request, "accounts/blocked.html", {"members": members}))


@guard("accounts:logout_everywhere")
@require_POST
def logout_everywhere(request):
    services.end_other_sessions(
        member=request.user, current_session_key=request.session.session_key
    )
    refresh_session(request)
    messages.success(request, "Every other session of your account is logged out.")
    return redirect("accounts:settings")


@guard("accounts:export")
@require_http_methods(GET_POST)
def export(request):
    form = ConfirmPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = export_member_data(request.user)
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="peerhaven-export.json"'
        return noindex(response)
    status = 400 if request.method == "POST" else 200
    return noindex(render(request, "accounts/export.html", {"form": form}, status=status))


@guard("accounts:delete")
@require_http_methods(GET_POST)
def delete(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        erase = form.cleaned_data["posts"] == DeleteAccountForm.ERASE
        services.delete_account(member=request.user, erase_posts=erase)
        # Ends this session too and starts the visitor on a clean, empty one.
        auth_logout(request)
        messages.success(request, "Your account is deleted. Take care of yourself.")
        return redirect("forum:home")
    status = 400 if request.method == "POST" else 200
    return noindex(render(request, "accounts/delete.html", {"form": form}, status=status))
