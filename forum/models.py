"""Boards, threads and posts: the reading model.

Posts store the sanitised HTML rendered when they were saved, so reading a thread never
runs the Markdown renderer or the sanitiser.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


class Board(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80)
    description = models.TextField()
    guidelines = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:board", args=[self.slug])


class Visibility(models.TextChoices):
    PUBLISHED = "published", "Published"
    HELD = "held", "Held for review"
    HIDDEN = "hidden", "Hidden by a moderator"
    DELETED = "deleted", "Removed by the author"


class HasVisibility:
    """`is_held` and its kin for a model with a Visibility `state`, so templates and code ask
    `post.is_held` instead of spelling the stored string."""

    @property
    def is_published(self) -> bool:
        return self.state == Visibility.PUBLISHED

    @property
    def is_held(self) -> bool:
        return self.state == Visibility.HELD

    @property
    def is_hidden(self) -> bool:
        return self.state == Visibility.HIDDEN

    @property
    def is_deleted(self) -> bool:
        return self.state == Visibility.DELETED


class ThreadQuerySet(models.QuerySet):
    def visible(self):
        """Threads anyone may read."""
        return self.filter(state=Visibility.PUBLISHED)


class Thread(HasVisibility, models.Model):
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=150)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="threads"
    )
    anonymous = models.BooleanField(default=False)
    created = models.DateTimeField(default=timezone.now)
    last_activity = models.DateTimeField(default=timezone.now)
    # Published replies, not counting the opening post; kept by the posting services.
    reply_count = models.PositiveIntegerField(default=0)
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    state = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLISHED
    )
    # The sequence number of the last live event sent for this thread (see forum.events).
    event_seq = models.PositiveBigIntegerField(default=0)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["board", "state", "-pinned", "-last_activity"]),
            models.Index(fields=["state", "-last_activity"]),
            models.Index(fields=["state", "reply_count", "created"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:thread", args=[self.pk])


class PostQuerySet(models.QuerySet):
    def visible(self):
        """Posts every reader sees as posts (removed ones show as placeholders, elsewhere)."""
        return self.filter(state=Visibility.PUBLISHED)

    def readable_by(self, member):
        """Posts shown in a thread to `member`: published and author-removed placeholders for
        everyone, plus the member's own held posts, plus everything for moderators."""
        shown = Q(state__in=[Visibility.PUBLISHED, Visibility.DELETED])
        if member is not None and member.is_authenticated:
            if member.is_moderator:
                return self.all()
            shown |= Q(state=Visibility.HELD, author=member)
        return self.filter(shown)


class WarningCategory(models.TextChoices):
    SUICIDE = "suicide", "Suicide"
    SELF_HARM = "self_harm", "Self-harm"
    EATING_DISORDERS = "eating_disorders", "Eating disorders"
    ABUSE = "abuse", "Abuse"
    SUBSTANCE_USE = "substance_use", "Substance use"
    DEATH_AND_GRIEF = "death_and_grief", "Death and grief"
    OTHER = "other", "Other"


class Post(HasVisibility, models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="posts"
    )
    anonymous = models.BooleanField(default=False)
    is_opening = models.BooleanField(default=False)
    body = models.TextField()
    html = models.TextField()
    warning_category = models.CharField(max_length=20, choices=WarningCategory.choices, blank=True)
    warning_text = models.CharField(max_length=120, blank=True)
    created = models.DateTimeField(default=timezone.now)
    edited = models.DateTimeField(null=True, blank=True)
    state = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLISHED
    )
    # Why a post is held, shown to its author ("waiting for a peer moderator").
    hold_reason = models.CharField(max_length=200, blank=True)
    # Counts per reaction kind, e.g. {"hug": 3}; kept by forum.services.toggle_reaction so a
    # thread page needs no aggregate query.
    reaction_counts = models.JSONField(default=dict, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]
        indexes = [
            models.Index(fields=["thread", "state", "created", "id"]),
            models.Index(fields=["author", "state", "created"]),
        ]

    def __str__(self):
        return f"Post {self.pk} in thread {self.thread_id}"

    @property
    def has_warning(self) -> bool:
        return bool(self.warning_category or self.warning_text)

    @property
    def warning_label(self) -> str:
        parts = [self.get_warning_category_display()] if self.warning_category else []
        if self.warning_text:
            parts.append(self.warning_text)
        return ": ".join(parts)


class PostRevision(models.Model):
    """An earlier version of an edited post, kept for moderators only."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    html = models.TextField()
    warning_category = models.CharField(max_length=20, blank=True)
    warning_text = models.CharField(max_length=120, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created"]

    def __str__(self):
        return f"Earlier version of post {self.post_id}"


class ReactionKind(models.TextChoices):
    HUG = "hug", "Hug"
    ME_TOO = "me_too", "Me too"
    THANK_YOU = "thank_you", "Thank you"
    STRENGTH = "strength", "Sending strength"


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=12, choices=ReactionKind.choices)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "member", "kind"], name="one_reaction_each")
        ]

    def __str__(self):
        return f"{self.kind} on post {self.post_id}"


class ThreadEvent(models.Model):
    """The log of live events per thread, so a reconnecting reader can ask what it missed.

    Only ids and types are kept: catch-up renders each post as it is *now*, so a reader never
    receives text that has since been hidden or edited away.
    """

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveBigIntegerField()
    type = models.CharField(max_length=30)
    post = models.ForeignKey(Post, null=True, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "seq"], name="one_event_per_seq")]

    def __str__(self):
        return f"{self.type} #{self.seq} in thread {self.thread_id}"


class ReaderSettings(models.Model):
    """A member's choices about what reaches them. No row means every default.

    It lives beside the posts because most of it decides what a reader receives of the forum
    (forum.reading); notifications reads the rest (which notifications, a break). The table
    keeps the name it had when notifications owned the model (migration forum 0004)."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader_settings"
    )
    notify_replies = models.BooleanField(default=True)
    notify_quotes = models.BooleanField(default=True)
    notify_reactions = models.BooleanField(default=True)
    notify_followed = models.BooleanField(default=True)
    # A granted peer supporter's own "tell me when a thread waits long" preference. It grants
    # nothing: Member.is_peer_supporter (kept by supporters.services) decides who is a supporter.
    peer_supporter = models.BooleanField(default=False)
    # One word or phrase a line, matched case-insensitively anywhere in the text.
    muted_words = models.TextField(blank=True)
    muted_boards = models.ManyToManyField(Board, blank=True, related_name="+")
    # Warning categories that always stay closed; with `open_warnings`, the others open.
    collapsed_categories = models.JSONField(default=list, blank=True)
    open_warnings = models.BooleanField(default=False)
    # "Take a break": no notifications or nudges until then.
    break_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "notifications_readersettings"

    def __str__(self):
        return f"Reader settings of member {self.member_id}"

    def on_break(self, now=None) -> bool:
        return self.break_until is not None and self.break_until > (now or timezone.now())


class ThreadVisit(models.Model):
    """Up to when a member has read a thread: the newest post they have been shown. The table
    keeps the name it had when notifications owned the model (migration forum 0004)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_visits"
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="+")
    last_seen = models.DateTimeField()

    class Meta:
        db_table = "notifications_threadvisit"
        constraints = [models.UniqueConstraint(fields=["member", "thread"], name="visit_once")]

    def __str__(self):
        return f"Member {self.member_id} read thread {self.thread_id}"
