"""The database connection drops: people get a calm page and keep their words, and the site
recovers by itself when the database returns."""

import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import OperationalError

from tests.servers import ROOT, Browserless, CuttableProxy, daphne, throwaway_postgres_database

PASSWORD = "a calm long passphrase 7"


def fetch(opener_or_none, url: str, data: bytes | None = None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    opener = opener_or_none or urllib.request.build_opener()
    try:
        return opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        return error


@pytest.mark.django_db
def test_a_database_error_in_a_view_answers_503_and_hands_back_the_text(
    client, member, board, monkeypatch
):
    from forum import services

    def unreachable(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "create_thread", unreachable)
    client.force_login(member)
    response = client.post(
        f"/boards/{board.slug}/new/", {"title": "Tonight", "body": "words I must not lose"}
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "We'll be right back" in html and "words I must not lose" in html
    assert 'href="tel:988"' in html


def create_member(database_url: str) -> None:
    script = (
        "from accounts.models import Member; from django.utils import timezone; "
        f"Member.objects.create_user('SteadyRiver', '{PASSWORD}', "
        "date_joined=timezone.now() - timezone.timedelta(days=30))"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, check=True, timeout=60,
        env={**os.environ, "DATABASE_URL": database_url,
             "DJANGO_SETTINGS_MODULE": "config.test_settings"},
    )  # fmt: skip


@pytest.mark.services
def test_a_dropped_database_gives_a_friendly_page_keeps_the_text_then_recovers():
    with throwaway_postgres_database() as name:
        proxy = CuttableProxy(5432)
        try:
            url = f"postgres://postgres@127.0.0.1:{proxy.port}/{name}"
            create_member(url)
            with daphne(extra_env={"DATABASE_URL": url}) as server:
                member = Browserless(server)
                member.log_in("SteadyRiver", PASSWORD)
                form = member.get("/boards/depression/new/").read().decode()
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
                assert fetch(None, f"{server}/boards/depression/").status == 200

                proxy.cut()
                down = fetch(None, f"{server}/boards/depression/")
                assert down.status == 503 and "We'll be right back" in down.read().decode()
                fields = {"title": "Still here", "body": "words I wrote during the outage",
                          "csrfmiddlewaretoken": token}  # fmt: skip
                posted = fetch(
                    member.opener, f"{server}/boards/depression/new/",
                    data=urllib.parse.urlencode(fields).encode(), headers={"Origin": server},
                )  # fmt: skip
                assert posted.status == 503
                assert "words I wrote during the outage" in posted.read().decode()
                assert fetch(None, f"{server}/healthz").status == 503

                proxy.restore()  # no restart: the next requests reconnect
                assert fetch(None, f"{server}/boards/depression/").status == 200
                assert fetch(None, f"{server}/healthz").status == 200
        finally:
            proxy.close()
