"""static/js/live.js owns the browser's sockets; the close codes reach it from the server.

No close-code number is written in the JavaScript (core.live.CloseCode is the one place), every
page carries the codes as data, and live.js loads before every script that uses it.
"""

import json
import re
from pathlib import Path

import pytest

from core.live import CloseCode

ROOT = Path(__file__).resolve().parents[2]
STATIC_JS = ROOT / "static" / "js"
CLOSE_CODES_DATA = re.compile(
    r'<script id="close-codes" type="application/json">(.*?)</script>', re.DOTALL
)
SCRIPT_SRC = re.compile(r'<script[^>]*\bsrc="/static/js/([^"?]+)"')


def script_names_in_order(html: str) -> list[str]:
    return SCRIPT_SRC.findall(html)


def uses_live(script: str) -> bool:
    return script != "live.js" and "window.Live" in (STATIC_JS / script).read_text(encoding="utf-8")


@pytest.mark.parametrize("script", sorted(p.name for p in STATIC_JS.glob("*.js")))
def test_no_close_code_number_is_written_in_the_javascript(script):
    source = (STATIC_JS / script).read_text(encoding="utf-8")
    written = [code.name for code in CloseCode if re.search(rf"\b{code.value}\b", source)]
    assert written == []


def test_the_codes_live_js_does_not_come_back_after_are_the_servers_final_ones():
    source = (STATIC_JS / "live.js").read_text(encoding="utf-8")
    listed = re.search(r"DO_NOT_COME_BACK = \[([^\]]*)\]", source)
    names = set(re.findall(r'"(\w+)"', listed.group(1)))
    assert names == {"SESSION_ENDED", "FORBIDDEN", "NOT_FOUND"}
    assert names <= set(CloseCode.__members__)


def test_a_thread_socket_comes_back_after_the_session_ended_as_a_visitor():
    source = (STATIC_JS / "thread.js").read_text(encoding="utf-8")
    stay_away = re.search(r"stayAwayOn: \[([^\]]*)\]", source)
    assert set(re.findall(r'"(\w+)"', stay_away.group(1))) == {"FORBIDDEN", "NOT_FOUND"}


@pytest.mark.django_db
def test_every_page_carries_the_servers_close_codes_as_data_not_code(client):
    html = client.get("/").content.decode()
    data = CLOSE_CODES_DATA.search(html)
    assert data is not None
    assert json.loads(data.group(1)) == {code.name: code.value for code in CloseCode}


@pytest.mark.django_db
def test_live_js_loads_before_every_script_that_uses_it(client, member, moderator, thread, board):
    pages = [(None, f"/threads/{thread.pk}/"), (member, f"/threads/{thread.pk}/")]
    pages += [(member, f"/boards/{board.slug}/new/"), (moderator, "/moderation/")]
    users_seen = set()
    for who, path in pages:
        client.logout()
        if who is not None:
            client.force_login(who)
        response = client.get(path)
        assert response.status_code == 200, path
        scripts = script_names_in_order(response.content.decode())
        for position, script in enumerate(scripts):
            if uses_live(script):
                users_seen.add(script)
                assert "live.js" in scripts[:position], (path, scripts)
    assert users_seen == {"thread.js", "compose.js", "notifications.js", "moderation.js"}
