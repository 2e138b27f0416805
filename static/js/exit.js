// "Leave this site": one click, or Escape twice, replaces this page with a neutral one.
// location.replace swaps the current history entry, so Back does not return here.
(function () {
  "use strict";
  var ESCAPE_WINDOW_MS = 1000;
  var lastEscape = 0;

  function leave() {
    var target = document.body.getAttribute("data-exit-url") || "https://www.bbc.com/weather";
    document.title = "Weather";
    document.body.textContent = "";
    window.location.replace(target);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-quick-exit]");
    if (button) button.addEventListener("click", leave);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < ESCAPE_WINDOW_MS) {
      leave();
    } else {
      lastEscape = now;
    }
  });
})();
