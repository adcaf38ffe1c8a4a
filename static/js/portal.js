// The portal's few behaviours, in one file so the Content-Security-Policy needs no inline script.
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    // <select data-autosubmit>: choosing a value submits its form (the button is still there without JavaScript).
    if (e.target.matches && e.target.matches("select[data-autosubmit]") && e.target.form) {
      e.target.form.submit();
    }
  });
  document.addEventListener("submit", function (e) {
    var form = e.target;
    // <form data-confirm="question">: ask before an action that cannot be undone.
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      e.preventDefault();
      return;
    }
    // <form class="submit-form">: one submission only, even on a double tap (the server refuses a second one anyway).
    if (form.classList && form.classList.contains("submit-form")) {
      var button = form.querySelector("button[type=submit]");
      if (button) {
        if (button.disabled) { e.preventDefault(); }
        button.disabled = true;
      }
    }
  });
})();
