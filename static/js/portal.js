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
  // GOV.UK error summary: the first one on the page takes the focus, and any folded section
  // around each opens, so the reader sees what went wrong without scrolling or unfolding.
  function showErrorSummaries() {
    var summaries = document.querySelectorAll(".error-summary");
    for (var i = 0; i < summaries.length; i++) {
      for (var d = summaries[i].closest("details"); d; d = d.parentElement.closest("details")) { d.open = true; }
    }
    if (summaries.length) { summaries[0].focus(); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showErrorSummaries);
  } else {
    showErrorSummaries();
  }
})();
