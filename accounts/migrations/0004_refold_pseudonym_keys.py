"""Recompute every pseudonym key with look-alike folding (see accounts.pseudonyms).

Two existing members whose names now fold together keep their pseudonyms; the later one's key gets
its id appended so the unique index holds, and a moderator can ask them to choose again.
"""

from django.db import migrations

from accounts.pseudonyms import pseudonym_key


def refold(apps, schema_editor):
    Member = apps.get_model("accounts", "Member")
    taken = set()
    members = list(Member.objects.order_by("id").only("id", "pseudonym"))
    # Move every key aside first so the new keys never collide with stale ones mid-way.
    for member in members:
        Member.objects.filter(pk=member.pk).update(pseudonym_key=f"#refold#{member.pk}")
    for member in members:
        key = pseudonym_key(member.pseudonym)
        if key in taken:
            key = f"{key[:50]}#{member.pk}"
        taken.add(key)
        Member.objects.filter(pk=member.pk).update(pseudonym_key=key)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_member_safety")]
    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
