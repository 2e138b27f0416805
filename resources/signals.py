"""Forget cached resource lists when an entry changes, so a corrected number shows at once."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from resources.models import Resource
from resources.selectors import forget_listed_resources


@receiver(post_save, sender=Resource, dispatch_uid="resources-forget-on-save")
@receiver(post_delete, sender=Resource, dispatch_uid="resources-forget-on-delete")
def forget_cached_lists(**kwargs):
    # Now, so this request (the admin's redirect) reads the change; and again after commit,
    # because another request may have cached the old rows before the transaction ended.
    forget_listed_resources()
    transaction.on_commit(forget_listed_resources)
