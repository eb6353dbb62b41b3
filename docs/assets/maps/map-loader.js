/* Interactive maps on request (generator/templates/partials/map.md.j2).
   A page shows its static SVG map; the link under it opens the interactive map (Leaflet in an iframe, with
   tiles from another site). Here that link becomes a button that puts the interactive map in place of the
   picture, on this page. Without JavaScript the link opens the map as its own page. Print always shows
   the picture (docs/assets/extra.css, "Maps"). */
(function () {
  "use strict";
  function open(figure, link) {
    var frame = document.createElement("iframe");
    frame.className = "report-map__live";
    frame.src = link.getAttribute("href");
    frame.title = figure.getAttribute("data-map-title") || "";
    figure.insertBefore(frame, figure.firstChild);
    figure.classList.add("report-map--live");
    link.hidden = true;
    frame.focus();
  }
  function arm(figure) {
    var link = figure.querySelector("a.report-map__open");
    if (!link || link.hasAttribute("data-armed")) return;
    link.setAttribute("data-armed", "");
    link.setAttribute("role", "button");
    link.addEventListener("click", function (event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;  // a new tab: the map's own page
      event.preventDefault();
      open(figure, link);
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("figure.report-map"), arm);
})();
