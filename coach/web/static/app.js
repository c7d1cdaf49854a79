/*
 * PIP Coach: the little page behaviour htmx does not cover.
 * The Content-Security-Policy allows no inline script, so all of it lives in this file.
 * htmx itself is configured from <meta name="htmx-config"> (see coach/web/__init__.py).
 */
(function () {
  "use strict";

  // Send the CSRF token with every htmx request; Flask-WTF reads the X-CSRFToken header.
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) {
      event.detail.headers["X-CSRFToken"] = meta.content;
    }
  });

  // "Use this rewrite": without JavaScript the button posts the rewrite to the checker;
  // with it, the rewrite goes straight into the goal box and is checked as if typed.
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-rewrite-into]");
    var box = form && document.getElementById(form.dataset.rewriteInto);
    if (!box) {
      return;
    }
    event.preventDefault();
    box.value = form.elements.goal.value;
    box.focus();
    selectFirstPlaceholder(box);
    box.dispatchEvent(new Event("input", { bubbles: true }));
  });

  // The live preview of a new goal sends its number fields back out of band, filled from the
  // text. Its answer can arrive while the manager is already typing a number: a field edited
  // after the preview was asked for keeps what was typed (the swap is dropped; the next
  // preview sees the typed value), and a field that only had focus gets it back.
  var previewSentAt = 0;
  document.addEventListener("htmx:beforeRequest", function () {
    previewSentAt = Date.now();
  });
  document.addEventListener("input", function (event) {
    var panel = event.target.closest && event.target.closest(".goal-numbers");
    if (panel) {
      panel.dataset.editedAt = String(Date.now());
    }
  });
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var panel = event.detail.target;
    if (!panel.classList || !panel.classList.contains("goal-numbers")) {
      return;
    }
    if (Number(panel.dataset.editedAt || 0) >= previewSentAt) {
      event.detail.shouldSwap = false;
      return;
    }
    var focused = document.activeElement;
    if (focused && focused.id && panel.contains(focused)) {
      var focusedId = focused.id;
      document.addEventListener("htmx:oobAfterSwap", function refocus() {
        document.removeEventListener("htmx:oobAfterSwap", refocus);
        var field = document.getElementById(focusedId);
        if (field) {
          field.focus();
        }
      });
    }
  });

  // Select the first [placeholder] so that typing replaces it.
  function selectFirstPlaceholder(box) {
    var start = box.value.indexOf("[");
    var end = box.value.indexOf("]", start);
    if (start >= 0 && end > start) {
      box.setSelectionRange(start, end + 1);
    }
  }
})();
