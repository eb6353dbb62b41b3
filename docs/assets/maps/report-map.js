/* Helpers of the map pages (docs/<lang>/report/maps/*.html, written by generator/maps.py):
   one short call per link and per place keeps each map file small. */
var ReportMap = {
  text: function (s) { var span = document.createElement("span"); span.textContent = s; return span; },
  // A donor -> recipient link: `parts` is [curve, chevron at the recipient end], [lat, lon] pairs.
  link: function (map, id, parts, tip, popup) {
    return L.polyline(parts, {color: "#37474f", weight: 2.5, opacity: 0.85, className: "report-link link-" + id})
      .bindTooltip(ReportMap.text(tip), {sticky: true}).bindPopup(popup, {maxWidth: 300}).addTo(map);
  },
  // A place: role "donor" (orange square) or "recipient" (teal circle), styled in report-map.css, with its
  // name as a permanent label (laid out by declutter) and "name · role" as the marker's title on hover.
  place: function (map, lat, lon, role, label, name) {
    var marker = L.marker([lat, lon], {title: label, alt: label,
      icon: L.divIcon({className: "report-place report-" + role, iconSize: [12, 12]})});
    marker.reportRole = role;
    return marker.bindTooltip(ReportMap.text(name || label), {permanent: true, direction: "right", offset: [6, 0],
      className: "report-label report-label-" + role, interactive: false}).addTo(map);
  },
  // Name labels that overlap no other label and no marker: recipients first, each label tried to the right,
  // left, above and below its marker; a label with no free side is hidden at this zoom (thinned), and the
  // layout is redone on every zoom. A hidden label's name stays in the marker's title (hover, screen readers).
  declutter: function (map) {  // labels also stay inside the map's frame
    var sides = [["right", [6, 0]], ["left", [-6, 0]], ["top", [0, -6]], ["bottom", [0, 6]]];
    function box(el) { var r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }
    function hit(a, b) { return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]; }
    function layout() {
      var markers = [], taken = [];
      map.eachLayer(function (layer) { if (layer.reportRole && layer.getTooltip()) markers.push(layer); });
      markers.sort(function (a, b) { return (a.reportRole === "recipient" ? 0 : 1) - (b.reportRole === "recipient" ? 0 : 1); });
      markers.forEach(function (m) { if (m._icon) taken.push(box(m._icon)); });
      markers.forEach(function (m) {
        var tip = m.getTooltip(), el = tip.getElement();
        if (!el) return;
        el.style.visibility = "";
        for (var i = 0; i < sides.length; i++) {
          tip.options.direction = sides[i][0];
          tip.options.offset = L.point(sides[i][1]);
          tip.update();
          el.classList.remove("leaflet-tooltip-right", "leaflet-tooltip-left", "leaflet-tooltip-top", "leaflet-tooltip-bottom");
          el.classList.add("leaflet-tooltip-" + sides[i][0]);
          var b = box(el), mine = box(m._icon), frame = box(map.getContainer());
          var inside = b[0] >= frame[0] && b[2] <= frame[2] && b[1] >= frame[1] && b[3] <= frame[3];
          if (inside && !taken.some(function (t) { return hit(b, t) && !(t[0] === mine[0] && t[1] === mine[1]); })) {
            taken.push(b);
            el.classList.remove("report-label-hidden");
            return;
          }
        }
        el.classList.add("report-label-hidden");  // no free side at this zoom
      });
    }
    map.whenReady(layout);
    map.on("zoomend moveend resize", layout);
    return layout;
  },
  // A line of [lon, lat] points stored as an encoded polyline (generator/polyline.py: deltas at 0.01 degree,
  // zig-zag, 5-bit chunks as characters from "?"); nested arrays of such strings are decoded in place.
  decode: function (c, scale) {
    if (typeof c !== "string") return c.map(function (part) { return ReportMap.decode(part, scale); });
    var out = [], n = [], v = 0, s = 0, x = 0, y = 0, i;
    for (i = 0; i < c.length; i++) {
      var b = c.charCodeAt(i) - 63;
      v |= (b & 31) << s; s += 5;
      if (b < 32) { n.push(v & 1 ? ~(v >> 1) : v >> 1); v = 0; s = 0; }
    }
    for (i = 0; i + 1 < n.length; i += 2) { x += n[i]; y += n[i + 1]; out.push([x / scale, y / scale]); }
    return out;
  },
  // Province fills and the boundaries between provinces (assets/maps/provinces.js); no national boundary.
  provinces: function (map, attribution) {
    var data = window.REPORT_PROVINCES;
    if (!data) return null;
    if (data.encoding === "polyline") {
      data.features.forEach(function (f) { f.geometry.coordinates = ReportMap.decode(f.geometry.coordinates, Math.pow(10, data.digits)); });
      data.encoding = null;  // decoded once per page, whatever calls this
    }
    return L.geoJSON(data, {interactive: false, attribution: attribution,
      style: function (f) {
        return f.properties.boundary ? {color: "#8d8d8d", weight: 1, opacity: 0.9, fill: false}
                                     : {stroke: false, fillColor: "#e9e4d8", fillOpacity: 0.55};
      }}).addTo(map);
  }
};
