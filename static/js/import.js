// Import page: keep pasted rich text, and show progress while the server analyses.
(function () {
  "use strict";

  var textarea = document.getElementById("paste-text");
  var htmlField = document.getElementById("paste-html");
  var richNote = document.getElementById("paste-rich-note");
  var justPasted = false;

  function forgetRichText() {
    if (htmlField) { htmlField.value = ""; }
    if (richNote) { richNote.hidden = true; }
  }

  if (textarea && htmlField) {
    textarea.addEventListener("paste", function (event) {
      var html = event.clipboardData && event.clipboardData.getData("text/html");
      // Rich text only stands for the whole article when it fills an empty box.
      if (html && textarea.value.trim() === "") {
        htmlField.value = html;
        if (richNote) { richNote.hidden = false; }
        justPasted = true;
      } else {
        forgetRichText();
      }
    });
    textarea.addEventListener("input", function () {
      // An edit after the paste makes the clipboard HTML stale: the plain text wins.
      if (justPasted) { justPasted = false; return; }
      forgetRichText();
    });
  }

  var progress = document.getElementById("import-progress");
  var progressText = document.getElementById("import-progress-text");
  document.querySelectorAll("form[data-progress]").forEach(function (form) {
    form.addEventListener("submit", function () {
      if (!progress) { return; }
      var started = Date.now();
      var stage = form.action.indexOf("/url") !== -1 ? "Fetching and analysing" : "Analysing";
      progress.hidden = false;
      progressText.textContent = stage + "…";
      document.querySelectorAll("form[data-progress] [type=submit]").forEach(function (button) {
        button.disabled = true;
      });
      window.setInterval(function () {
        var seconds = Math.round((Date.now() - started) / 1000);
        progressText.textContent = stage + "… " + seconds + " s";
      }, 1000);
    });
  });
})();
