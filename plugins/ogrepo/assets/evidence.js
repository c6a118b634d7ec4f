// The evidence browser: filters and date order of a list of evidence (a plan's, every plan's).
// The page holds every item, newest first, and the form, hidden (evidence_pages.py): without this
// script the list reads as it is. With it, the form shows and hides the rows that do not match.
// Rows carry ids, never labels:
//   data-plan, data-item, data-milestone, data-kind, data-year   one value each
//   data-language                                                  the item's languages, space-separated
// A row without one of them has none: it matches the choice "none" ("no date", "no milestone").
// The newest-first order is the page's own; oldest first is its reverse, items without a date last
// in both. The choices are kept in the address (?kind=dataset&year=2026): a filtered list can be
// shared. A link to a row (#evidence-…) that the filters hide shows every row again.
(function () {
  var FILTERS = ["plan", "item", "milestone", "kind", "language", "year"];
  var PARENTS = ["plan", "item"]; // a choice here narrows the groups of choices of the others

  function setUp(form) {
    var table = document.getElementById(form.getAttribute("data-ogr-filters"));
    if (form.hasAttribute("data-ogr-ready") || !table || !table.tBodies.length) return;
    form.setAttribute("data-ogr-ready", "");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var dated = rows.filter(function (row) { return row.hasAttribute("data-year"); });
    var undated = rows.filter(function (row) { return !row.hasAttribute("data-year"); });
    var oldest = dated.slice().reverse().concat(undated);
    var count = form.querySelector("[data-ogr-count]");
    var template = count.getAttribute("data-template");
    var language = document.documentElement.lang || undefined;
    var selects = {};
    Array.prototype.forEach.call(form.querySelectorAll("select"), function (s) { selects[s.name] = s; });
    var order = "newest";

    function value(name) {
      return selects[name] ? selects[name].value : "";
    }

    // the commitments of other plans, the milestones of other commitments: not offered
    function narrow() {
      Array.prototype.forEach.call(form.querySelectorAll("optgroup[data-parent]"), function (group) {
        var parent = group.getAttribute("data-parent");
        var select = group.parentNode;
        var open = PARENTS.every(function (name) {
          var v = value(name);
          return !v || selects[name] === select || parent === v || parent.indexOf(v + "/") === 0;
        });
        group.hidden = !open;
        group.disabled = !open;
        var chosen = select.options[select.selectedIndex];
        if (!open && chosen && chosen.parentNode === group) select.value = "";
      });
    }

    function matches(row) {
      return FILTERS.every(function (name) {
        var v = value(name);
        return !v || (row.getAttribute("data-" + name) || "none").split(" ").indexOf(v) !== -1;
      });
    }

    function apply() {
      narrow();
      var wanted = value("order") === "oldest" ? "oldest" : "newest";
      if (wanted !== order) {
        var fragment = document.createDocumentFragment();
        (wanted === "oldest" ? oldest : rows).forEach(function (row) { fragment.appendChild(row); });
        body.appendChild(fragment);
        order = wanted;
      }
      var shown = 0;
      rows.forEach(function (row) {
        var show = matches(row);
        if (row.hidden === show) row.hidden = !show;
        if (show) shown += 1;
      });
      var text = template.replace("{shown}", shown.toLocaleString(language));
      if (count.textContent !== text) count.textContent = text;
      remember();
    }

    function remember() {
      if (!window.history || !window.history.replaceState || !window.URLSearchParams) return;
      var params = new URLSearchParams(window.location.search);
      FILTERS.concat(["order"]).forEach(function (name) {
        var v = value(name);
        if (v && !(name === "order" && v === "newest")) params.set(name, v);
        else params.delete(name);
      });
      var query = params.toString();
      var address = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      if (address !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(window.history.state, "", address);
      }
    }

    function restore() {
      if (!window.URLSearchParams) return;
      var params = new URLSearchParams(window.location.search);
      Object.keys(selects).forEach(function (name) {
        var v = params.get(name);
        var known = Array.prototype.some.call(selects[name].options, function (o) { return o.value === v; });
        if (v !== null && known) selects[name].value = v;
      });
    }

    function reveal() {
      if (!document.body.contains(form)) {
        window.removeEventListener("hashchange", reveal);
        return;
      }
      var id = window.location.hash.slice(1);
      var row = id && document.getElementById(decodeURIComponent(id));
      if (row && row.parentNode === body && row.hidden) {
        form.reset();
        apply();
        row.scrollIntoView();
      }
    }

    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("hashchange", reveal);
    restore();
    form.hidden = false;
    apply();
    reveal();
  }

  function init() {
    document.querySelectorAll("form[data-ogr-filters]").forEach(setUp);
  }

  // Material's instant navigation swaps pages without a reload
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
