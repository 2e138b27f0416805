"""Full-text search vectors for posts and thread titles, on PostgreSQL only.

Each is a stored generated column (PostgreSQL keeps it in step with the text, so no service
has to) with a GIN index. Django's model state does not know the columns: forum.search reads
them in SQL, and they are a no-op on SQLite, whose search falls back to matching words.
"""

from django.db import migrations

ADD = [
    "ALTER TABLE forum_post ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english'::regconfig, coalesce(body, ''))) STORED",
    "CREATE INDEX forum_post_search_vector ON forum_post USING gin (search_vector)",
    "ALTER TABLE forum_thread ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english'::regconfig, coalesce(title, ''))) STORED",
    "CREATE INDEX forum_thread_search_vector ON forum_thread USING gin (search_vector)",
]
REMOVE = [
    "DROP INDEX IF EXISTS forum_thread_search_vector",
    "ALTER TABLE forum_thread DROP COLUMN IF EXISTS search_vector",
    "DROP INDEX IF EXISTS forum_post_search_vector",
    "ALTER TABLE forum_post DROP COLUMN IF EXISTS search_vector",
]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("forum", "0002_boards")]
    operations = [migrations.RunPython(_run_on_postgresql(ADD), _run_on_postgresql(REMOVE))]
