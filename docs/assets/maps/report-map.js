/* Helpers of the map pages (docs/<lang>/report/maps/*.html, written by generator/maps.py):
   one short call per link and per place keeps each map file small. */
var ReportMap = {
  text: function (s) { var span = document.createElement("span"); span.textContent = s; return span; },
  // A donor -> recipient link: `parts` is [curve, chevron at the recipient end], [lat, lon] pairs.
  link: function (map, id, parts, tip, popup) {
    return L.polyline(parts, {color: "#37474f", weight: 2.5, opacity: 0.85, className: "report-link link-" + id})
      .bindTooltip(ReportMap.text(tip), {sticky: true}).bindPopup(popup, {maxWidth: 300}).addTo(map);
  },
  // A place: role "donor" (orange square) or "recipient" (teal circle), styled in report-map.css.
  place: function (map, lat, lon, role, label) {
    return L.marker([lat, lon], {title: label, alt: label,
      icon: L.divIcon({className: "report-place report-" + role, iconSize: [12, 12]})})
      .bindTooltip(ReportMap.text(label)).addTo(map);
  },
  // Province fills and the boundaries between provinces (assets/maps/provinces.js); no national boundary.
  provinces: function (map, attribution) {
    if (!window.REPORT_PROVINCES) return null;
    return L.geoJSON(window.REPORT_PROVINCES, {interactive: false, attribution: attribution,
      style: function (f) {
        return f.properties.boundary ? {color: "#8d8d8d", weight: 1, opacity: 0.9, fill: false}
                                     : {stroke: false, fillColor: "#e9e4d8", fillOpacity: 0.55};
      }}).addTo(map);
  }
};
