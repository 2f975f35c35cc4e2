// Kembar: starts Swagger UI on /api/docs (a file, since the CSP allows no inline script).
"use strict";

window.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("swagger-ui");
  var meta = document.querySelector('meta[name="csrf-token"]');
  window.ui = SwaggerUIBundle({
    url: el.dataset.url,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null, // the default validator is a service on another host
    layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    requestInterceptor: function (req) {
      // Writes with the session cookie need the page's CSRF token; bearer tokens do not.
      var local = req.url.charAt(0) === "/" || req.url.indexOf(window.location.origin + "/") === 0;
      if (meta && local) {
        req.headers["X-CSRF-Token"] = meta.content;
      }
      return req;
    }
  });
});
