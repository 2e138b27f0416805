"""Members report posts. Reports on one post merge into its one queue item, with a count.

"Someone may be at risk" reports reach moderators only: nothing is ever sent to the reported
member because of a report (such messages get used to harass), and each reporter may send only
a few of them an hour.
"""

from django.db import IntegrityError, transaction

from core.ratelimit import Limit, hit
from core.text import clean_text
from moderation.models import Priority, Report, ReportReason
from moderation.services import Signal, item_for_update, merge_signal, priority_of
from safety.services import assess_text
from safety.severity import Severity

AT_RISK_REPORTS = Limit("reports-at-risk", 5, 3600)
REPORTS = Limit("reports", 30, 3600)


class ReportRefused(Exception):
    """The report cannot be taken; the message is safe to show the reporter."""


class AlreadyReported(ReportRefused):
    pass


class TooManyReports(ReportRefused):
    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def _limit_for(reason: str) -> Limit:
    return AT_RISK_REPORTS if reason == ReportReason.AT_RISK else REPORTS


def _check_rate(*, reporter, reason: str) -> None:
    verdict = hit(_limit_for(reason), f"m{reporter.pk}")
    if not verdict.allowed:
        raise TooManyReports(
            "You have sent several reports in a short time, so we can't take another just now. "
            "The moderators have the ones you sent.",
            verdict.retry_after,
        )


def report_post(*, post, reporter, reason: str, note: str = "") -> Report:
    """Record a member's report and raise the post's queue item. The note is scanned like a
    post: a note saying someone is in danger moves the item up the queue."""
    note = clean_text(note)
    if reason not in ReportReason.values:
        raise ReportRefused("Choose a reason for the report.")
    if reason == ReportReason.OTHER and not note.strip():
        raise ReportRefused("Tell the moderators a little about what is wrong.")
    if post.author_id == reporter.pk:
        raise ReportRefused("You can't report your own post. You can edit or delete it.")
    if not post.is_published:
        raise ReportRefused("This post is not shown to members, so it can't be reported.")
    if Report.objects.filter(post=post, reporter=reporter).exists():
        raise AlreadyReported("You have already reported this post. The moderators have it.")
    _check_rate(reporter=reporter, reason=reason)
    try:
        with transaction.atomic():
            return _record(post=post, reporter=reporter, reason=reason, note=note.strip())
    except IntegrityError:  # the same member's second click won the race
        raise AlreadyReported(
            "You have already reported this post. The moderators have it."
        ) from None


def _record(*, post, reporter, reason: str, note: str) -> Report:
    assessment = assess_text(note) if note else None
    severity = assessment.severity if assessment else Severity.NONE
    failed = bool(assessment and assessment.failed)
    item = item_for_update(post)
    report = Report.objects.create(
        post=post,
        item=item,
        reporter=reporter,
        reason=reason,
        note=note,
        note_severity=severity,
        note_categories=list(assessment.categories) if assessment else [],
    )
    own_rank = Priority.AT_RISK_REPORT if reason == ReportReason.AT_RISK else Priority.OTHER
    # A note the scanner could not read counts as high: fail closed, as posts do.
    merge_signal(
        item,
        Signal(
            source="report",
            priority=priority_of(severity=Severity.HIGH if failed else severity, fallback=own_rank),
            severity=severity,
            categories=tuple(report.note_categories),
            tags=(f"report:{reason}",),
            report_reason=reason,
            change=f"A member reported it: {report.get_reason_display().lower()}.",
        ),
    )
    return report
