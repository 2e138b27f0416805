"""A member is a pseudonym and a password: no email, phone or real name, ever."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.pseudonyms import pseudonym_key
from core.phone import tel_uri


class MemberManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, pseudonym):
        return self.get(pseudonym_key=pseudonym_key(pseudonym))

    def create_user(self, pseudonym, password=None, **extra):
        member = self.model(pseudonym=pseudonym, **extra)
        member.set_password(password)
        member.save(using=self._db)
        return member

    def create_superuser(self, pseudonym, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(pseudonym, password, **extra)


class Member(AbstractBaseUser, PermissionsMixin):
    pseudonym = models.CharField(max_length=30, unique=True)
    # The comparison form of the pseudonym; unique so look-alikes clash in the database too.
    pseudonym_key = models.CharField(max_length=60, unique=True, editable=False)
    about = models.CharField(max_length=200, blank=True)
    # Set when the scanner rated the "about" line high or imminent, or could not rate it: the
    # line is kept for its author (who sees the support panel) but shown to nobody else.
    about_withheld = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    pseudonym_changed = models.DateTimeField(null=True, blank=True)
    # Part of every session's auth hash: raising it ends every session of the account at once,
    # whatever the session backend ("log out everywhere", password recovery).
    session_generation = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    # True while the member is a granted peer supporter who is not paused. Kept only by
    # supporters.services (which holds the role's history and audit); read by every page that
    # shows the "Peer supporter" mark, so rendering a post needs no extra query.
    is_peer_supporter = models.BooleanField(default=False, editable=False)

    objects = MemberManager()

    USERNAME_FIELD = "pseudonym"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "member"

    def __str__(self):
        return self.pseudonym

    def save(self, *args, **kwargs):
        self.pseudonym_key = pseudonym_key(self.pseudonym)
        super().save(*args, **kwargs)

    def _session_hash(self, secret) -> str:
        return salted_hmac(
            "accounts.Member.session_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_session_auth_hash(self):
        return self._session_hash(settings.SECRET_KEY)

    def get_session_auth_fallback_hash(self):
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield self._session_hash(secret)

    @property
    def is_moderator(self) -> bool:
        """Peer moderators belong to the "Peer moderators" group; administrators count too."""
        if self.is_superuser:
            return True
        cached = getattr(self, "_is_moderator", None)
        if cached is None:
            cached = self.groups.filter(name="Peer moderators").exists()
            self._is_moderator = cached
        return cached


class RecoveryCode(models.Model):
    """A one-time code that resets a forgotten password, in place of an email address.

    Only a SHA-256 digest is kept. The codes carry about 79 random bits, so a slow password hash
    adds no protection against guessing; it would only make each recovery attempt check ten
    slow hashes.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    digest = models.CharField(max_length=64)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["member", "digest"])]

    def __str__(self):
        return f"Recovery code of member {self.member_id}"


class Block(models.Model):
    """`blocker` no longer wants to hear from `blocked`. Never shown to the blocked member."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="no_self_block"),
        ]

    def __str__(self):
        return f"Block by member {self.blocker_id}"


class ReservedPseudonym(models.Model):
    """A member's previous pseudonym, kept from others for a while so nobody can step into it
    and be taken for them. Its owner may take it back."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reserved_pseudonyms"
    )
    pseudonym = models.CharField(max_length=30)
    pseudonym_key = models.CharField(max_length=60, unique=True)
    until = models.DateTimeField()

    def __str__(self):
        return f"{self.pseudonym} (reserved until {self.until:%Y-%m-%d})"


class MemberSession(models.Model):
    """Which sessions belong to a member, so they can be ended from anywhere and erased with the
    account. The session's own row holds only an opaque user id."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_records"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Session of member {self.member_id}"


class ContactWhenFlagged(models.TextChoices):
    UNSET = "", "I haven't said"
    YES = "yes", "Yes, a peer moderator may send me a note"
    NO = "no", "No, please don't write to me; just look after my post"


class SafetyPreferences(models.Model):
    """What a member asked for, before any crisis, about what happens when a post of theirs is
    flagged: whether a moderator may write to them, and a line of their own (a therapist, a
    friend) shown first in their support panel. The line is theirs alone: moderators see only
    the contact preference."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="safety_preferences",
    )
    contact_when_flagged = models.CharField(
        max_length=3, choices=ContactWhenFlagged.choices, blank=True, default=""
    )
    personal_line_name = models.CharField(max_length=80, blank=True)
    personal_line_phone = models.CharField(max_length=40, blank=True)
    personal_line_note = models.CharField(max_length=160, blank=True)
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "safety preferences"

    def __str__(self):
        return f"Safety preferences of member {self.member_id}"

    @property
    def has_personal_line(self) -> bool:
        return bool(self.personal_line_phone)

    @property
    def personal_line_uri(self) -> str:
        return tel_uri(self.personal_line_phone) if self.personal_line_phone else ""
