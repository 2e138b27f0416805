"""static/js/room.js run under Node with a stand-in page: a catch-up that fails never lets a
later live event jump the gap, so no message is skipped (it is fetched again shortly)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOM_JS = Path(__file__).resolve().parents[2] / "static" / "js" / "room.js"

# A page with the room at seq 3, a socket whose handlers the script registers, a fetch that
# fails once and then answers with events 4 and 5, and timers run by hand.
HARNESS = r"""
const placed = [];
const byId = {};
const container = {
  getAttribute: (name) => ({"data-session": "7", "data-seq": "3"})[name],
  appendChild: (node) => { placed.push(node.id); byId[node.id] = node; },
  insertAdjacentHTML: () => {},
};
byId["room-messages"] = container;
global.document = {
  getElementById: (id) => byId[id] || null,
  querySelector: () => null,
  createElement: () => {
    const template = {content: {}};
    Object.defineProperty(template, "innerHTML", {set(html) {
      const id = /id="([^"]+)"/.exec(html)[1];
      template.content.firstElementChild = {id, replaceWith() {}, remove() {}};
    }});
    return template;
  },
};
let socket = null;
global.window = {
  WebSocket: function () {},
  Live: {connect: (url, handlers) => { socket = handlers; }, closeCodes: {}},
  location: {reload() { throw new Error("no reload expected"); }},
};
const timers = [];
global.setTimeout = (fn) => { timers.push(fn); return timers.length; };
const answers = ANSWERS;
const asked = [];
global.fetch = (url) => {
  asked.push(url);
  const answer = answers.shift();
  if (answer === "network down") return Promise.reject(new TypeError("network down"));
  return Promise.resolve({ok: answer.status < 400, status: answer.status,
                          json: () => Promise.resolve(answer.body)});
};
const settle = () => new Promise((resolve) => setImmediate(resolve));
const message = (seq) => ({type: "message.created", seq,
                           html: `<article id="message-${seq}"></article>`});

(async () => {
  require(process.argv[process.argv.length - 1]);
  socket.onMessage(message(5));  // 4 was missed: a gap, so the script asks what it held
  for (let i = 0; i < 5; i++) await settle();
  const afterFailure = placed.slice();
  while (timers.length) { timers.shift()(); for (let i = 0; i < 5; i++) await settle(); }
  console.log(JSON.stringify({afterFailure, placed, asked}));
})();
"""


def run_room_js(answers: list) -> dict:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is missing (make test installs it with npm for axe-core)")
        pytest.skip("node is not installed")
    script = HARNESS.replace("ANSWERS", json.dumps(answers))
    done = subprocess.run(
        [node, "-e", script, "--", str(ROOM_JS)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def caught_up(*seqs):
    events = [
        {"type": "message.created", "seq": s, "html": f'<article id="message-{s}"></article>'}
        for s in seqs
    ]
    return {"status": 200, "body": {"events": events, "seq": max(seqs)}}


def test_a_live_event_after_a_gap_waits_for_the_catch_up_and_arrives_in_order():
    seen = run_room_js([caught_up(4, 5)])
    assert seen["placed"] == ["message-4", "message-5"]
    assert seen["asked"] == ["/groups/7/events/?after=3"]


def test_a_failed_catch_up_skips_nothing_and_is_tried_again():
    seen = run_room_js(["network down", caught_up(4, 5)])
    assert seen["afterFailure"] == []  # message 5 did not jump over the missing 4
    assert seen["placed"] == ["message-4", "message-5"]
    assert seen["asked"] == ["/groups/7/events/?after=3", "/groups/7/events/?after=3"]


def test_a_server_error_during_catch_up_is_tried_again_too():
    seen = run_room_js([{"status": 503, "body": {}}, caught_up(4, 5)])
    assert seen["placed"] == ["message-4", "message-5"]
