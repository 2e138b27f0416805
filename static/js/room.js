// Live room of a group session: events arrive over a WebSocket (static/js/live.js) in sequence
// order; after a gap or a reconnect the client asks /groups/<id>/events/?after=<seq> for what it
// missed. The message form is sent with fetch; without JavaScript it posts and redirects.
(function () {
  "use strict";
  var Live = window.Live;
  var container = document.getElementById("room-messages");
  if (!container || !window.WebSocket || !Live) return;
  var sessionId = container.getAttribute("data-session");
  var lastSeq = parseInt(container.getAttribute("data-seq"), 10) || 0;
  var alerts = document.getElementById("room-alerts");

  function announce(text) { if (alerts) alerts.textContent = text; }

  function fromHtml(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  // Messages are rendered once for the whole room, in UTC; show named messages' times in the
  // reader's own zone. (An anonymous message carries no exact time to convert: only its hour.)
  function localTimes(root) {
    var times = root.querySelectorAll ? root.querySelectorAll("time.post-time[datetime]") : [];
    Array.prototype.forEach.call(times, function (time) {
      var moment = new Date(time.getAttribute("datetime"));
      if (!isNaN(moment)) {
        time.textContent = moment.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      }
    });
  }
  localTimes(container);

  function place(html) {
    var node = fromHtml(html);
    localTimes(node);
    var existing = document.getElementById(node.id);
    if (existing) existing.replaceWith(node);
    else container.appendChild(node);
    var empty = document.getElementById("room-empty");
    if (empty) empty.remove();
  }

  function apply(event) {
    if (event.seq && event.seq <= lastSeq) return;
    if (event.seq) lastSeq = event.seq;
    switch (event.type) {
      case "message.created":
      case "message.held":
        if (event.html) place(event.html);
        break;
      case "message.muted":
        // A word this reader muted: show where it was, never its words (reload shows it folded).
        if (event.message && !document.getElementById("message-" + event.message)) {
          var muted = document.createElement("p");
          muted.id = "message-" + event.message;
          muted.className = "muted-post hint";
          muted.textContent = "A message with a word you muted. Reload the page to read it anyway.";
          container.appendChild(muted);
        }
        break;
      case "message.hidden":
        var gone = event.message && document.getElementById("message-" + event.message);
        if (gone) gone.remove();
        break;
      case "room.message_held":
        announce(event.text || "");
        break;
      case "room.rules_pinned":
        var rules = document.getElementById("room-rules");
        if (rules) rules.hidden = !event.pinned;
        break;
      case "room.slow_mode":
        var slow = document.getElementById("room-slow");
        if (slow) {
          slow.hidden = !event.seconds;
          slow.textContent = event.seconds ? "Slow mode: one message every " + event.seconds + " seconds." : "";
        }
        break;
      case "participant.muted":
        var mutedForm = document.getElementById("room-form");
        if (mutedForm) mutedForm.hidden = !!event.muted;
        // A page drawn while muted has no form to show again: reload it to write.
        if (!event.muted && !mutedForm) { window.location.reload(); break; }
        announce(event.muted ? "The facilitator has muted you for this session: you can still read." : "You can write again.");
        break;
      case "room.ended":
        announce("This session has ended.");
        closeForm();
        break;
    }
  }

  // One catch-up at a time; live events that arrive meanwhile wait behind it, so none is applied
  // before the ones it follows (which the seq check would then drop as already seen). A catch-up
  // that fails applies nothing past the gap: it is tried again shortly, and since it asks for
  // everything after lastSeq, the live events it held back arrive with it. Nothing is skipped.
  var pending = null;
  var retry = null;

  function retryLater() {
    if (retry) return;
    retry = setTimeout(function () { retry = null; catchUp(); }, 3000 + Math.random() * 2000);
  }

  function catchUp() {
    if (pending) return pending;
    pending = fetch("/groups/" + sessionId + "/events/?after=" + lastSeq, { credentials: "same-origin" })
      .then(function (r) {
        // Refused (removed, ended): the socket's close code says why; asking again won't help.
        if (r.status >= 400 && r.status < 500) return { events: [], refused: true };
        if (!r.ok) throw new Error("catch-up answered " + r.status);
        return r.json();
      })
      .then(function (json) {
        if (json.reload) { window.location.reload(); return false; }
        (json.events || []).forEach(apply);
        if (json.seq && json.seq > lastSeq) lastSeq = json.seq;
        return !json.refused;
      })
      .catch(function () { retryLater(); return false; })
      .then(function (ok) { pending = null; return ok; });
    return pending;
  }

  function receive(event) {
    // Private events of other readers take numbers too, so a gap is normal: ask what it held.
    if (pending || (event.seq && event.seq > lastSeq + 1)) {
      catchUp().then(function (ok) { if (ok) apply(event); });
    } else apply(event);
  }

  function closeForm() {
    var open = document.getElementById("room-form");
    if (open) open.remove();
  }

  var form = document.getElementById("room-form");
  if (form) {
    var button = form.querySelector('button[type="submit"]');
    form.addEventListener("submit", function (submit) {
      submit.preventDefault();
      if (button.disabled) return;
      button.disabled = true;
      Live.addCsrf(form);
      // Whatever goes wrong, the text stays in the box until the room has taken it.
      Live.post(form.action, new FormData(form), { "Accept": "application/json" }).then(function (r) {
        return r.json().then(function (json) { return { ok: r.ok, json: json }; },
          function () { return { ok: false, json: {} }; });
      }).then(function (answer) {
        if (!answer.ok) { announce((answer.json.errors || ["The message was not sent. Your text is still here."]).join(" ")); return; }
        place(answer.json.html);
        if (answer.json.panel && !document.querySelector("[data-support-panel]")) {
          container.insertAdjacentHTML("beforebegin", answer.json.panel);
        }
        form.querySelector("textarea").value = "";
        announce("");
      }, function () {
        announce("The message was not sent: the connection dropped. Your text is still here.");
      }).then(function () { button.disabled = false; });
    });
  }

  // Why the server closed the socket for good, in words (core/live.py CloseCode).
  function stoppedBecause(code) {
    var codes = Live.closeCodes || {};
    if (code === codes.FORBIDDEN) return "You are no longer in this session's room, so new messages will not appear. Reload the page to see where you stand.";
    if (code === codes.NOT_FOUND) return "This session has ended; the room is closed.";
    if (code === codes.SESSION_ENDED) return "You were signed out. Sign in again to rejoin the room.";
    return "You are no longer connected to this room.";
  }

  Live.connect("/ws/groups/" + sessionId + "/", {
    onMessage: receive,
    onReconnect: function () { catchUp(); announce("Reconnected."); },
    onClose: function (close, willRetry) {
      if (willRetry) return;
      closeForm();
      announce(stoppedBecause(close.code));
    }
  });
})();
