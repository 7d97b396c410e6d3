// Forms marked data-once send once: a second click while the first request is under way is
// ignored, so a double click does not make a second batch of codes. The server also refuses
// a re-sent form; this only spares the user the confusion.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("form[data-once]"), function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sent") === "yes") { event.preventDefault(); return; }
      form.setAttribute("data-sent", "yes");
      Array.prototype.forEach.call(form.querySelectorAll("button[type=submit]"), function (b) {
        b.setAttribute("aria-disabled", "true");
      });
    });
  });
}());
