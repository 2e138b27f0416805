from django.db import models


class Row(models.Model):
    """Peerhaven's posts table, read-only: the floor never migrates or writes."""

    thread_id = models.BigIntegerField()
    html = models.TextField()
    created = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "forum_post"

    def __str__(self):
        return f"Row {self.pk}"
