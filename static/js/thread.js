// Live thread: events arrive over a WebSocket (static/js/live.js) and are applied in sequence
// order. On reconnect the client asks the server for everything after the last sequence number
// it applied, so a closed laptop lid loses nothing. Without JavaScript the page works.
(function () {
  "use strict";
  var Live = window.Live;
  var container = document.getElementById("posts");
  if (!container || !window.WebSocket || !Live) return;
  var threadId = container.getAttribute("data-thread");
  var lastSeq = parseInt(container.getAttribute("data-seq"), 10) || 0;
  var onLastPage = container.getAttribute("data-last-page") === "1";
  var status = document.getElementById("live-status");
  var socket = null;
  var catchingUp = false;

  function announce(text) {
    if (status) status.textContent = text;
  }

  // Set on visitors' pages, whose reaction buttons lead to the login page (a visitor has no
  // CSRF token to send a reaction with); posts that arrive live get the same buttons.
  var loginUrl = container.getAttribute("data-login");

  function fromHtml(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var node = template.content.firstElementChild;
    node.querySelectorAll("form.reaction-form").forEach(function (form) {
      if (loginUrl) toLogin(form, node.id.replace("post-", ""));
      else Live.addCsrf(form);
    });
    return node;
  }

  // The same form the server renders for visitors: GET the login page, then back to the post.
  function toLogin(form, postId) {
    form.method = "get";
    form.action = loginUrl;
    form.querySelectorAll("input").forEach(function (input) { input.remove(); });
    var next = document.createElement("input");
    next.type = "hidden";
    next.name = "next";
    next.value = window.location.pathname + "?post=" + postId + "#post-" + postId;
    form.insertBefore(next, form.firstChild);
    var button = form.querySelector("button.reaction");
    if (button) button.title = "Log in to react";
  }

  // Replace a node without moving what the reader is looking at.
  function keepScroll(anchor, change) {
    var before = anchor ? anchor.getBoundingClientRect().top : 0;
    change();
    if (anchor && anchor.isConnected) {
      var after = anchor.getBoundingClientRect().top;
      if (before < 0 && after !== before) window.scrollBy(0, after - before);
    }
  }

  function replacePost(existing, html) {
    var fresh = fromHtml(html);
    // Keep the reader's own state: an opened content warning and pressed reaction buttons.
    var openWarning = existing.querySelector("details[open]");
    if (openWarning) {
      var details = fresh.querySelector("details");
      if (details) details.open = true;
    }
    existing.querySelectorAll("button.reaction[aria-pressed]").forEach(function (button) {
      var twin = fresh.querySelector('button.reaction[data-kind="' + button.getAttribute("data-kind") + '"]');
      if (twin) {
        twin.setAttribute("aria-pressed", button.getAttribute("aria-pressed"));
        if (button.classList.contains("pressed")) twin.classList.add("pressed");
      }
    });
    existing.querySelectorAll(".post-actions").forEach(function (actions) {
      var footer = fresh.querySelector(".post-footer");
      if (footer && !fresh.querySelector(".post-actions")) footer.appendChild(actions.cloneNode(true));
    });
    keepScroll(existing, function () { existing.replaceWith(fresh); });
  }

  function apply(event) {
    if (event.seq && event.seq <= lastSeq) return;  // already applied (e.g. seen during catch-up)
    if (event.seq) lastSeq = event.seq;
    var existing = event.post ? document.getElementById("post-" + event.post) : null;
    switch (event.type) {
      case "post.created":
        if (existing) { replacePost(existing, event.html); break; }
        if (!onLastPage) { announce("A new reply was posted on a later page."); break; }
        var node = fromHtml(event.html);
        node.classList.add("post-new");
        container.appendChild(node);
        announce("New reply: " + (node.querySelector(".post-author") || {}).textContent);
        break;
      case "post.edited":
      case "post.deleted":
      case "post.restored":
      case "reactions.changed":
        if (existing && event.html) replacePost(existing, event.html);
        else if (!existing && event.type === "post.restored" && onLastPage) container.appendChild(fromHtml(event.html));
        break;
      case "post.hidden":
        if (existing) keepScroll(existing.nextElementSibling, function () { existing.remove(); });
        break;
      case "thread.locked":
        announce("This thread has been locked by a moderator.");
        var reply = document.getElementById("reply");
        if (reply) reply.remove();
        break;
      case "thread.hidden":
        announce("A moderator has hidden this thread.");
        container.textContent = "";
        break;
      case "presence":
        var readers = document.getElementById("readers");
        if (readers) readers.textContent = event.text || "";
        break;
      case "typing":
        showTyping();
        break;
    }
  }

  var typingTimer = null;
  function showTyping() {
    var note = document.getElementById("typing");
    if (!note) return;
    note.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { note.hidden = true; }, 5000);
  }

  // Tell other readers someone is writing (no name), at most every few seconds.
  var lastTypingSent = 0;
  var replyBox = document.querySelector('#reply textarea[name="body"]');
  if (replyBox) {
    replyBox.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTypingSent < 4000 || !socket) return;
      if (socket.send({ type: "typing" })) lastTypingSent = now;
    });
  }

  function catchUp() {
    if (catchingUp) return Promise.resolve();
    catchingUp = true;
    return fetch("/threads/" + threadId + "/events/?since=" + lastSeq, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { events: [] }; })
      .then(function (json) {
        if (json.reload) { window.location.reload(); return; }
        (json.events || []).forEach(apply);
      })
      .catch(function () {})
      .then(function () { catchingUp = false; });
  }

  function receive(event) {
    if (event.seq && event.seq > lastSeq + 1) {
      // A gap: fetch what we missed, then this event applies in order.
      catchUp().then(function () { apply(event); });
    } else {
      apply(event);
    }
  }

  // Reactions without a reload; the form still posts normally without JavaScript.
  container.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("reaction-form") || form.method === "get") return;
    event.preventDefault();
    Live.addCsrf(form);
    Live.post(form.action, new FormData(form), { "Accept": "application/json" }).then(function (r) {
      if (r.redirected && r.url.indexOf("/accounts/login/") !== -1) { window.location = r.url; return null; }
      return r.ok ? r.json() : null;
    }).then(function (json) {
      if (!json) return;
      // The live event may already have replaced this post: update the button that is on the
      // page now, from what the server says, not by flipping the one we clicked.
      var kind = form.querySelector("button.reaction").getAttribute("data-kind");
      var button = document.querySelector("#post-" + json.post + ' button.reaction[data-kind="' + kind + '"]');
      if (!button) return;
      button.setAttribute("aria-pressed", json.pressed ? "true" : "false");
      button.classList.toggle("pressed", json.pressed);
      var count = button.querySelector("[data-count]");
      if (count) count.textContent = json.counts[kind] || 0;
    });
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") catchUp();
  });
  // A quiet safety net: if the server lost track of this socket (its Redis restarted), no
  // later event would reveal the gap, so ask now and then while the page is being read.
  setInterval(function () {
    if (document.visibilityState === "visible") catchUp();
  }, 60000);
  socket = Live.connect("/ws/threads/" + threadId + "/", {
    // Reading needs no account: a reader logged out elsewhere comes back as a visitor.
    stayAwayOn: ["FORBIDDEN", "NOT_FOUND"],
    onMessage: receive,
    onReconnect: function () { catchUp(); announce("Reconnected."); }
  });
})();
