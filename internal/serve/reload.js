// sitegen serve: live reload. Injected into HTML by the preview server only.
(function () {
  "use strict";
  var first = null;
  var overlay = null;

  function showErrors(list) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "sitegen-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2em";
      document.documentElement.appendChild(overlay);
    }
    overlay.textContent = "";
    var h = document.createElement("h2");
    h.textContent = "sitegen: the build failed; the last good site is shown underneath";
    h.style.cssText = "color:#ff8080;font:bold 16px ui-monospace,monospace";
    overlay.appendChild(h);
    list.forEach(function (e) {
      var p = document.createElement("pre");
      p.style.whiteSpace = "pre-wrap";
      p.textContent = e.file + (e.line ? ":" + e.line : "") + ": " + e.message + (e.hint ? "\n  hint: " + e.hint : "");
      overlay.appendChild(p);
    });
  }

  function swapCSS() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (l) {
      var u = new URL(l.href);
      u.searchParams.set("sitegen", Date.now());
      l.href = u.toString();
    });
  }

  function connect() {
    var es = new EventSource("/_sitegen/events");
    es.addEventListener("hello", function (ev) {
      var d = JSON.parse(ev.data);
      if (first === null) { first = d.build; return; }
      if (d.build && d.build !== first) location.reload(); // the server restarted or rebuilt while away
    });
    es.addEventListener("builderror", function (ev) {
      showErrors(JSON.parse(ev.data).errors || []);
    });
    es.addEventListener("reload", function (ev) {
      var d = JSON.parse(ev.data);
      first = d.build;
      if (overlay) { overlay.remove(); overlay = null; }
      var moved = d.moved || {};
      if (moved[location.pathname]) { location.assign(moved[location.pathname]); return; }
      if (d.cssOnly) { swapCSS(); return; }
      location.reload();
    });
    es.onerror = function () {
      if (es.readyState === EventSource.CLOSED) { setTimeout(connect, 1000); }
    };
  }
  connect();
})();
