// The home page's world map: every partnership as a line and every place as a circle,
// all drawn on one canvas above a Natural Earth base map. Click a place to highlight it.
"use strict";

(function () {
  var el = document.getElementById("world");
  if (!el) return;
  var status = document.getElementById("map-status");
  status.textContent = el.dataset.loading;
  var base = Kembar.baseMap(el, { zoomAnimation: false, center: [15, 20], zoom: 2 });
  var map = base.map;

  var CanvasEdges = L.Layer.extend({
    onAdd: function (m) {
      this._canvas = L.DomUtil.create("canvas", "edges-canvas", m.getContainer());
      m.on("move zoom resize viewreset", this._redraw, this);
      this._redraw();
    },
    onRemove: function (m) {
      m.off("move zoom resize viewreset", this._redraw, this);
      L.DomUtil.remove(this._canvas);
    },
    setData: function (data) {
      this._places = data.places;
      this._edges = data.edges;
      this._ids = data.ids;
      // Lines that would cross the whole map go the short way, over the antimeridian.
      this._wrap = new Float64Array(data.edges.length / 2);
      for (var k = 0; k < this._wrap.length; k++) {
        var la = data.places[data.edges[2 * k]][2], lb = data.places[data.edges[2 * k + 1]][2];
        this._wrap[k] = Math.abs(la - lb) > 180 ? (la > 0 ? 360 : -360) : 0;
      }
      this._partnersOf = {};
      for (var e = 0; e < this._wrap.length; e++) {
        var a = data.edges[2 * e], b = data.edges[2 * e + 1];
        (this._partnersOf[a] = this._partnersOf[a] || []).push([b, e]);
        (this._partnersOf[b] = this._partnersOf[b] || []).push([a, e]);
      }
      this._redraw();
    },
    select: function (index) { this._selected = index; this._redraw(); },
    nearest: function (point) {
      if (!this._xy) return -1;
      var best = -1, bestD = Infinity;
      for (var i = 0; i < this._places.length; i++) {
        var dx = this._xy[2 * i] - point.x, dy = this._xy[2 * i + 1] - point.y;
        var d = dx * dx + dy * dy, r = this._radius(i) + 4;
        if (d <= r * r && d < bestD) { best = i; bestD = d; }
      }
      return best;
    },
    _radius: function (i) { return 1.2 + Math.sqrt(this._places[i][3]) * 0.7; },
    _redraw: function () {
      var m = this._map;
      if (!m || !this._canvas) return;
      var size = m.getSize(), dpr = window.devicePixelRatio || 1, c = this._canvas;
      if (c.width !== size.x * dpr || c.height !== size.y * dpr) {
        c.width = size.x * dpr; c.height = size.y * dpr;
        c.style.width = size.x + "px"; c.style.height = size.y + "px";
      }
      var ctx = c.getContext("2d");
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, size.x, size.y);
      if (!this._places) return;
      var places = this._places, edges = this._edges, n = places.length;
      var xy = this._xy = new Float64Array(2 * n);
      for (var i = 0; i < n; i++) {
        var p = m.latLngToContainerPoint([places[i][1], places[i][2]]);
        xy[2 * i] = p.x; xy[2 * i + 1] = p.y;
      }
      var self = this;
      function line(k) {
        var a = edges[2 * k], b = edges[2 * k + 1];
        ctx.moveTo(xy[2 * a], xy[2 * a + 1]);
        if (self._wrap[k] === 0) { ctx.lineTo(xy[2 * b], xy[2 * b + 1]); return; }
        var q = m.latLngToContainerPoint([places[b][1], places[b][2] + self._wrap[k]]);
        ctx.lineTo(q.x, q.y);
      }
      ctx.beginPath();
      for (var k = 0; k < this._wrap.length; k++) line(k);
      ctx.strokeStyle = this._selected >= 0 ? "rgba(11,110,79,0.05)" : "rgba(11,110,79,0.14)";
      ctx.lineWidth = 0.7;
      ctx.stroke();
      ctx.beginPath();
      for (var j = 0; j < n; j++) {
        var r = this._radius(j);
        ctx.moveTo(xy[2 * j] + r, xy[2 * j + 1]);
        ctx.arc(xy[2 * j], xy[2 * j + 1], r, 0, 2 * Math.PI);
      }
      ctx.fillStyle = "rgba(200,85,61,0.55)";
      ctx.fill();
      if (this._selected >= 0) {
        var mine = this._partnersOf[this._selected] || [];
        ctx.beginPath();
        mine.forEach(function (pe) { line(pe[1]); });
        ctx.strokeStyle = "#0b6e4f"; ctx.lineWidth = 2; ctx.stroke();
        ctx.beginPath();
        mine.forEach(function (pe) {
          var b = pe[0];
          ctx.moveTo(xy[2 * b] + 4, xy[2 * b + 1]);
          ctx.arc(xy[2 * b], xy[2 * b + 1], 4, 0, 2 * Math.PI);
        });
        ctx.fillStyle = "#0b6e4f"; ctx.fill();
        var s = this._selected;
        ctx.beginPath();
        ctx.arc(xy[2 * s], xy[2 * s + 1], 7, 0, 2 * Math.PI);
        ctx.fillStyle = "#c8553d"; ctx.fill();
        ctx.strokeStyle = "#fff"; ctx.lineWidth = 2; ctx.stroke();
      }
    }
  });

  var layer = new CanvasEdges();
  layer._selected = -1;
  layer.addTo(map);
  el.kembar = { map: map, layer: layer };  // for scripts and browser tests

  var data = fetch(el.dataset.map).then(function (r) {
    if (!r.ok) throw new Error("map data: HTTP " + r.status);
    return r.json();
  });
  Promise.all([base.ready, data]).then(function (results) {
    var d = results[1];
    layer.setData(d);
    el.dataset.lines = String(d.ids.length);
    el.dataset.markers = String(d.places.length);
    el.dataset.ready = "1";
    window.kembarMapReadyAt = performance.now();
    status.textContent = "";
  }).catch(function (err) {
    status.textContent = String(err.message || err);
  });

  map.on("click", function (e) {
    var i = layer.nearest(e.containerPoint);
    layer.select(i);
    if (i < 0) { map.closePopup(); return; }
    var p = layer._places[i];
    var box = document.createElement("div");
    var a = document.createElement("a");
    a.href = "/places/" + p[0];
    a.className = "popup-place";
    a.textContent = p[4] + " (" + p[5] + ")";
    box.appendChild(a);
    box.appendChild(document.createElement("br"));
    box.appendChild(document.createTextNode(el.dataset.partnersLabel + ": " + p[3]));
    L.popup({ autoPan: false }).setLatLng([p[1], p[2]]).setContent(box).openOn(map);
    el.dataset.selected = String(p[0]);
  });
})();
