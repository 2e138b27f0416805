"""Load Peerhaven's bench data (a JSON export) into Spirit through Spirit's own models.

Run with the Spirit venv's python and DJANGO_SETTINGS_MODULE=spirit_project.settings after
`migrate`. Comments are rendered by Spirit's own Markdown renderer, as its form does. Prints a
JSON object of the paths to benchmark.
"""

import json
import sys
from datetime import datetime

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from djconfig.models import Config  # noqa: E402
from spirit.category.models import Category  # noqa: E402
from spirit.comment.models import Comment  # noqa: E402
from spirit.core.utils.markdown import Markdown  # noqa: E402
from spirit.topic.models import Topic  # noqa: E402


def main(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    User = get_user_model()
    users = {
        name: User.objects.create_user(username=name, email=f"{name.lower()}@example.invalid")
        for name in data["members"]
    }
    categories = {
        board["slug"]: Category.objects.create(
            title=board["name"], description=board["description"][:255], sort=board["order"] + 2
        )
        for board in data["boards"]
    }
    rendered: dict[str, str] = {}
    topics = {}
    for thread in data["threads"]:
        topic = Topic.objects.create(
            user=users[thread["author"]],
            category=categories[thread["board"]],
            title=thread["title"],
            date=datetime.fromisoformat(thread["created"]),
            last_active=datetime.fromisoformat(thread["last_activity"]),
            comment_count=thread["posts"],
        )
        topics[thread["id"]] = topic
    comments = []
    for post in data["posts"]:
        body = post["body"]
        if body not in rendered:
            rendered[body] = Markdown().render(body)
        comments.append(
            Comment(
                user=users[post["author"]],
                topic=topics[post["thread"]],
                comment=body,
                comment_html=rendered[body],
                date=datetime.fromisoformat(post["created"]),
            )
        )
    Comment.objects.bulk_create(comments, batch_size=1000)
    for key, value in (("comments_per_page", "200"), ("topics_per_page", str(data["per_page"]))):
        Config.objects.update_or_create(key=key, defaults={"value": value})
    Config.objects.update_or_create(key="_updated_at", defaults={"value": "bench"})
    big = topics[data["big_thread"]]
    board = categories[data["big_board"]]
    print(
        json.dumps(
            {"thread": big.get_absolute_url(), "board": board.get_absolute_url(), "home": "/"}
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
