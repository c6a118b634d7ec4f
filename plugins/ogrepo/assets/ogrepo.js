// Staleness in the browser: a site that was not rebuilt (a scheduled build disabled, a broken
// pipeline) still tells the truth. Every banner or badge carries the moment it becomes stale.
(function () {
  function update() {
    var now = Date.now();
    document.querySelectorAll("[data-stale-after]").forEach(function (el) {
      var after = Date.parse(el.getAttribute("data-stale-after"));
      if (!isNaN(after) && now >= after) {
        el.hidden = false;
        if (el.classList.contains("ogr-stale")) el.setAttribute("data-stale", "");
      }
    });
  }
  // Material's instant navigation swaps pages without a reload
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(update);
  else document.addEventListener("DOMContentLoaded", update);
})();
