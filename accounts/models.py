"""A member is a pseudonym and a password: no email, phone or real name, ever."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from accounts.pseudonyms import pseudonym_key


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
    date_joined = models.DateTimeField(default=timezone.now)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)

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
