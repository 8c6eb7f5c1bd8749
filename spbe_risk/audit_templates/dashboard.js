/* Dashboard: sort a table by a clicked header, filter its rows by typed text.
   Only moves and hides the rows already in the page: no HTML is built, nothing is
   fetched, no data is evaluated (the page's CSP allows no other source anyway). */
(function () {
  "use strict";

  function value(row, col, numeric) {
    var cell = row.cells[col];
    if (!cell) { return numeric ? -Infinity : ""; }
    var raw = cell.getAttribute("data-nilai");
    if (raw === null) { raw = cell.textContent.trim(); }
    if (!numeric) { return raw.toLowerCase(); }
    var n = parseFloat(raw);
    return isNaN(n) ? -Infinity : n;
  }

  function sortBy(table, col, th) {
    var numeric = th.getAttribute("data-jenis") === "angka";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).filter(function (r) {
      return !r.classList.contains("jumlah");
    });
    var totals = Array.prototype.slice.call(body.rows).filter(function (r) {
      return r.classList.contains("jumlah");
    });
    rows.forEach(function (r, i) { r.setAttribute("data-urutan", String(i)); });
    rows.sort(function (a, b) {
      var x = value(a, col, numeric), y = value(b, col, numeric);
      var c = x < y ? -1 : x > y ? 1 : 0;
      if (!ascending) { c = -c; }
      return c || (+a.getAttribute("data-urutan") - +b.getAttribute("data-urutan"));
    });
    rows.concat(totals).forEach(function (r) { body.appendChild(r); });
    Array.prototype.forEach.call(th.parentNode.cells, function (other) {
      if (other.hasAttribute("aria-sort")) { other.setAttribute("aria-sort", "none"); }
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function count(table) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var shown = rows.filter(function (r) { return !r.hidden; }).length;
    document.querySelectorAll(".jumlah-baris").forEach(function (out) {
      if (out.getAttribute("data-tabel") === table.id) {
        out.textContent = shown + " / " + rows.length;
      }
    });
  }

  function filter(table, text) {
    var words = text.toLowerCase().split(/\s+/).filter(Boolean);
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      var hay = r.textContent.toLowerCase();
      r.hidden = !words.every(function (w) { return hay.indexOf(w) !== -1; });
    });
    count(table);
  }

  document.querySelectorAll("table.urut").forEach(function (table) {
    if (!table.tHead || !table.tBodies.length) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = th.querySelector("button.urut-tombol");
      if (button) {
        button.addEventListener("click", function () { sortBy(table, col, th); });
      }
    });
    count(table);
  });

  document.querySelectorAll("input[data-tabel]").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-tabel"));
    if (!table) { return; }
    input.addEventListener("input", function () { filter(table, input.value); });
    if (input.value) { filter(table, input.value); }
  });

  document.documentElement.setAttribute("data-skrip", "siap");
}());
