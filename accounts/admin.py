"""Administrators manage members by pseudonym; nothing here shows or stores a contact detail."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError

from accounts import selectors
from accounts.models import Member
from accounts.pseudonyms import validate_pseudonym


class PseudonymRulesMixin:
    """The same pseudonym rules as sign-up, so a look-alike is a form error, not a crash on the
    unique key."""

    def clean_pseudonym(self):
        pseudonym = validate_pseudonym(self.cleaned_data["pseudonym"])
        current = self.instance if self.instance.pk else None
        if selectors.pseudonym_taken(pseudonym, by_other_than=current):
            raise ValidationError("That pseudonym, or one that looks just like it, is taken.")
        return pseudonym


class MemberChangeForm(PseudonymRulesMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = Member
        fields = "__all__"
        field_classes = {}


class MemberCreationForm(PseudonymRulesMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = Member
        fields = ("pseudonym",)
        field_classes = {}


@admin.register(Member)
class MemberAdmin(UserAdmin):
    form = MemberChangeForm
    add_form = MemberCreationForm
    list_display = ("pseudonym", "date_joined", "is_staff")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("pseudonym",)
    ordering = ("pseudonym",)
    readonly_fields = ("date_joined", "last_login", "pseudonym_changed")
    fieldsets = (
        (None, {"fields": ("pseudonym", "password")}),
        ("Profile", {"fields": ("about", "about_withheld")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("date_joined", "last_login", "pseudonym_changed")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("pseudonym", "usable_password", "password1", "password2"),
            },
        ),
    )
