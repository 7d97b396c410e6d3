// Respondent pages, progressive enhancement only: every page works without this file.
// 1. Skip logic applied live: a question marked data-show-if hides until the answer it
//    depends on (on the same page) meets its condition. The server applies the same rule.
// 2. Read aloud (young students): where the browser has speech synthesis, a button reads
//    the question and its answer labels in the page's language.
(function () {
  "use strict";
  function answerOf(form, name) {
    var checked = form.querySelector('input[name="' + name + '"]:checked');
    if (!checked || checked.value === "na") { return null; }
    var n = parseInt(checked.value, 10);
    return isNaN(n) ? null : n;
  }
  function meets(op, values, answer) {
    if (answer === null) { return false; }
    var first = values[0];
    if (op === "equals") { return answer === first; }
    if (op === "one_of") { return values.indexOf(answer) !== -1; }
    if (op === "at_least") { return answer >= first; }
    if (op === "at_most") { return answer <= first; }
    return true;
  }
  function applySkips(form) {
    var gated = form.querySelectorAll("[data-show-if]");
    Array.prototype.forEach.call(gated, function (q) {
      var values = q.getAttribute("data-values").split(",").map(function (v) { return parseInt(v, 10); });
      var show = meets(q.getAttribute("data-op"), values, answerOf(form, q.getAttribute("data-show-if")));
      q.hidden = !show;
      var note = q.querySelector(".gate-note");
      if (note) { note.hidden = true; }
    });
  }
  function speak(container) {
    var parts = [];
    var legend = container.querySelector("legend, .prompt");
    if (legend) { parts.push(legend.textContent); }
    Array.prototype.forEach.call(container.querySelectorAll(".option span"), function (s) { parts.push(s.textContent); });
    var utterance = new window.SpeechSynthesisUtterance(parts.join(". "));
    utterance.lang = document.documentElement.lang || "en";
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(utterance);
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form.answer-form"), function (form) {
      applySkips(form);
      form.addEventListener("change", function () { applySkips(form); });
    });
    if ("speechSynthesis" in window && "SpeechSynthesisUtterance" in window) {
      Array.prototype.forEach.call(document.querySelectorAll(".read-aloud"), function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          var target = document.getElementById(button.getAttribute("data-read"));
          if (target) { speak(target); }
        });
      });
    }
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
