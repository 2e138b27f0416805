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
  var catchingUp = false;

  function announce(text) { if (alerts) alerts.textContent = text; }

  function fromHtml(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function place(html) {
    var node = fromHtml(html);
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
        announce(event.muted ? "The facilitator has muted you for this session: you can still read." : "You can write again.");
        var mutedForm = document.getElementById("room-form");
        if (mutedForm && event.muted) mutedForm.hidden = true;
        break;
      case "room.ended":
        announce("This session has ended.");
        var endedForm = document.getElementById("room-form");
        if (endedForm) endedForm.remove();
        break;
    }
  }

  function catchUp() {
    if (catchingUp) return Promise.resolve();
    catchingUp = true;
    return fetch("/groups/" + sessionId + "/events/?after=" + lastSeq, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { events: [] }; })
      .then(function (json) {
        if (json.reload) { window.location.reload(); return; }
        (json.events || []).forEach(apply);
        if (json.seq && json.seq > lastSeq) lastSeq = json.seq;
      })
      .catch(function () {})
      .then(function () { catchingUp = false; });
  }

  function receive(event) {
    if (event.seq && event.seq > lastSeq + 1) catchUp().then(function () { apply(event); });
    else apply(event);
  }

  var form = document.getElementById("room-form");
  if (form) {
    form.addEventListener("submit", function (submit) {
      submit.preventDefault();
      Live.addCsrf(form);
      Live.post(form.action, new FormData(form), { "Accept": "application/json" }).then(function (r) {
        return r.json().then(function (json) { return { ok: r.ok, json: json }; });
      }).then(function (answer) {
        if (!answer.ok) { announce((answer.json.errors || ["The message was not sent."]).join(" ")); return; }
        place(answer.json.html);
        if (answer.json.panel) container.insertAdjacentHTML("beforebegin", answer.json.panel);
        form.querySelector("textarea").value = "";
        announce("");
      }).catch(function () { form.submit(); });
    });
  }

  Live.connect("/ws/groups/" + sessionId + "/", {
    onMessage: receive,
    onReconnect: function () { catchUp(); announce("Reconnected."); },
    onClose: function (close, willRetry) { if (!willRetry) announce("You are no longer connected to this room."); }
  });
})();
