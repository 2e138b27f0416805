"""Demo members and threads, for trying Peerhaven and for benchmarks.

Prints the path of each thread it makes, one per line, so scripts can read them.
"""

import itertools
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import Member
from forum.demo_content import MEMBERS, REPLIES, THREADS
from forum.models import Board, Post, Thread
from forum.rendering import render_markdown

DEMO_PASSWORD = "peerhaven demo password"


class Command(BaseCommand):
    help = "Create demo members and threads. Prints /threads/<id>/ for each thread made."

    def add_arguments(self, parser):
        parser.add_argument("--threads", type=int, help="how many threads (spread over boards)")
        parser.add_argument("--posts", type=int, help="posts per thread, the opening post included")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when threads already exist"
        )

    def handle(self, *args, threads=None, posts=None, if_empty=False, **options):
        if if_empty and Thread.objects.exists():
            return
        members = self._members()
        boards = {b.slug: b for b in Board.objects.all()}
        if not boards:
            raise SystemExit("No boards: run `manage.py migrate` first.")
        count = threads if threads is not None else len(THREADS)
        per_thread = posts if posts is not None else 4
        if per_thread < 1:
            raise SystemExit("--posts must be at least 1 (the opening post).")
        rendered = {text: render_markdown(text) for text in REPLIES}
        for _, _, body in THREADS:
            rendered[body] = render_markdown(body)
        for index in range(count):
            thread = self._make_thread(index, per_thread, members, boards, rendered)
            self.stdout.write(f"/threads/{thread.pk}/")

    def _members(self) -> list[Member]:
        existing = {m.pseudonym: m for m in Member.objects.filter(pseudonym__in=MEMBERS)}
        joined = timezone.now() - timedelta(days=120)
        for name in MEMBERS:
            if name not in existing:
                existing[name] = Member.objects.create_user(name, DEMO_PASSWORD, date_joined=joined)
        return [existing[name] for name in MEMBERS]

    @transaction.atomic
    def _make_thread(self, index, per_thread, members, boards, rendered) -> Thread:
        slug, title, body = THREADS[index % len(THREADS)]
        board = boards.get(slug) or next(iter(boards.values()))
        if index >= len(THREADS):
            title = f"{title} ({index // len(THREADS) + 1})"
        author = members[index % len(members)]
        started = timezone.now() - timedelta(hours=per_thread + 1, minutes=index)
        thread = Thread.objects.create(
            board=board, title=title, author=author, anonymous=index % 5 == 4,
            created=started, last_activity=started, reply_count=per_thread - 1,
        )  # fmt: skip
        repliers = itertools.cycle(members[index % 3 + 1 :] + members[: index % 3 + 1])
        rows = [
            Post(thread=thread, author=author, anonymous=thread.anonymous, is_opening=True,
                 body=body, html=rendered[body], created=started)
        ]  # fmt: skip
        for n in range(1, per_thread):
            text = REPLIES[(index + n) % len(REPLIES)]
            rows.append(
                Post(thread=thread, author=next(repliers), body=text, html=rendered[text],
                     created=started + timedelta(minutes=n))
            )  # fmt: skip
        Post.objects.bulk_create(rows, batch_size=500)
        thread.last_activity = rows[-1].created
        thread.save(update_fields=["last_activity"])
        return thread
