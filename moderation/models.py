"""What moderators need to see: flags raised by the scanner, holds and reports."""

from django.db import models
from django.utils import timezone


class FlagReason(models.TextChoices):
    SCAN = "scan", "Crisis scanner"
    SCAN_FAILED = "scan_failed", "Scan failed"
    LINKS = "links", "New member's links"


class Flag(models.Model):
    """One item for the moderation queue about one post."""

    post = models.ForeignKey("forum.Post", on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(max_length=20, choices=FlagReason.choices)
    severity = models.CharField(max_length=10, default="none")
    categories = models.JSONField(default=list, blank=True)
    # [{"term", "category", "severity", "start", "end"}, ...] against the scanned text.
    matches = models.JSONField(default=list, blank=True)
    lexicon_version = models.CharField(max_length=40, blank=True)
    created = models.DateTimeField(default=timezone.now)
    resolved = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["resolved", "created"])]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.severity}) on post {self.post_id}"

    @property
    def is_open(self) -> bool:
        return self.resolved is None
