"""The crisis lexicon's table, edited by administrators (the admin lives in moderation.admin,
which writes the audit log)."""

from django.db import models

from safety.severity import Severity


class LexiconTerm(models.Model):
    """One crisis-lexicon entry, editable by administrators (see safety.scanner)."""

    KIND_CHOICES = [("term", "Word"), ("phrase", "Phrase"), ("regex", "Regular expression")]
    # Plain strings (`.value`) so that migrations record the stored values, not the enum.
    SEVERITY_CHOICES = [
        (Severity.NONE.value, "None (a cue: raises other matches nearby)"),
        (Severity.LOW.value, "Low"),
        (Severity.HIGH.value, "High"),
        (Severity.IMMINENT.value, "Imminent"),
    ]

    pattern = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=KIND_CHOICES, default="phrase")
    category = models.CharField(max_length=30)
    severity = models.CharField(
        max_length=10, default=Severity.HIGH.value, choices=SEVERITY_CHOICES
    )
    negatable = models.BooleanField(
        default=True, help_text='"not", "never", "used to" before it lower the rating.'
    )
    fuzzy = models.BooleanField(
        default=False, help_text="Also match misspellings one letter away (6+ letters)."
    )
    note = models.CharField(max_length=200, blank=True)
    # Loaded from the shipped lexicon file (safety/lexicon/lexicon.json) rather than added
    # by an administrator: a later file that drops it retires it; administrators' rows stay.
    shipped = models.BooleanField(default=False, editable=False)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        # Moved from moderation (issue 18): the table keeps its name and its rows.
        db_table = "moderation_lexiconterm"
        ordering = ["category", "pattern"]
        constraints = [
            models.UniqueConstraint(fields=["pattern", "kind", "category"], name="one_lexicon_row")
        ]

    def __str__(self):
        return f"{self.pattern} ({self.category}, {self.severity})"

    def as_entry(self):
        from safety.scanner import LexiconEntry

        return LexiconEntry(
            pattern=self.pattern, kind=self.kind, category=self.category,
            severity=self.severity, negatable=self.negatable, fuzzy=self.fuzzy,
        )  # fmt: skip
