// A place page's map: the partnerships of its list (the same filters, from the map API),
// each a line between its two places; the place itself in red.
"use strict";

(function () {
  var el = document.getElementById("place-map");
  if (!el) return;
  var center = JSON.parse(el.dataset.center);
  var base = Kembar.baseMap(el, { center: [20, 0], zoom: 1 });
  var map = base.map;
  var data = fetch(el.dataset.map).then(function (r) {
    if (!r.ok) throw new Error("map data: HTTP " + r.status);
    return r.json();
  });
  Promise.all([base.ready, data]).then(function (results) {
    var d = results[1], places = d.places, points = [];
    for (var k = 0; k < d.ids.length; k++) {
      var a = places[d.edges[2 * k]], b = places[d.edges[2 * k + 1]];
      var lonB = b[2];
      // The short way, over the antimeridian when that is shorter.
      if (Math.abs(lonB - a[2]) > 180) lonB += a[2] > 0 ? 360 : -360;
      L.polyline([[a[1], a[2]], [b[1], lonB]], { color: "#0b6e4f", weight: 1.5, opacity: 0.7 }).addTo(map);
      points.push([a[1], a[2]], [b[1], lonB]);
    }
    places.forEach(function (p) {
      L.circleMarker([p[1], p[2]], { radius: 4, color: "#0b6e4f", fillOpacity: 0.9, weight: 1 })
        .bindTooltip(p[4]).on("click", function () { window.location.href = "/places/" + p[0]; }).addTo(map);
    });
    if (center[0] !== null) {
      L.circleMarker([center[0], center[1]], { radius: 7, color: "#fff", fillColor: "#c8553d", fillOpacity: 1, weight: 2 })
        .bindTooltip(center[2]).addTo(map);
      points.push([center[0], center[1]]);
    }
    if (points.length > 1) map.fitBounds(points, { padding: [20, 20], maxZoom: 6 });
    else if (points.length === 1) map.setView(points[0], 5);
    el.dataset.lines = String(d.ids.length);
    el.dataset.ready = "1";
  }).catch(function (err) {
    el.dataset.error = String(err.message || err);
  });
})();

// The "suggested partners" panel, filled from the API so the page never waits for it.
// While the server builds its first ranker it answers "updating": say so and ask again.
(function () {
  var box = document.getElementById("suggested");
  if (!box) return;
  box.textContent = box.dataset.loading;
  function show(data) {
    box.textContent = "";
    if (data.priorities && data.priorities.length) {
      var pr = document.createElement("p");
      pr.className = "priorities";
      pr.textContent = box.dataset.priorities + " " + data.priorities.map(function (p) { return p.label; }).join(", ");
      box.appendChild(pr);
    }
    if (data.status === "updating") {
      var note = document.createElement("p");
      note.className = "muted updating";
      note.textContent = box.dataset.updating;
      box.appendChild(note);
      setTimeout(load, 20000);
      return;
    }
    if (!data.candidates.length) { box.appendChild(document.createTextNode(box.dataset.none)); return; }
    var ol = document.createElement("ol");
    ol.className = "suggested";
    data.candidates.forEach(function (c) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/places/" + c.id;
      a.textContent = (c.local_name || c.name) + " (" + c.country + ")";
      li.appendChild(a);
      if (c.mutual) {
        var tag = document.createElement("span");
        tag.className = "chip mutual";
        tag.textContent = box.dataset.mutual;
        li.appendChild(document.createTextNode(" "));
        li.appendChild(tag);
      }
      var why = document.createElement("div");
      why.className = "muted small";
      why.textContent = c.reasons.join("; ");
      li.appendChild(why);
      ol.appendChild(li);
    });
    box.appendChild(ol);
    box.dataset.ready = "1";
  }
  function load() {
    fetch(box.dataset.url)
      .then(function (r) { return r.ok ? r.json() : { candidates: [] }; })
      .then(show);
  }
  load();
})();
