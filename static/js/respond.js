// Respondent pages, progressive enhancement only: every page works without this file.
// 1. Skip logic applied live: a question marked data-show-if hides until the answer it
//    depends on (on the same page) meets its condition. The server applies the same rule.
// 2. "None of these" clears the other ticks of its question, and they clear it.
// 3. Read aloud (young students): where the browser has speech synthesis and a voice, a
//    button reads the question and its answer labels in the page's language.
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
  // "None of these" (data-exclusive) and the other tick boxes of its question clear each
  // other; the server refuses the two together with a message, so this only saves a trip.
  function exclusive(form, changed) {
    if (!changed || changed.type !== "checkbox" || !changed.checked) { return; }
    var boxes = form.querySelectorAll('input[type="checkbox"][name="' + changed.name + '"]');
    var isNone = changed.hasAttribute("data-exclusive");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box !== changed && (isNone || box.hasAttribute("data-exclusive"))) { box.checked = false; }
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
      form.addEventListener("change", function (event) {
        exclusive(form, event.target);
        applySkips(form);
      });
    });
    // Read aloud shows only where it can work: speech synthesis with at least one voice
    // (voices may load after the page); without them, or without this file, it stays hidden.
    if ("speechSynthesis" in window && "SpeechSynthesisUtterance" in window) {
      var enabled = false;
      var enable = function () {
        if (enabled || window.speechSynthesis.getVoices().length === 0) { return; }
        enabled = true;
        Array.prototype.forEach.call(document.querySelectorAll(".read-aloud"), function (button) {
          button.hidden = false;
          button.addEventListener("click", function () {
            var target = document.getElementById(button.getAttribute("data-read"));
            if (target) { speak(target); }
          });
        });
      };
      enable();
      window.speechSynthesis.addEventListener("voiceschanged", enable);
    }
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
})();
