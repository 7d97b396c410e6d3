// Live response monitor: re-reads the survey's figures every 15 seconds while the page is
// visible and redraws the counts. Without JavaScript the page is the same, reloaded by hand.
(function () {
  "use strict";
  var section = document.querySelector("[data-monitor]");
  if (!section || !window.fetch) { return; }
  var feed = section.getAttribute("data-monitor");
  var status = section.querySelector("[data-live-status]");
  var every = 15000;

  function cell(tag, text, numeric, scope) {
    var el = document.createElement(tag);
    el.textContent = String(text);
    if (numeric) { el.className = "num"; }
    if (scope) { el.setAttribute("scope", scope); }
    return el;
  }

  function fill(name, rows, build, empty) {
    var body = section.querySelector('[data-rows="' + name + '"]');
    if (!body) { return; }
    while (body.firstChild) { body.removeChild(body.firstChild); }
    if (rows.length === 0 && empty) {
      var tr = document.createElement("tr");
      var td = cell("td", empty);
      td.setAttribute("colspan", "2");
      tr.appendChild(td);
      body.appendChild(tr);
      return;
    }
    rows.forEach(function (row) { body.appendChild(build(row)); });
  }

  function draw(data) {
    ["completed", "rate", "expected"].forEach(function (key) {
      var el = section.querySelector('[data-figure="' + key + '"]');
      if (el) { el.textContent = String(data[key]); }
    });
    fill("cells", data.cells, function (c) {
      var tr = document.createElement("tr");
      tr.appendChild(cell("th", c.school, false, "row"));
      tr.appendChild(cell("td", c.group));
      tr.appendChild(cell("td", c.completed, true));
      tr.appendChild(cell("td", c.unfinished, true));
      tr.appendChild(cell("td", c.expected, true));
      var rate = cell("td", c.rate, true);
      if (c.flag) { rate.className += " flagged"; }
      tr.appendChild(rate);
      return tr;
    });
    fill("days", data.days, function (d) {
      var tr = document.createElement("tr");
      tr.appendChild(cell("td", d.day));
      tr.appendChild(cell("td", d.completed, true));
      return tr;
    }, "No response has been completed yet.");
    if (status) {
      status.textContent = "Updated " + new Date().toLocaleTimeString() + "; figures refresh every 15 seconds.";
    }
  }

  function poll() {
    if (document.hidden) { return; }
    fetch(feed, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(draw)
      .catch(function () {
        if (status) { status.textContent = "Live updates paused (connection problem); reload the page for the latest figures."; }
      });
  }

  if (status) { status.textContent = "Figures refresh every 15 seconds."; }
  window.setInterval(poll, every);
  document.addEventListener("visibilitychange", poll);
}());
