// The reader's time zone for group sessions, from the browser: first-party, no requests.
// Without JavaScript the zone form on the page does the same (and it wins: we never overwrite
// a zone the reader chose). Sets the cookie once and reloads once so times show in that zone.
(function () {
  "use strict";
  var NAME = "peerhaven_tz";
  if (document.cookie.split("; ").some(function (c) { return c.indexOf(NAME + "=") === 0; })) {
    return;
  }
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone || !/^[A-Za-z0-9_+\-\/]{1,64}$/.test(zone)) { return; }
  var secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = NAME + "=" + encodeURIComponent(zone) + "; Max-Age=31536000; Path=/; SameSite=Lax" + secure;
  var field = document.querySelector("input[name=timezone]#id_timezone");
  if (field && field.value === "UTC") { field.value = zone; }
  // Reload once (never in a loop: cookies may be off) so the times show in the new zone.
  try {
    if (zone !== "UTC" && !field && !sessionStorage.getItem("peerhaven-tz-reloaded")) {
      sessionStorage.setItem("peerhaven-tz-reloaded", "1");
      location.reload();
    }
  } catch (e) { /* storage refused: the zone form still works */ }
})();
