// What depends on today's date, recomputed in the browser: a site that was not rebuilt (a scheduled
// build disabled, a broken pipeline) still tells the truth. The build writes the moment each thing
// changes; this script applies the moments that have passed.
//   data-stale-after / data-overdue-after   shown (and marked data-stale / data-overdue) from then on
//   data-overdue-moments                    a badge counting the moments passed, plus data-overdue-count
//   data-ogr-list                           a list whose "none" and "some" notes follow its entries
(function () {
  function passed(value, now) {
    var t = Date.parse(value);
    return !isNaN(t) && now >= t;
  }

  function update() {
    var now = Date.now();
    document.querySelectorAll("[data-stale-after]").forEach(function (el) {
      if (!passed(el.getAttribute("data-stale-after"), now)) return;
      el.hidden = false;
      if (el.classList.contains("ogr-stale")) el.setAttribute("data-stale", "");
    });
    document.querySelectorAll("[data-overdue-after]").forEach(function (el) {
      if (!passed(el.getAttribute("data-overdue-after"), now)) return;
      el.hidden = false;
      var row = el.closest("tr");
      if (row) row.setAttribute("data-overdue", "");
    });
    document.querySelectorAll("[data-overdue-moments]").forEach(function (el) {
      var n = parseInt(el.getAttribute("data-overdue-count"), 10) || 0;
      el.getAttribute("data-overdue-moments").split(" ").forEach(function (m) {
        if (passed(m, now)) n += 1;
      });
      var count = el.querySelector("[data-count]");
      if (count) count.textContent = String(n);
      el.hidden = n === 0;
    });
    document.querySelectorAll("[data-ogr-list]").forEach(function (list) {
      var some = Array.prototype.some.call(list.querySelectorAll("[data-ogr-entry]"), function (e) {
        return !e.hidden;
      });
      list.querySelectorAll("[data-ogr-when-some]").forEach(function (e) { e.hidden = !some; });
      list.querySelectorAll("[data-ogr-when-none]").forEach(function (e) { e.hidden = some; });
    });
  }

  // Material's instant navigation swaps pages without a reload
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(update);
  else document.addEventListener("DOMContentLoaded", update);
})();
