/* Wide tables as cards on a phone (docs/assets/extra.css, "Screens").
   A table of four columns or more gets `data-cards`, each body cell its column's header as `data-label` and its
   content in one <span>, so that below 45em the stylesheet shows each row as a card of labelled lines instead
   of a wide table whose narrow columns make every row tall. Done here, not in the HTML, so that pages carry no
   copy of each header per cell; without JavaScript the table scrolls in its own box as before. */
(function () {
  "use strict";
  var MIN_COLUMNS = 4;
  function label(table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.replace(/\s+/g, " ").trim();
    });
    if (heads.length < MIN_COLUMNS || table.hasAttribute("data-cards")) return;
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (cell.tagName !== "TD" || i >= heads.length) return;
        var span = document.createElement("span");
        while (cell.firstChild) span.appendChild(cell.firstChild);
        cell.appendChild(span);
        cell.setAttribute("data-label", heads[i]);
      });
    });
    table.setAttribute("data-cards", "");
  }
  Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table:not([class])"), label);
})();
