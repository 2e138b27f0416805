// The bell's unread count, live: the member's own socket (/ws/me/) sends the count on connect
// and whenever it changes, so a reconnect needs no catch-up of its own. Without JavaScript the
// count is right as of the page load, and the bell is a plain link to /notifications/.
(function () {
  "use strict";
  if (!window.Live) return;

  function show(count) {
    var badge = document.querySelector("[data-bell-count]");
    var number = document.querySelector("[data-bell-number]");
    if (!badge || !number) return;
    number.textContent = count > 99 ? "99+" : String(count);
    badge.hidden = count < 1;
  }

  document.addEventListener("DOMContentLoaded", function () {
    window.Live.connect("/ws/me/", {
      // The bell can wait longer than a thread between attempts: the count comes on connect.
      maxDelay: 60000,
      onMessage: function (event) {
        if (event.type === "notifications.count" && typeof event.count === "number") show(event.count);
      }
    });
  });
})();
