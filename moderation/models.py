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


class LexiconTerm(models.Model):
    """One crisis-lexicon entry, editable by administrators (see moderation.scanner)."""

    KIND_CHOICES = [("term", "Word"), ("phrase", "Phrase"), ("regex", "Regular expression")]
    SEVERITY_CHOICES = [("low", "Low"), ("high", "High"), ("imminent", "Imminent")]

    pattern = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=KIND_CHOICES, default="phrase")
    category = models.CharField(max_length=30)
    severity = models.CharField(max_length=10, default="high")
    negatable = models.BooleanField(
        default=True, help_text='"not", "never", "used to" before it lower the rating.'
    )
    fuzzy = models.BooleanField(
        default=False, help_text="Also match misspellings one letter away (6+ letters)."
    )
    note = models.CharField(max_length=200, blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "pattern"]
        constraints = [
            models.UniqueConstraint(fields=["pattern", "kind", "category"], name="one_lexicon_row")
        ]

    def __str__(self):
        return f"{self.pattern} ({self.category}, {self.severity})"

    def as_entry(self):
        from moderation.scanner import LexiconEntry

        return LexiconEntry(
            pattern=self.pattern, kind=self.kind, category=self.category,
            severity=self.severity, negatable=self.negatable, fuzzy=self.fuzzy,
        )  # fmt: skip
