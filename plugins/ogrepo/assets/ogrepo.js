// What depends on today's date, recomputed in the browser: a site that was not rebuilt (a scheduled
// build disabled, a broken pipeline) still tells the truth. The build writes the moment each thing
// changes; this script applies the moments that have passed.
//   data-stale-after / data-overdue-after   shown (and marked data-stale / data-overdue) from then on
//   data-overdue-moments                    a badge counting the moments passed, plus data-overdue-count
//   data-ogr-list                           a list whose "none" and "some" notes follow its entries
//   data-ogr-result                         a compliance line: failed once a data-stale-after in it has
//                                           passed (its data-ogr-until-stale parts hidden), and the
//                                           data-ogr-count of its summary recounted
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
      var line = el.closest("[data-ogr-result]");
      if (!line) return;
      line.setAttribute("data-ogr-result", "fail");
      line.querySelectorAll("[data-ogr-until-stale]").forEach(function (e) { e.hidden = true; });
    });
    document.querySelectorAll("[data-ogr-count]").forEach(function (el) {
      var result = el.getAttribute("data-ogr-count");
      el.textContent = String(document.querySelectorAll('[data-ogr-result="' + result + '"]').length);
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
