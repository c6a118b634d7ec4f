"""The built site in a real browser (Debian's Chromium through Playwright).

- accessibility: axe-core with the WCAG 2.1 A and AA rules on every kind of page, on a site built
  while its commitment was fresh and on one built after it went stale (banner and badges shown),
  with the search dialog open, and in the mobile navigation drawer;
- staleness in the browser: a site built while fresh, opened after the six-month threshold, shows
  its banner (ogrepo.js) without being rebuilt; opened before it, it does not;
- privacy: every request the pages make goes to the server of the site (127.0.0.1), and none fails;
- phones: at 390 px every table reads completely (cards), and at 1280 px no table hides columns
  behind a scroll bar;
- time: the home page's lists of stale items and overdue milestones, and the overdue counts, are
  recomputed by the browser when the site is opened later than it was built.

Every axe check runs at desktop (1280 px) and phone (390 px) widths.
The site is served by http.server on 127.0.0.1 under /repo/, the path of the fixture's site_url.
Needs Chromium at /usr/bin/chromium (`apt-get install -y chromium`): these tests fail, never skip,
when it is missing. A developer without Chromium deselects them knowingly: pytest -m "not browser".
"""

from __future__ import annotations

import urllib.parse
from datetime import datetime, timedelta, timezone

import pytest

import browser
from factory import MKDOCS_YML, Repo, minimal_files

pytestmark = pytest.mark.browser
WIDTHS = {"desktop": 1280, "phone": 390}

# The fixture's repository, committed once: the commitment's last update is this commit.
COMMITTED = datetime.fromisoformat("2026-05-01T10:00:00+02:00")
# ... so it becomes stale six months later (the default stale_after_months).
STALE_AFTER = datetime.fromisoformat("2026-11-01T10:00:00+02:00")
FRESH_BUILD = int(datetime(2026, 6, 1, tzinfo=timezone.utc).timestamp())   # a month after the commit
STALE_BUILD = int(datetime(2027, 1, 15, tzinfo=timezone.utc).timestamp())  # eight and a half months after

# The fixture's mkdocs.yml with what a real site has on top (see the project's mkdocs.yml): a
# copyright line in the footer, a palette, the navigation features, permalinks on headings.
MKDOCS_YML_FULL = MKDOCS_YML.replace(
    "docs_dir: content\n",
    "copyright: Government of Testland. Content published under CC BY 4.0.\ndocs_dir: content\n",
).replace(
    "  font: false\n",
    "  font: false\n  features: [navigation.sections, navigation.indexes, navigation.top, search.highlight]\n"
    "  palette: {primary: indigo}\n",
).replace("  - attr_list\n", "  - attr_list\n  - toc: {permalink: true}\n")

PLAN = "plans/2025-2027/"
COMMITMENT = PLAN + "commitments/open-budget/"
PAGES = {
    "home": "",
    "plan": PLAN,
    "co-creation": PLAN + "co-creation/",
    "commitments": PLAN + "commitments/",
    "evidence": PLAN + "evidence/",
    "compliance": PLAN + "compliance/",  # the compliance panel, a result per line (cards on phones)
    "commitment": COMMITMENT,
    "self-assessment": PLAN + "self-assessment/",  # the draft, with its milestone tables
    "all-evidence": "all-evidence/",  # with its filters (evidence.js)
    "evidence-item": PLAN + "evidence/open-budget/decree.pdf/",  # an evidence item's own page
    "about": "about/",  # hand-written
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """{"fresh": url, "stale": url}: the same repository built a month and 8.5 months after its commit."""
    root = tmp_path_factory.mktemp("browser") / "repo"
    assert MKDOCS_YML_FULL.count("\n") == MKDOCS_YML.count("\n") + 4, "the fixture's mkdocs.yml changed"
    Repo(root).commit("Publish the repository", COMMITTED.isoformat(),
                      {**minimal_files(), "mkdocs.yml": MKDOCS_YML_FULL,
                       "content/about.fr.md": "# À propos\n\nCe dépôt est celui du Testland.\n"})
    fresh = browser.build_site(root, FRESH_BUILD, "site-fresh")
    stale = browser.build_site(root, STALE_BUILD, "site-stale")
    with browser.serve(fresh) as fresh_url, browser.serve(stale) as stale_url:
        yield {"fresh": fresh_url, "stale": stale_url}


@pytest.fixture(params=list(WIDTHS))
def context(chromium, request):
    """A new browser context (clean storage) at desktop and at phone width; reduced motion so that
    nothing is mid-transition."""
    ctx = chromium.new_context(viewport={"width": WIDTHS[request.param], "height": 900}, reduced_motion="reduce")
    yield ctx
    ctx.close()


@pytest.fixture
def desktop(chromium):
    ctx = chromium.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    yield ctx
    ctx.close()


def open_page(context, url: str, wait: str = "load"):
    """The page at `url`, loaded (Material's and ogrepo's scripts have run), without JavaScript errors."""
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url, wait_until=wait)
    assert not errors, f"JavaScript errors on {url}: {errors}"
    return page


def assert_accessible(page, what: str):
    violations = browser.axe_violations(page)
    assert not violations, browser.describe(what, violations)


# each page type in each language: the French site has its own labels, and English texts marked as
# fallbacks on its pages
@pytest.mark.parametrize("build, language", [("fresh", ""), ("stale", ""), ("stale", "fr/")])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_wcag21_aa(context, sites, name, build, language):
    url = sites[build] + language + PAGES[name]
    page = open_page(context, url)
    if build == "stale" and name in ("commitment", "plan"):
        assert page.locator(".ogr-stale").is_visible(), "the stale build shows its banner: axe checks it"
    assert_accessible(page, url)


def test_axe_search_dialog_open(desktop, sites):
    context = desktop
    page = open_page(context, sites["stale"])
    page.keyboard.press("/")
    page.keyboard.type("budget")
    page.locator(".md-search-result__item").first.wait_for()
    assert_accessible(page, "the home page with the search dialog open on 'budget'")
    # Material 9.8 leaves its search dialog unnamed; axe files that rule under best practices, not WCAG
    violations = browser.axe_violations(page, rules=["aria-dialog-name"])
    assert not violations, browser.describe("the search dialog", violations)


def test_axe_mobile_navigation_drawer(chromium, sites):
    ctx = chromium.new_context(viewport={"width": 390, "height": 844}, reduced_motion="reduce")
    try:
        page = open_page(ctx, sites["stale"] + COMMITMENT)
        assert_accessible(page, "the commitment page on a phone")
        page.locator(".md-header__button[for=__drawer]").click()
        page.locator(".md-nav--primary").first.wait_for(state="visible")
        assert_accessible(page, "the commitment page on a phone, navigation drawer open")
    finally:
        ctx.close()


def test_banner_of_a_stale_build_is_shown_without_javascript_clock(desktop, sites):
    context = desktop
    page = open_page(context, sites["stale"] + COMMITMENT)
    banner = page.locator(".ogr-stale")
    assert banner.is_visible()
    assert banner.get_attribute("data-stale") is not None


@pytest.mark.parametrize("opened, shown", [
    (STALE_AFTER + timedelta(minutes=1), True),     # the site was not rebuilt in time
    (STALE_AFTER + timedelta(days=40), True),
    (STALE_AFTER - timedelta(minutes=1), False),    # still fresh
    (COMMITTED + timedelta(days=31), False),        # the day it was built
])
def test_staleness_in_the_browser(desktop, sites, opened, shown):
    context = desktop
    context.clock.install(time=opened)
    page = open_page(context, sites["fresh"] + COMMITMENT)
    assert page.evaluate("Date.now()") >= opened.timestamp() * 1000
    banner = page.locator(".ogr-stale")
    assert banner.count() == 1
    # built fresh: the banner is in the page, hidden, with the moment it becomes stale
    assert datetime.fromisoformat(banner.get_attribute("data-stale-after")) == STALE_AFTER
    if shown:
        banner.wait_for(state="visible", timeout=5000)
        assert banner.get_attribute("data-stale") is not None
        assert banner.get_attribute("hidden") is None
    else:
        assert not banner.is_visible()
        assert banner.get_attribute("data-stale") is None
        assert banner.get_attribute("hidden") is not None
    # the badge in the list of commitments follows the same clock
    page = open_page(context, sites["fresh"] + PLAN + "commitments/")
    badge = page.locator(".ogr-commitments [data-badge=stale]")
    assert badge.count() == 1
    if shown:
        badge.wait_for(state="visible", timeout=5000)
    else:
        assert not badge.is_visible()


def test_no_third_party_request(desktop, sites):
    context = desktop
    requests = []
    context.on("request", lambda r: requests.append(r.url))
    for path in PAGES.values():
        # networkidle: what a script fetches after the load (Material's repository facts did) counts
        page = open_page(context, sites["fresh"] + path, wait="networkidle")
    page.keyboard.press("/")  # on the last page, a search
    page.keyboard.type("evidence")
    page.locator(".md-search-result__item").first.wait_for()  # the search worker and its index
    page.wait_for_load_state("networkidle")
    hosts = {urllib.parse.urlsplit(u).hostname for u in requests if not u.startswith(("data:", "blob:"))}
    assert requests and any("search_index.json" in u for u in requests)
    outside = sorted(u for u in requests
                     if not u.startswith(("data:", "blob:")) and urllib.parse.urlsplit(u).hostname != "127.0.0.1")
    assert not outside, f"requests to other hosts than 127.0.0.1 ({sorted(hosts)}):\n" + "\n".join(outside)


# A table reads completely when none of its cells lies outside the page and nothing around it
# scrolls sideways: a hidden column with no cue is what phones showed before.
TABLE_OVERFLOW = """() => {
  const width = document.documentElement.clientWidth, problems = [];
  document.querySelectorAll('.md-content table').forEach((table) => {
    table.querySelectorAll('tbody td, tbody th').forEach((cell) => {
      const r = cell.getBoundingClientRect();
      if (r.width && (r.left < -1 || r.right > width + 1))
        problems.push(`${table.className}: cell "${cell.textContent.trim().slice(0, 30)}" spans ${Math.round(r.left)}-${Math.round(r.right)} of ${width}px`);
    });
    for (let el = table; el && !el.classList.contains('md-content'); el = el.parentElement) {
      if (getComputedStyle(el).overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1)
        problems.push(`${table.className}: scrolls sideways in ${el.tagName}.${el.className} (${el.scrollWidth} > ${el.clientWidth})`);
    }
  });
  return {problems, tables: document.querySelectorAll('.md-content table').length,
          pageScroll: document.documentElement.scrollWidth - width};
}"""


@pytest.mark.parametrize("language", ["", "fr/"])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_table_reads_completely(context, sites, name, language):
    page = open_page(context, sites["stale"] + language + PAGES[name])
    found = page.evaluate(TABLE_OVERFLOW)
    assert not found["problems"], "\n".join(found["problems"])
    assert found["pageScroll"] <= 0
    if name in ("home", "plan", "commitments", "commitment", "evidence", "all-evidence", "co-creation",
                "self-assessment", "compliance"):
        assert found["tables"] > 0, "the page has tables to check"
    if context.pages[0].viewport_size["width"] == WIDTHS["phone"] and name == "commitment":
        # each cell of a card says which column it is
        cell = page.locator("table.ogr-milestones tbody td").nth(4)
        label = cell.evaluate("el => getComputedStyle(el, '::before').content")
        assert label == ('"Fin prévue"' if language else '"Planned end"'), label


def test_no_request_fails_and_the_console_stays_clean(desktop, sites):
    failed, console = [], []
    desktop.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    desktop.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    for path in PAGES.values():
        page = desktop.new_page()
        page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.goto(sites["fresh"] + path, wait_until="networkidle")
        page.close()
    assert not failed, failed
    assert not console, console


def test_the_home_page_recomputes_what_depends_on_the_date(chromium, desktop, sites):
    """Built on 2026-06-01; opened on 2026-11-15: the commitment went stale on 2026-11-01 and
    milestone 1.2 (planned end 2026-06-30, in progress) is overdue since 2026-07-01."""
    same_day = chromium.new_context(viewport={"width": 1280, "height": 900})
    same_day.clock.install(time=datetime(2026, 6, 2, tzinfo=timezone.utc))
    built = open_page(same_day, sites["fresh"])
    assert built.locator(".ogr-watch [data-ogr-when-none]").first.is_visible()
    assert built.locator(".ogr-watch li[data-ogr-entry]:visible").count() == 0
    assert not built.locator(".ogr-overdue tr[data-ogr-entry]").first.is_visible()
    assert not built.locator(".ogr-plans [data-badge=overdue]").is_visible()
    same_day.close()
    desktop.clock.install(time=datetime(2026, 11, 15, tzinfo=timezone.utc))
    page = open_page(desktop, sites["fresh"])
    watch = page.locator(".ogr-watch").first
    stale = watch.locator("li[data-ogr-entry]:visible")
    assert stale.count() == 2, watch.inner_text()  # the commitment and the co-creation process
    assert "Open budget data" in watch.inner_text()
    assert not watch.locator("[data-ogr-when-none]").is_visible()
    assert watch.locator("[data-ogr-when-some]").is_visible()
    overdue = page.locator(".ogr-watch").nth(1)
    rows = overdue.locator("tr[data-ogr-entry]:visible")
    assert rows.count() == 1 and "First quarterly release" in rows.first.inner_text()
    assert rows.first.get_attribute("data-overdue") is not None
    assert not overdue.locator("[data-ogr-when-none]").is_visible()
    badge = page.locator(".ogr-plans [data-badge=overdue]")
    assert badge.is_visible() and badge.inner_text().startswith("1 ")
    commitment = open_page(desktop, sites["fresh"] + COMMITMENT)
    row = commitment.locator("#milestone-1\\.2")
    assert row.get_attribute("data-overdue") is not None
    assert row.locator("[data-badge=overdue]").is_visible()
    assert not commitment.locator("#milestone-1\\.3 [data-badge=overdue]").is_visible()  # due 2027-06-30


HOSTILE_EVIDENCE = {
    "notice.html": b"<html><body><script>window.ran = 'html'</script><img src=x onerror=\"window.ran='img'\"></body></html>",
    "chart.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="window.ran=\'svg\'"><script>window.ran=\'svg\'</script></svg>',
    "minutes.md": b"# Minutes\n\n<script>window.ran = 'md'</script>\n",
}


def test_no_script_from_content_runs_anywhere(chromium, tmp_path):
    """Hostile evidence, a hostile progress update and a hostile title, opened in Chromium: the
    pages, the evidence as published and the feed entries run none of it."""
    import json as _json

    from factory import COMMITMENT as C_YML, EVIDENCE_META

    hostile = "<img src=x onerror=\"window.ran='text'\"><script>window.ran='text'</script>"
    files = {**minimal_files(), "mkdocs.yml": MKDOCS_YML_FULL}
    files["content/plans/2025-2027/commitments/open-budget.yml"] = C_YML.replace(
        "progress: The standard was adopted by decree.", f"progress: {_json.dumps(hostile)}").replace(
        "title: Open budget data", f"title: {_json.dumps(hostile)}")
    files["evidence/2025-2027/open-budget/evidence.yml"] = EVIDENCE_META + "".join(
        f"  {name}: {{title: {_json.dumps(hostile)}, kind: other}}\n" for name in HOSTILE_EVIDENCE)
    for name, data in HOSTILE_EVIDENCE.items():
        files[f"evidence/2025-2027/open-budget/{name}"] = data
    Repo(tmp_path / "repo").commit("hostile", COMMITTED.isoformat(), files)
    site = browser.build_site(tmp_path / "repo", FRESH_BUILD)
    rss = (site / "feeds/rss.xml").read_text()
    with browser.serve(site) as url:
        ctx = chromium.new_context()
        try:
            opened = [""] + [p for p in PAGES.values() if p] + [
                f"evidence/2025-2027/open-budget/{n}" + (".txt" if not n.endswith(".md") else "") for n in HOSTILE_EVIDENCE]
            for path in opened:
                page = ctx.new_page()
                response = page.goto(url + path, wait_until="load")
                assert response.status == 200, path
                page.wait_for_timeout(100)
                assert page.evaluate("window.ran") is None, f"a script from the content ran on {path}"
                page.close()
            # a feed reader renders RSS descriptions and titles as HTML: so does this page
            page = ctx.new_page()
            page.goto(url, wait_until="load")
            import feedparser

            for entry in feedparser.parse(rss, sanitize_html=False).entries:
                for value in (entry.title, entry.description):
                    made = page.evaluate("(h) => { const d = document.createElement('div'); d.innerHTML = h; "
                                         "return d.querySelectorAll('img, script').length; }", value)
                    assert made == 0, value
            page.wait_for_timeout(100)
            assert page.evaluate("window.ran") is None
        finally:
            ctx.close()
