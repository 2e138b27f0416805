"""The peer supporter role: who applied, what training they passed, and who holds the role now.

`accounts.Member.is_peer_supporter` is the one flag the rest of the site reads ("granted and not
paused"); supporters.services keeps it equal to what these rows say. The history of every change
lives in the audit log (moderation.AuditEntry), not here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ApplicationStatus(models.TextChoices):
    TRAINING = "training", "Received: training to finish"
    WAITING = "waiting", "Waiting for a moderator"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


OPEN_STATUSES = (ApplicationStatus.TRAINING, ApplicationStatus.WAITING)


class Application(models.Model):
    """A member's pseudonymous application: why, what lived experience they will draw on, when
    they are around. It reaches moderators (WAITING) once the training is passed."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supporter_applications"
    )
    why = models.TextField()
    experience = models.TextField(blank=True)
    availability = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.TRAINING
    )
    # The crisis rater found the text at risk (or could not rate it): the applicant was shown
    # the support panel, and moderators see this beside the text.
    at_risk = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)  # training passed: WAITING
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Shown to the applicant; required when declining.
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status__in=["training", "waiting"]),
                name="one_open_supporter_application",
            )
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self):
        return f"Application {self.pk} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class TrainingPass(models.Model):
    """One training part a member has passed (supporters.training names the parts)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supporter_training"
    )
    part = models.CharField(max_length=40)
    passed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "part"], name="pass_each_part_once")
        ]

    def __str__(self):
        return f"Member {self.member_id} passed {self.part}"


class SupporterRole(models.Model):
    """A granted peer supporter; the row goes when the role is revoked. Paused supporters keep
    the row (and their history) but not the flag. A moderator's pause can only be lifted by a
    moderator."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="supporter_role",
    )
    granted_at = models.DateTimeField(default=timezone.now)
    granted_via = models.CharField(max_length=40)
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_by_moderator = models.BooleanField(default=False)
    pause_reason = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return f"Peer supporter role of member {self.member_id}"

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None
