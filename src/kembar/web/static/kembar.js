// Kembar: shared helpers (search autocomplete, TopoJSON decoding, base map).
"use strict";

window.Kembar = (function () {
  // Decode the arcs of a quantized TopoJSON topology into a GeoJSON FeatureCollection.
  function topoFeatures(topo, objectName) {
    var t = topo.transform;
    var arcs = topo.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (p) {
        x += p[0]; y += p[1];
        return t ? [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]] : [p[0], p[1]];
      });
    });
    function ring(indices) {
      var out = [];
      indices.forEach(function (i) {
        var arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
        arc.forEach(function (p, k) { if (k > 0 || out.length === 0) out.push(p.slice()); });
      });
      // Keep longitudes continuous where a ring crosses the antimeridian.
      for (var k = 1; k < out.length; k++) {
        var d = out[k][0] - out[k - 1][0];
        if (d > 180) out[k][0] -= 360; else if (d < -180) out[k][0] += 360;
      }
      return out;
    }
    var geoms = topo.objects[objectName].geometries;
    return {
      type: "FeatureCollection",
      // Antarctica (ISO 3166 numeric 010) has no partnerships and would stretch to the pole.
      features: geoms.filter(function (g) { return g.type && g.id !== "010"; }).map(function (g) {
        var coords = g.type === "Polygon" ? g.arcs.map(ring)
          : g.arcs.map(function (poly) { return poly.map(ring); });
        return { type: "Feature", properties: g.properties || {}, geometry: { type: g.type, coordinates: coords } };
      })
    };
  }

  function baseMap(el, options) {
    var map = L.map(el, Object.assign({
      worldCopyJump: false, minZoom: 1, maxZoom: 12, zoomSnap: 0.25,
      attributionControl: true, preferCanvas: true
    }, options || {}));
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution("Natural Earth");
    var ready = fetch(el.dataset.basemap).then(function (r) { return r.json(); }).then(function (topo) {
      L.geoJSON(topoFeatures(topo, "countries"), {
        interactive: false,
        style: { color: "#9fb3a9", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 }
      }).addTo(map);
    });
    return { map: map, ready: ready };
  }

  function escapeText(s) {
    var d = document.createElement("span");
    d.textContent = s;
    return d.innerHTML;
  }

  // "12 partnerships" in the reader's language: the labels come from the search box.
  function partnerships(input, count) {
    var label = (count === 1 ? input.dataset.partnerships1 : input.dataset.partnerships) || "{n}";
    return label.replace("{n}", count.toLocaleString(document.documentElement.lang || undefined));
  }

  // A combobox over /api/v1/places: as the user types (2 letters or more), the places
  // found are listed; the arrow keys mark one and Enter takes it. `show(p, k)` makes the
  // list item of place p (its option is the item or a link in it, role=option, with an
  // id), `choose(option)` takes an option, `typed()` hears each keystroke. Used by the
  // search box here and by forms.js's place pickers.
  function combobox(input, list, show, choose, typed) {
    var timer = null, seq = 0, active = -1;
    function options() { return Array.prototype.slice.call(list.querySelectorAll("[role=option]")); }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function mark(i) {
      var opts = options();
      if (!opts.length) return;
      active = (i + opts.length) % opts.length;
      opts.forEach(function (o, k) { o.setAttribute("aria-selected", k === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }
    function fill(items) {
      list.innerHTML = "";
      items.forEach(function (p, k) { list.appendChild(show(p, k)); });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
      active = -1;
    }
    input.addEventListener("input", function () {
      if (typed) typed();
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch("/api/v1/places?limit=8&q=" + encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : { items: [] }; })
          .then(function (data) { if (mine === seq) fill(data.items || []); })
          .catch(function () { close(); });
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { close(); return; }
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); mark(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); mark(active - 1); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(options()[active]); close(); }
    });
    return { close: close };
  }

  // Search box: the places found as the user types; Enter on a marked one opens it,
  // Enter with none marked searches what was typed.
  function autocomplete() {
    var input = document.getElementById("search");
    var list = document.getElementById("suggestions");
    if (!input || !list) return;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    var box = combobox(input, list, function (p, k) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      // a country's page is the country's, not its row as a place
      a.href = p.kind === "country" ? "/countries/" + p.country : "/places/" + p.id;
      // a province and its capital may share a name: say which is which
      var kind = p.kind !== "city" ? input.dataset[p.kind] : "";
      a.textContent = p.name + " (" + p.country + (kind ? ", " + kind : "") + ")";
      a.setAttribute("role", "option");
      a.id = "suggestion-" + k;
      li.appendChild(a);
      var n = document.createElement("span");
      n.className = "muted";
      n.textContent = " " + partnerships(input, p.partner_count);
      li.appendChild(n);
      return li;
    }, function (option) { window.location.href = option.href; });
    document.addEventListener("click", function (e) {
      if (!list.contains(e.target) && e.target !== input) box.close();
    });
  }

  document.addEventListener("DOMContentLoaded", autocomplete);
  return { topoFeatures: topoFeatures, baseMap: baseMap, escapeText: escapeText, combobox: combobox };
})();
