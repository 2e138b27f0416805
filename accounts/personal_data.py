"""Every row that belongs to a member, found by walking the foreign keys to the member model.

The export and the proof that deletion is complete both use this walk, so a model added later is
exported (and checked) without anyone remembering to list it here. Only exceptions are listed:
fields that hold secrets, and links that are someone else's record about the member.
"""

import datetime
import decimal
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

# Secrets are never written to a file that may sit in a downloads folder.
SECRET_FIELDS = {
    "accounts.Member.password",
    "accounts.RecoveryCode.digest",
    "accounts.MemberSession.session_key",
}
# Rows that point at the member but are another person's record: exporting them would, for
# instance, tell a member who has blocked them. They are still deleted with the account. Apps
# above add their own with `register_others_records` (moderation: a moderator's work on other
# members' posts and sanctions is about those members).
OTHERS_RECORDS = {"accounts.Block.blocked"}


def register_others_records(*labels: str) -> None:
    """Keep links such as "moderation.Sanction.issued_by" out of the export. Call from an
    AppConfig.ready()."""
    OTHERS_RECORDS.update(labels)


@dataclass(frozen=True)
class MemberLink:
    """One foreign key from some model to the member model."""

    model: type[models.Model]
    field: str

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field}"

    def rows(self, member_id: int):
        return self.model._default_manager.filter(**{self.field: member_id})


def member_links() -> list[MemberLink]:
    """Every foreign key (and one-to-one) to the member model, including many-to-many tables."""
    member_model = get_user_model()
    links = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                field.concrete
                and isinstance(field, models.ForeignKey)
                and field.remote_field.model is member_model
            ):
                links.append(MemberLink(model=model, field=field.name))
    return sorted(links, key=lambda link: link.label)


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


def _row_data(obj: models.Model) -> dict:
    label = obj._meta.label
    data = {}
    for field in obj._meta.concrete_fields:
        if f"{label}.{field.name}" in SECRET_FIELDS:
            continue
        data[field.attname] = _plain(field.value_from_object(obj))
    return data


def export_member_data(member) -> dict:
    """All of a member's data as plain JSON-ready structures, grouped by model."""
    data = {
        "format": "peerhaven-export-1",
        "exported_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "profile": _row_data(member),
        "records": {},
    }
    for link in member_links():
        if link.label in OTHERS_RECORDS:
            continue
        key = link.label
        rows = [_row_data(obj) for obj in link.rows(member.pk).order_by("pk")]
        data["records"][key] = rows
    return data


def remaining_member_rows(member_id: int) -> dict[str, int]:
    """How many rows still point at a member id, per link; empty once deletion is complete."""
    counts = {}
    for link in member_links():
        count = link.rows(member_id).count()
        if count:
            counts[link.label] = count
    return counts
