// The bell's unread count, live: the member's own socket (/ws/me/) sends the count on connect
// and whenever it changes. Without JavaScript the count is right as of the page load, and the
// bell is a plain link to /notifications/.
(function () {
  "use strict";
  if (!window.WebSocket) return;
  var attempt = 0;

  function show(count) {
    var badge = document.querySelector("[data-bell-count]");
    var number = document.querySelector("[data-bell-number]");
    if (!badge || !number) return;
    number.textContent = count > 99 ? "99+" : String(count);
    badge.hidden = count < 1;
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/me/");
    socket.onopen = function () { attempt = 0; };
    socket.onmessage = function (message) {
      var event;
      try { event = JSON.parse(message.data); } catch (e) { return; }
      if (event.type === "notifications.count" && typeof event.count === "number") show(event.count);
    };
    socket.onclose = function (close) {
      if (close.code === 4403 || close.code === 4401) return;  // not signed in, or logged out
      attempt += 1;
      var delay = Math.min(60000, 1000 * Math.pow(2, Math.min(attempt, 6)));
      setTimeout(connect, delay / 2 + Math.random() * delay / 2);
    };
  }

  document.addEventListener("DOMContentLoaded", connect);
})();
