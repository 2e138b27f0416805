"""Every change to the peer supporter role: applying, training, deciding, granting, pausing,
resuming and revoking. Each writes its audit line in the same transaction, and each keeps
`Member.is_peer_supporter` ("granted and not paused") true to the SupporterRole row.

Other apps call `grant_supporter_role`, `revoke_supporter_role`, `pause_supporter` and
`resume_supporter`; the `supporter` command and the web pages call nothing else.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Member
from accounts.profiles import rate_about_line
from core.text import clean_text
from forum.events import AUTHORS_CHANGED, threads_changed
from forum.selectors import threads_naming_member
from moderation import audit
from moderation.models import AuditAction, NoteKind
from moderation.notes import send_note
from supporters.models import (
    Application,
    ApplicationStatus,
    SupporterRole,
    TrainingPass,
)
from supporters.signals import supporter_stood_down
from supporters.training import PARTS, Part

# A declined member may apply again after this long: time to take the note in, not a penalty.
REAPPLY_AFTER = timedelta(days=30)


class SupporterRefused(Exception):
    """A change that cannot be made; the message is written for the person who asked."""


# --- The flag everyone reads ------------------------------------------------------------------


def _set_flag(member, active: bool) -> None:
    """Make `is_peer_supporter` say `active`, and re-render every thread page that shows the
    member's name (forum.page_cache keys on the thread's event sequence), so the mark appears
    or goes at once. Call inside the changing transaction."""
    Member.objects.filter(pk=member.pk).update(is_peer_supporter=active)
    member.is_peer_supporter = active
    threads_changed(threads_naming_member(member), AUTHORS_CHANGED)


def _record(action: str, *, member, actor, reason: str = "", **detail) -> None:
    audit.record(actor=actor, action=action, member=member, reason=reason, detail=detail)


def _role_of(member, *, lock: bool = False) -> SupporterRole | None:
    rows = SupporterRole.objects.filter(member=member)
    return (rows.select_for_update() if lock else rows).first()


# --- Granting, revoking, pausing ----------------------------------------------------------------


@transaction.atomic
def grant_supporter_role(*, member, actor=None, via: str, reason: str = "") -> SupporterRole:
    """Make `member` a peer supporter. `via` says how ("application", "command line").
    The `supporter` command grants without the training: an operator vouches for them."""
    Member.objects.select_for_update().filter(pk=member.pk).first()
    if _role_of(member) is not None:
        raise SupporterRefused(f"{member.pseudonym} is already a peer supporter.")
    role = SupporterRole.objects.create(member=member, granted_via=via[:40])
    _set_flag(member, True)
    _record(AuditAction.SUPPORTER_GRANTED, member=member, actor=actor, reason=reason, via=via)
    return role


@transaction.atomic
def revoke_supporter_role(*, member, actor=None, via: str, reason: str = "") -> None:
    """Take the role away. Open sockets stay open: only the role changes."""
    role = _role_of(member, lock=True)
    if role is None:
        raise SupporterRefused(f"{member.pseudonym} is not a peer supporter.")
    role.delete()
    _set_flag(member, False)
    _record(AuditAction.SUPPORTER_REVOKED, member=member, actor=actor, reason=reason, via=via)
    supporter_stood_down.send(sender=SupporterRole, member=member, reason="revoked")


@transaction.atomic
def pause_supporter(*, member, actor, reason: str = "") -> SupporterRole:
    """Pause the role: the mark goes and `is_peer_supporter` is False until resumed. A pause
    by anyone but the supporter themselves is a moderator's, which only a moderator lifts."""
    role = _role_of(member, lock=True)
    if role is None:
        raise SupporterRefused(f"{member.pseudonym} is not a peer supporter.")
    if role.is_paused:
        raise SupporterRefused(f"{member.pseudonym} is already paused.")
    by_moderator = actor is not None and actor.pk != member.pk
    role.paused_at = timezone.now()
    role.paused_by_moderator = by_moderator
    role.pause_reason = clean_text(reason).strip()[:300]
    role.save(update_fields=["paused_at", "paused_by_moderator", "pause_reason"])
    if by_moderator:
        supporter_stood_down.send(
            sender=SupporterRole, member=member, reason="paused by a moderator"
        )
    _set_flag(member, False)
    _record(AuditAction.SUPPORTER_PAUSED, member=member, actor=actor, reason=reason,
            by="moderator" if by_moderator else "self")  # fmt: skip
    return role


@transaction.atomic
def resume_supporter(*, member, actor, reason: str = "") -> SupporterRole:
    role = _role_of(member, lock=True)
    if role is None:
        raise SupporterRefused(f"{member.pseudonym} is not a peer supporter.")
    if not role.is_paused:
        raise SupporterRefused(f"{member.pseudonym} is not paused.")
    acting_for_self = actor is not None and actor.pk == member.pk
    if role.paused_by_moderator and acting_for_self and not actor.is_moderator:
        raise SupporterRefused(
            "A peer moderator paused your role, so only a moderator can resume it."
        )
    role.paused_at = None
    role.paused_by_moderator = False
    role.pause_reason = ""
    role.save(update_fields=["paused_at", "paused_by_moderator", "pause_reason"])
    _set_flag(member, True)
    _record(AuditAction.SUPPORTER_RESUMED, member=member, actor=actor, reason=reason,
            by="self" if acting_for_self else "moderator")  # fmt: skip
    return role


# --- Applying and training ----------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationOutcome:
    application: Application
    # The text was rated high or imminent (or could not be rated): show the support panel.
    show_support_panel: bool


def latest_application(member) -> Application | None:
    return Application.objects.filter(member=member).first()


def may_apply(member, *, now=None) -> str:
    """ "" when `member` may apply now, else why not, in words for them."""
    now = now or timezone.now()
    if _role_of(member) is not None:
        return "You are already a peer supporter."
    latest = latest_application(member)
    if latest is None:
        return ""
    if latest.is_open:
        return "Your application is already with us; one at a time, please."
    if latest.status == ApplicationStatus.DECLINED and latest.decided_at + REAPPLY_AFTER > now:
        again = latest.decided_at + REAPPLY_AFTER
        return f"You can apply again from {again:%-d %B %Y}, 30 days after the last decision."
    return ""


def passed_parts(member) -> set[str]:
    return set(TrainingPass.objects.filter(member=member).values_list("part", flat=True))


def training_complete(member) -> bool:
    return passed_parts(member) >= {part.slug for part in PARTS}


@transaction.atomic
def submit_application(
    *, member, why: str, experience: str = "", availability: str = ""
) -> ApplicationOutcome:
    """Receive an application. Its text is rated like a profile line; a worrying rating does
    not refuse it (the applicant sees the support panel; moderators see the flag). With the
    training already passed it goes straight to the moderators."""
    Member.objects.select_for_update().filter(pk=member.pk).first()
    refusal = may_apply(member)
    if refusal:
        raise SupporterRefused(refusal)
    why, experience = clean_text(why).strip(), clean_text(experience).strip()
    availability = clean_text(availability).strip()
    rating = rate_about_line("\n".join(t for t in (why, experience, availability) if t))
    try:
        with transaction.atomic():
            application = Application.objects.create(
                member=member, why=why, experience=experience, availability=availability,
                at_risk=rating.withhold,
            )  # fmt: skip
    except IntegrityError:  # a second tab submitted at the same moment
        raise SupporterRefused("Your application is already with us.") from None
    _record(AuditAction.SUPPORTER_APPLIED, member=member, actor=member,
            application=application.pk)  # fmt: skip
    if training_complete(member):
        _send_to_moderators(application)
    return ApplicationOutcome(application=application, show_support_panel=rating.withhold)


def _send_to_moderators(application: Application) -> None:
    application.status = ApplicationStatus.WAITING
    application.submitted_at = timezone.now()
    application.save(update_fields=["status", "submitted_at"])


@dataclass(frozen=True)
class QuizResult:
    passed: bool
    # question key -> the explanation of the wrong choice picked (or a prompt to pick one)
    wrong: dict[str, str]


@transaction.atomic
def answer_training_part(*, member, part: Part, answers: dict[str, str]) -> QuizResult:
    """Mark one part's answers. All right: the part is passed (saved), and when it was the
    last one the member's open application reaches the moderators."""
    wrong = {}
    for question in part.questions:
        choice = question.choice(answers.get(question.key, ""))
        if choice is None:
            wrong[question.key] = "Please choose an answer."
        elif not choice.correct:
            wrong[question.key] = choice.why
    if wrong:
        return QuizResult(passed=False, wrong=wrong)
    _, created = TrainingPass.objects.get_or_create(member=member, part=part.slug)
    if created and training_complete(member):
        _record(AuditAction.SUPPORTER_TRAINED, member=member, actor=member)
        application = (
            Application.objects.select_for_update()
            .filter(member=member, status=ApplicationStatus.TRAINING)
            .first()
        )
        if application is not None:
            _send_to_moderators(application)
    return QuizResult(passed=True, wrong={})


# --- Moderators' decisions ----------------------------------------------------------------------


def _decide(application_id: int, moderator, note: str) -> Application:
    application = (
        Application.objects.select_for_update().select_related("member").get(pk=application_id)
    )
    if application.status != ApplicationStatus.WAITING:
        raise SupporterRefused("This application is not waiting for a decision any more.")
    if application.member_id == moderator.pk:
        raise SupporterRefused("Another moderator needs to decide on your own application.")
    application.decided_at = timezone.now()
    application.decided_by = moderator
    application.decision_note = clean_text(note).strip()
    return application


@transaction.atomic
def approve_application(*, application: Application, moderator, note: str = "") -> Application:
    application = _decide(application.pk, moderator, note)
    application.status = ApplicationStatus.APPROVED
    application.save()
    _record(AuditAction.SUPPORTER_APPROVED, member=application.member, actor=moderator,
            reason=application.decision_note, application=application.pk)  # fmt: skip
    if _role_of(application.member) is None:
        grant_supporter_role(member=application.member, actor=moderator, via="application",
                             reason=application.decision_note)  # fmt: skip
    send_note(
        recipient=application.member,
        kind=NoteKind.SANCTION,  # "About your account": the only kind that is not about a post
        subject="Your peer supporter application was approved",
        body="Welcome, and thank you. You now carry the Peer supporter mark next to your "
        "pseudonym. Your peer supporter page lets you pause whenever you need to."
        + (f"\n\nThe moderator added:\n{application.decision_note}"
           if application.decision_note else ""),
    )  # fmt: skip
    return application


@transaction.atomic
def decline_application(*, application: Application, moderator, note: str) -> Application:
    if not clean_text(note).strip():
        raise SupporterRefused("Please write a note for the applicant: it is shown to them.")
    application = _decide(application.pk, moderator, note)
    application.status = ApplicationStatus.DECLINED
    application.save()
    _record(AuditAction.SUPPORTER_DECLINED, member=application.member, actor=moderator,
            reason=application.decision_note, application=application.pk)  # fmt: skip
    send_note(
        recipient=application.member,
        kind=NoteKind.SANCTION,
        subject="About your peer supporter application",
        body=f"Thank you for applying. This time the answer is no.\n\n{application.decision_note}"
        f"\n\nYou can apply again from {application.decided_at + REAPPLY_AFTER:%-d %B %Y}.",
    )
    return application
