// Preview as you write: the server renders with the same code that saves the post.
(function () {
  "use strict";
  var DEBOUNCE_MS = 400;
  var Live = window.Live;
  if (!Live) return;

  document.querySelectorAll("form[data-preview-url]").forEach(function (form) {
    var body = form.querySelector('textarea[name="body"]');
    var target = form.querySelector("[data-preview-target]");
    if (!body || !target) return;
    var timer = null;
    body.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (!body.value.trim()) { target.hidden = true; return; }
        var data = new FormData();
        data.append("body", body.value);
        Live.post(form.getAttribute("data-preview-url"), data).then(function (r) {
          return r.ok ? r.json() : null;
        }).then(function (json) {
          if (!json) return;
          target.innerHTML = '<p class="preview-heading">Preview</p><div class="post-body">' + json.html + "</div>";
          target.hidden = false;
        }).catch(function () { /* preview is a nicety; the Preview button still works */ });
      }, DEBOUNCE_MS);
    });
  });
})();
