"""Role changes reach the audit log whichever way they are made: the `moderator` command, the
admin site's group and superuser checkboxes, or a shell."""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, pre_save
from django.dispatch import receiver

from moderation import audit
from moderation.models import AuditAction
from moderation.roles import MODERATORS_GROUP

Member = get_user_model()


def _record_role(member_id: int, *, granted: bool, role: str) -> None:
    acting = audit.current_actor()
    audit.record(
        actor=acting["actor"],
        action=AuditAction.ROLE_GRANTED if granted else AuditAction.ROLE_REVOKED,
        member=member_id,
        reason=acting["reason"],
        detail={"role": role, "via": acting["via"]},
    )


def _includes_moderators_group(pk_set) -> bool:
    from django.contrib.auth.models import Group

    return Group.objects.filter(pk__in=pk_set, name=MODERATORS_GROUP).exists()


@receiver(m2m_changed, sender=Member.groups.through, dispatch_uid="moderation.audit_groups")
def audit_moderator_group(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action == "pre_clear":
        # clear() passes no pk_set afterwards: note now whether the role is about to go.
        if not reverse:
            instance._moderation_was_moderator = instance.groups.filter(
                name=MODERATORS_GROUP
            ).exists()
        elif instance.name == MODERATORS_GROUP:
            instance._moderation_cleared = list(instance.user_set.values_list("pk", flat=True))
        return
    if action == "post_clear":
        if not reverse and getattr(instance, "_moderation_was_moderator", False):
            _record_role(instance.pk, granted=False, role="peer moderator")
        for member_id in getattr(instance, "_moderation_cleared", []) if reverse else []:
            _record_role(member_id, granted=False, role="peer moderator")
        return
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    granted = action == "post_add"
    if not reverse:
        if _includes_moderators_group(pk_set):
            _record_role(instance.pk, granted=granted, role="peer moderator")
    elif instance.name == MODERATORS_GROUP:
        for member_id in pk_set:
            _record_role(member_id, granted=granted, role="peer moderator")


@receiver(pre_save, sender=Member, dispatch_uid="moderation.audit_administrators")
def audit_administrator_flag(sender, instance, update_fields=None, **kwargs):
    """The administrator role is the superuser flag, set in the admin site."""
    if instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and "is_superuser" not in update_fields:
        return
    was = Member.objects.filter(pk=instance.pk).values_list("is_superuser", flat=True).first()
    if was is not None and was != instance.is_superuser:
        _record_role(instance.pk, granted=instance.is_superuser, role="administrator")
