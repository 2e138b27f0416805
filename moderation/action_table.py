"""The moderators' actions on a post, in one table.

Each row is one POST to /moderation/posts/<id>/<slug>/ from the review page. The URL patterns and
names (moderation.urls), who may use them (moderation.permissions), the form each takes and what
the moderator is told after (moderation.views), and the audit line each leaves are all read from
here. What an action does is its service's business (moderation.actions, moderation.judgements).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms

from core.permissions import Rule
from moderation import actions, judgements
from moderation.access import MODERATORS, POST
from moderation.forms import (
    ActionForm,
    ApproveForm,
    ClaimForm,
    EditForm,
    JudgementForm,
    NoteForm,
    SanctionForm,
    WarnForm,
)
from moderation.models import AuditAction, QueueItem

# Moderators and administrators, on someone else's post.
ON_ANOTHER_MEMBERS_POST = Rule(**MODERATORS, method="post", about=POST)


@dataclass(frozen=True)
class ModeratorAction:
    """`service(moderator=, post=, **form.cleaned_data)` does it. `audit_verb` is the line it
    leaves: the service declares it (moderation.actions' decorator), unless it is given here
    for a service kept elsewhere."""

    slug: str
    form_class: type[forms.Form]
    service: Callable[..., QueueItem]
    done_message: str
    permission: Rule = ON_ANOTHER_MEMBERS_POST
    audit_verb: str = ""

    def __post_init__(self):
        if not self.audit_verb:
            object.__setattr__(self, "audit_verb", self.service.audit_verb)

    @property
    def url_name(self) -> str:
        return self.slug.replace("-", "_")


ACTIONS: tuple[ModeratorAction, ...] = (
    ModeratorAction("claim", ClaimForm, actions.claim_item,
                    "You are handling this item. Others can see that."),
    ModeratorAction("release", ClaimForm, actions.release_item,
                    "You let the item go; others can take it."),
    ModeratorAction("approve", ApproveForm, actions.approve_post,
                    "Approved: everyone can read the post now."),
    ModeratorAction("keep", ActionForm, actions.mark_reviewed,
                    "Kept as it is, and marked reviewed."),
    ModeratorAction("hide", ActionForm, actions.hide_post,
                    "Hidden: only moderators can see the post now."),
    ModeratorAction("restore", ActionForm, actions.restore_post,
                    "Restored: everyone can read the post again."),
    ModeratorAction("edit", EditForm, actions.edit_post_text,
                    "Edited. The original is kept below for moderators."),
    ModeratorAction("warn", WarnForm, actions.add_content_warning,
                    "The content warning is on the post."),
    ModeratorAction("lock", ActionForm, actions.lock_thread,
                    "The thread is locked."),
    ModeratorAction("hide-thread", ActionForm, actions.hide_thread,
                    "The thread is hidden."),
    ModeratorAction("escalate", ActionForm, actions.escalate_item,
                    "Escalated to the administrators."),
    ModeratorAction("note", NoteForm, actions.send_supportive_note,
                    "The note is in the author's inbox."),
    ModeratorAction("sanction", SanctionForm, actions.sanction_author,
                    "The sanction is in force, and the member has been told why."),
    ModeratorAction("judge", JudgementForm, judgements.judge_scan,
                    "Your judgement is saved. Nothing changed on the post.",
                    audit_verb=AuditAction.ITEM_JUDGED),
)  # fmt: skip
