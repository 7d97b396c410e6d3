// Progressive enhancement for the CSV import: with JavaScript, offer a file picker that loads
// the chosen file into the CSV text area. Without JavaScript, pasting the text works as before.
(function () {
  "use strict";
  var area = document.getElementById("csv");
  if (!area || !window.FileReader) {
    return;
  }
  var wrapper = document.createElement("p");
  var label = document.createElement("label");
  label.htmlFor = "csv-file";
  label.textContent = "Or choose a CSV file: ";
  var input = document.createElement("input");
  input.type = "file";
  input.id = "csv-file";
  input.accept = ".csv,text/csv,text/plain";
  var status = document.createElement("span");
  status.setAttribute("role", "status");
  status.className = "hint";
  label.appendChild(input);
  wrapper.appendChild(label);
  wrapper.appendChild(status);
  area.parentNode.insertBefore(wrapper, area);
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (!file) {
      return;
    }
    if (file.size > 1024 * 1024) {
      status.textContent = " That file is larger than 1 MiB; split it into smaller files.";
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      area.value = String(reader.result);
      status.textContent = " Loaded " + file.name + ". Check the rows on the next page.";
    };
    reader.onerror = function () {
      status.textContent = " The file could not be read.";
    };
    reader.readAsText(file);
  });
})();
