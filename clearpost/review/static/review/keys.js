// Keyboard shortcuts for principals: j/k next/previous, a approve, c request changes, r reject, / reason.
// Typing in a field never triggers a shortcut. Reject and request changes need a reason first.
(function () {
  "use strict";
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  function go(url) { if (url) { window.location.assign(url); } }

  var screen = document.getElementById("review-screen");
  var form = document.getElementById("decision-form");
  function decide(action) {
    if (!form) { return; }
    var reason = document.getElementById("reason");
    var code = document.getElementById("id_reason_code");
    if (action !== "approve" && !reason.value.trim() && !(code && code.value)) {
      reason.setAttribute("aria-invalid", "true");
      reason.placeholder = "Give a reason, then press the key again (Esc leaves the field).";
      reason.focus();
      return;
    }
    // Clicking the button itself submits its name=action value, exactly as a mouse click would.
    form.querySelector('button[name="action"][value="' + action + '"]').click();
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("#queue .queue-row"));
  var current = -1;
  function select(i) {
    if (!rows.length) { return; }
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (r, n) { r.classList.toggle("selected", n === current); });
    rows[current].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && typing(document.activeElement)) { document.activeElement.blur(); return; }
    if (event.altKey || event.ctrlKey || event.metaKey || typing(document.activeElement)) { return; }
    if (screen) {
      switch (event.key) {
        case "j": go(screen.dataset.nextUrl); break;
        case "k": go(screen.dataset.prevUrl); break;
        case "a": decide("approve"); break;
        case "c": decide("request_changes"); break;
        case "r": decide("reject"); break;
        case "/": event.preventDefault(); document.getElementById("reason").focus(); break;
        case "q": go(screen.dataset.queueUrl); break;
        default: return;
      }
    } else if (rows.length || document.getElementById("next-item")) {
      switch (event.key) {
        case "j": select(current + 1); break;
        case "k": select(current - 1); break;
        case "Enter": if (current >= 0) { go(rows[current].querySelector("a").href); } break;
        case "n": document.getElementById("next-item").click(); break;
        default: return;
      }
    }
  });
})();
