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

  // Select the first [placeholder] so that typing replaces it.
  function selectFirstPlaceholder(box) {
    var start = box.value.indexOf("[");
    var end = box.value.indexOf("]", start);
    if (start >= 0 && end > start) {
      box.setSelectionRange(start, end + 1);
    }
  }
})();
