// The moderators' live queue. Rows arrive rendered over /ws/moderation/ (static/js/live.js
// keeps the socket open) and take their place
// in the queue's order (priority, then the longest waiting). A row claimed or resolved by
// someone else changes or leaves at once. On a review page, a change to the item under review
// shows a warning before the moderator acts on an old version. Without JavaScript both pages
// work as plain server-rendered lists and forms; this only keeps them fresh.
(function () {
  "use strict";
  var queue = document.getElementById("queue");
  var review = document.getElementById("review");
  var root = queue || review;
  var Live = window.Live;
  if (!root || !Live) return;
  var me = root.getAttribute("data-me") || "";
  var status = document.getElementById("queue-status");

  function announce(text) {
    if (status) status.textContent = text;
  }

  // "12 minutes", "2 hours, 5 minutes": how long someone has been waiting, kept current.
  function waited(since) {
    var minutes = Math.max(0, Math.floor((Date.now() - since) / 60000));
    if (minutes < 1) return "less than a minute";
    if (minutes < 60) return minutes + (minutes === 1 ? " minute" : " minutes");
    var hours = Math.floor(minutes / 60);
    if (hours < 48) {
      var rest = minutes % 60;
      return hours + (hours === 1 ? " hour" : " hours") + (rest ? ", " + rest + (rest === 1 ? " minute" : " minutes") : "");
    }
    return Math.floor(hours / 24) + " days";
  }

  // Countdowns to each crisis item's response target: "Claim within 7 min", then
  // "Overdue by 2 min" once it passes. Answered items ("met", "late") stay as rendered.
  function refreshClocks(scope) {
    scope.querySelectorAll("[data-clock]").forEach(function (clock) {
      var state = clock.getAttribute("data-clock");
      if (state !== "running" && state !== "overdue") return;
      var due = Date.parse(clock.getAttribute("data-due"));
      var text = clock.querySelector("[data-clock-text]");
      if (isNaN(due) || !text) return;
      var seconds = Math.round((due - Date.now()) / 1000);
      var minutes = Math.max(1, Math.ceil(Math.abs(seconds) / 60));
      if (seconds > 0) {
        text.textContent = minutes + " min";
      } else {
        if (state === "running") {
          clock.setAttribute("data-clock", "overdue");
          clock.classList.remove("clock-running");
          clock.classList.add("clock-overdue");
          clock.textContent = "";
          text = document.createElement("strong");
          text.setAttribute("data-clock-text", "");
          clock.appendChild(text);
        }
        text.textContent = "Overdue by " + minutes + " min";
      }
    });
  }

  function refreshWaiting(scope) {
    scope.querySelectorAll("time[data-waiting]").forEach(function (time) {
      var since = Date.parse(time.getAttribute("datetime"));
      if (!isNaN(since)) time.textContent = waited(since);
    });
    refreshClocks(scope);
  }

  // Flagged text stays blurred until the moderator chooses to read it; a row that is
  // replaced live keeps the choice made on it.
  var revealed = {};
  function keepRevealed(row) {
    row.querySelectorAll("[data-care-reveal]").forEach(function (box) {
      if (revealed[box.id]) box.checked = true;
    });
  }
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box && box.hasAttribute && box.hasAttribute("data-care-reveal")) revealed[box.id] = box.checked;
  });

  function markMine(row) {
    if (me && row.getAttribute("data-claimed-by") === me) {
      row.classList.add("mine");
      var note = row.querySelector("[data-claim-note]");
      if (note) note.textContent = "You are handling this.";
    }
  }

  function fromHtml(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    var row = template.content.firstElementChild;
    row.querySelectorAll("form").forEach(Live.addCsrf);
    markMine(row);
    keepRevealed(row);
    refreshWaiting(row);
    return row;
  }

  function shownHere(row) {
    var state = queue.getAttribute("data-state") || "waiting";
    var board = queue.getAttribute("data-board");
    var category = queue.getAttribute("data-category");
    var itemStatus = row.getAttribute("data-status");
    var claimed = row.hasAttribute("data-claimed-by");
    if (board && row.getAttribute("data-board") !== board) return false;
    if (category && (row.getAttribute("data-tags") || "").indexOf(" " + category + " ") === -1) return false;
    if (state === "resolved") return itemStatus === "resolved";
    if (state === "escalated") return itemStatus === "escalated";
    if (itemStatus === "resolved") return false;
    if (state === "claimed") return claimed;
    if (state === "unclaimed") return !claimed;
    if (state === "overdue") return row.querySelector('[data-clock="overdue"]') !== null;
    return true;
  }

  function key(row) {
    return [
      parseInt(row.getAttribute("data-priority"), 10),
      parseInt(row.getAttribute("data-opened"), 10),
      parseInt(row.getAttribute("data-item"), 10)
    ];
  }

  function comesBefore(row, other) {
    var a = key(row), b = key(other);
    for (var i = 0; i < a.length; i++) {
      if (a[i] !== b[i]) return a[i] < b[i];
    }
    return false;
  }

  function place(row) {
    if ((queue.getAttribute("data-state") || "") === "resolved") {
      queue.insertBefore(row, queue.firstElementChild);  // newest resolutions first
      return;
    }
    var rows = queue.children;
    for (var i = 0; i < rows.length; i++) {
      if (comesBefore(row, rows[i])) { queue.insertBefore(row, rows[i]); return; }
    }
    queue.appendChild(row);
  }

  function updateEmpty() {
    var empty = document.getElementById("queue-empty");
    if (empty) empty.hidden = queue.children.length > 0;
  }

  function applyToQueue(event) {
    var existing = document.getElementById("item-" + event.item);
    var row = fromHtml(event.html);
    if (existing) existing.remove();
    if (shownHere(row)) {
      place(row);
      if (!existing) {
        row.classList.add("item-new");
        var priority = row.querySelector(".item-priority");
        announce("New in the queue: " + (priority ? priority.textContent : "an item"));
      } else if (event.claimed_by && event.claimed_by !== me) {
        announce(event.claimed_by + " claimed an item.");
      }
    }
    updateEmpty();
  }

  function applyToReview(event) {
    if (String(event.post) !== review.getAttribute("data-post")) return;
    if (event.version <= parseInt(review.getAttribute("data-version"), 10)) return;
    var warning = document.getElementById("review-changed");
    if (!warning) return;
    var change = warning.querySelector("[data-change]");
    if (change) change.textContent = event.change || "";
    warning.hidden = false;
  }

  // After a dropped connection, fetch the queue again: an item may have arrived meanwhile.
  function refreshQueue() {
    if (!queue) return;
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("queue");
        if (!fresh) return;
        queue.innerHTML = fresh.innerHTML;
        queue.querySelectorAll("li.queue-item").forEach(function (row) {
          markMine(row);
          keepRevealed(row);
          refreshWaiting(row);
        });
        updateEmpty();
      })
      .catch(function () {});
  }

  function receive(event) {
    if (event.type === "moderator.paused") {
      if (event.paused) {
        root.setAttribute("data-paused", "");
        announce("You are on a break: live alerts are off.");
      } else {
        root.removeAttribute("data-paused");
        refreshQueue();
        announce("Break over: live alerts are on again.");
      }
      return;
    }
    if (event.type !== "item.changed") return;
    if (queue) applyToQueue(event);
    if (review) applyToReview(event);
  }

  if (queue) {
    queue.querySelectorAll("li.queue-item").forEach(markMine);
    refreshWaiting(document);
  }
  setInterval(function () { refreshWaiting(document); }, 30000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") refreshQueue();
  });
  Live.connect("/ws/moderation/", {
    onMessage: receive,
    onOpen: function () { root.setAttribute("data-live", "1"); },
    onReconnect: function () { refreshQueue(); announce("Reconnected: the queue is up to date."); },
    onClose: function () { root.removeAttribute("data-live"); }
  });
})();
