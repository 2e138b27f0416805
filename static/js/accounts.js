// Pseudonym helpers for the sign-up and change-pseudonym forms.
// Without this script the "Suggest another" link reloads the page with a new suggestion.
(function () {
  "use strict";

  function statusFor(inputId) {
    return document.querySelector('[data-pseudonym-status="' + inputId + '"]');
  }

  function say(inputId, text) {
    var status = statusFor(inputId);
    if (status) status.textContent = text;
  }

  function getJSON(url) {
    return fetch(url, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json();
    });
  }

  document.querySelectorAll("[data-suggest]").forEach(function (control) {
    var input = document.getElementById(control.dataset.for);
    if (!input) return;
    control.hidden = false;
    control.addEventListener("click", function (event) {
      event.preventDefault();
      getJSON(control.dataset.suggest)
        .then(function (data) {
          if (data.pseudonym) {
            input.value = data.pseudonym;
            say(input.id, "Suggested: " + data.pseudonym + ". Keep it or type your own.");
          } else if (data.error) {
            say(input.id, data.error + " Try again in " + data.retry_after + " seconds.");
          }
        })
        .catch(function () {
          say(input.id, "Couldn't fetch a suggestion; you can type your own.");
        });
    });

    var checkUrl = control.dataset.check;
    if (!checkUrl) return;
    input.addEventListener("change", function () {
      if (!input.value.trim()) return;
      getJSON(checkUrl + "?pseudonym=" + encodeURIComponent(input.value))
        .then(function (data) {
          say(input.id, data.message || data.error || "");
        })
        .catch(function () {});
    });
  });
})();
