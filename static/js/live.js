// The one place the browser talks to Peerhaven's sockets, and the CSRF helpers for fetch POSTs.
// A socket opened here reconnects after a drop with jittered exponential backoff, stays away
// after the close codes that mean "do not come back", and tells its page when it is back so the
// page can catch up on what it missed. The close codes come from the server (core/live.py
// CloseCode, rendered into every page as #close-codes), so no number is written twice.
// Nothing here changes a page by itself: without JavaScript every page still works.
(function () {
  "use strict";

  var FIRST_DELAY_MS = 1000;
  var DEFAULT_MAX_DELAY_MS = 30000;
  // Logged out, not allowed here, or gone: asking again would only be refused again. Every
  // other close (the server busy, a dropped network, a closed laptop lid) is worth a retry.
  var DO_NOT_COME_BACK = ["SESSION_ENDED", "FORBIDDEN", "NOT_FOUND"];

  function readCloseCodes() {
    var element = document.getElementById("close-codes");
    if (!element) return {};
    try {
      return JSON.parse(element.textContent) || {};
    } catch (e) {
      return {};
    }
  }

  var closeCodes = readCloseCodes();

  function isAmong(code, names) {
    return names.some(function (name) { return closeCodes[name] === code; });
  }

  // 1-2 s after the first drop, then 2-4 s, 4-8 s ... up to maxDelay. The jitter keeps readers
  // dropped together (a server restart) from all coming back in the same instant.
  function backoff(attempt, maxDelay) {
    var delay = Math.min(maxDelay, FIRST_DELAY_MS * Math.pow(2, Math.min(attempt, 16)));
    return delay / 2 + Math.random() * delay / 2;
  }

  function socketUrl(path) {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    return scheme + window.location.host + path;
  }

  // Open a socket to `path` (e.g. "/ws/me/") on this host and keep it open. Options, all optional:
  //   onMessage(event)             each frame, parsed from JSON (other frames are dropped)
  //   onOpen()                     every time the socket opens
  //   onReconnect()                when it opens again after a close: catch up now
  //   onClose(close, willRetry)    every close, before the retry is scheduled
  //   maxDelay                     the longest wait between attempts, in ms (30000)
  //   stayAwayOn                   close-code names after which it does not come back
  //                                (SESSION_ENDED, FORBIDDEN, NOT_FOUND)
  // Returns {send(data)}, which sends data as JSON and says whether the socket was open to take
  // it, or null when the browser has no WebSocket.
  function connect(path, options) {
    if (!window.WebSocket) return null;
    options = options || {};
    var maxDelay = options.maxDelay || DEFAULT_MAX_DELAY_MS;
    var stayAwayOn = options.stayAwayOn || DO_NOT_COME_BACK;
    var attempt = 0;
    var socket = null;

    function open() {
      socket = new WebSocket(socketUrl(path));
      socket.onopen = function () {
        var cameBack = attempt > 0;
        attempt = 0;
        if (options.onOpen) options.onOpen();
        if (cameBack && options.onReconnect) options.onReconnect();
      };
      socket.onmessage = function (message) {
        var event;
        try { event = JSON.parse(message.data); } catch (e) { return; }
        if (options.onMessage) options.onMessage(event);
      };
      socket.onclose = function (close) {
        var willRetry = !isAmong(close.code, stayAwayOn);
        if (options.onClose) options.onClose(close, willRetry);
        if (!willRetry) return;
        attempt += 1;
        setTimeout(open, backoff(attempt, maxDelay));
      };
    }

    open();
    return {
      send: function (data) {
        if (!socket || socket.readyState !== WebSocket.OPEN) return false;
        socket.send(JSON.stringify(data));
        return true;
      }
    };
  }

  // Members' pages carry the token in <meta name="csrf-token"> (the cookie is HttpOnly, so no
  // script can read it); visitors' pages have none, and send nothing that needs one.
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // Forms that arrive in a live event are rendered once for every reader, so without a token:
  // give them this page's before they can be submitted.
  function addCsrf(form) {
    var token = csrfToken();
    if (!token || form.querySelector('input[name="csrfmiddlewaretoken"]')) return;
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = "csrfmiddlewaretoken";
    input.value = token;
    form.appendChild(input);
  }

  // A same-origin fetch POST with the token in the header Django's CSRF check reads.
  function post(url, body, headers) {
    var sent = { "X-CSRFToken": csrfToken() };
    Object.keys(headers || {}).forEach(function (name) { sent[name] = headers[name]; });
    return fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: sent });
  }

  window.Live = {
    connect: connect,
    closeCodes: closeCodes,
    csrfToken: csrfToken,
    addCsrf: addCsrf,
    post: post
  };
})();
