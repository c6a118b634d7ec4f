"""The evidence browser: a plan's evidence and every plan's, filtered and sorted in the page by
evidence.js (in Debian's Chromium), and read without JavaScript; a permalink per row; each
evidence item's own page with its citation meta tags (Dublin Core, Highwire), "cite this" text,
checksum and image preview, in every language, out of the navigation and of the search index.

The tests in Chromium are marked `browser` (they fail, never skip, without it); the others read
the built pages. One fixture repository, built once: two plans, a commitment and the co-creation process with
evidence of every kind of date (a day, a month, a quarter, a year, none), of several kinds and
languages, an image, a PDF, an SVG (published as text), an external link with an archived copy,
and, in the older plan, a hostile title.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

import browser
from factory import COMMITMENT, MKDOCS_YML, Repo, minimal_files


BUILT = 1780272000  # 2026-06-01T00:00:00Z
SITE_URL = "https://ogp.example/repo/"
EV = "evidence/2025-2027/open-budget/"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")
HOSTILE = """<img src=x onerror="window.ran='title'"> & "quotes" 'too'"""

EVIDENCE = """\
format: 2
files:
  decree.pdf:
    title: Decree adopting the open budget data standard
    date: 2026-03-20
    kind: regulation
    milestone: "1.1"
    language: en
  budget-2026-q1.csv:
    title: {en: Budget execution in the first quarter of 2026, fr: Exécution du budget au premier trimestre 2026}
    date: 2026-Q1
    kind: dataset
    milestone: "1.2"
    language: [en, fr]
    source: {en: National Statistics Office, fr: Office national de la statistique}
  portal.png:
    title: {en: The open budget portal's home page, fr: La page d'accueil du portail budgétaire ouvert}
    date: 2026-04
    kind: photo
    milestone: "1.3"
  chart.svg:
    title: {en: Chart of the budget by ministry, fr: Graphique du budget par ministère}
    date: 2026-02-10
    kind: technical-document
    milestone: "1.2"
    language: en
  notes.txt:
    title: {en: Notes of the working group, fr: Notes du groupe de travail}
    kind: minutes
    language: fr
links:
  - id: budget-law
    title: {en: The Budget Law on the parliament's website, fr: La loi de finances sur le site du parlement}
    url: https://parliament.example/budget-law-2025
    archived_url: https://web.archive.example/2025/https://parliament.example/budget-law-2025
    date: "2025"
    kind: regulation
    language: fr
"""

OLD_PLAN = """\
format: 2
title: {en: First National Action Plan, fr: Premier plan d'action national}
start: 2023-09-01
end: 2025-08-31
phase: implementation
"""

OLD_COMMITMENT = COMMITMENT.replace("title: Open budget data", "title: Open procurement").replace(
    "start: 2025-09-01\nend: 2027-06-30", "start: 2023-09-01\nend: 2025-06-30").replace(
    "title: Open data standard adopted", f"title: {json.dumps(HOSTILE)}").replace(
    "    start: 2025-09-01\n    end: 2026-03-31", "    start: 2023-09-01\n    end: 2024-03-31").replace(
    "    start: 2026-01-01\n    end: 2026-06-30", "    start: 2024-01-01\n    end: 2024-06-30").replace(
    "    start: 2026-06-01\n    end: 2027-06-30", "    start: 2024-06-01\n    end: 2025-06-30").replace(
    "  - date: 2026-04-15\n    period: {start: 2025-09-01, end: 2026-03-31}",
    "  - date: 2025-04-15\n    period: {start: 2023-09-01, end: 2025-03-31}").replace(
    "evidence: [decree.pdf]", "evidence: [report.pdf]")

OLD_EVIDENCE = f"""\
format: 2
files:
  report.pdf:
    title: {json.dumps(HOSTILE)}
    date: 2024-06-01
    kind: monitoring-report
    milestone: "1.1"
    language: en
"""

# the plan's evidence page, newest first: the day a month or quarter ends places it; no date last
NEWEST_FIRST = ["open-budget/portal.png", "open-budget/budget-2026-q1.csv", "open-budget/decree.pdf",
                "open-budget/chart.svg", "open-budget/budget-law", "process/action-plan.pdf",
                "process/minutes.txt", "open-budget/notes.txt"]
PLAN_PAGE = "plans/2025-2027/evidence/"
ALL_PAGE = "all-evidence/"


def files() -> dict:
    out = minimal_files()
    out["mkdocs.yml"] = MKDOCS_YML.replace("  - attr_list\n", "  - attr_list\n  - toc: {permalink: true}\n")
    out[EV + "evidence.yml"] = EVIDENCE
    out[EV + "budget-2026-q1.csv"] = "quarter,spent\n2026-Q1,120\n"
    out[EV + "portal.png"] = PNG
    out[EV + "chart.svg"] = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>\n'
    out[EV + "notes.txt"] = "Notes du groupe de travail.\n"
    out["content/plans/2023-2025/plan.yml"] = OLD_PLAN
    out["content/plans/2023-2025/commitments/open-procurement.yml"] = OLD_COMMITMENT
    out["evidence/2023-2025/open-procurement/evidence.yml"] = OLD_EVIDENCE
    out["evidence/2023-2025/open-procurement/report.pdf"] = b"%PDF-1.4\n% report\n"
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("evidence-browser") / "repo"
    Repo(root).commit("Publish the repository", "2026-05-01T10:00:00+02:00", files())
    return browser.build_site(root, BUILT)


@pytest.fixture(scope="module")
def url(site):
    with browser.serve(site) as address:
        yield address


@pytest.fixture
def context(chromium):
    ctx = chromium.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    yield ctx
    ctx.close()


def open_page(context, address: str):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(address, wait_until="load")
    assert not errors, f"JavaScript errors on {address}: {errors}"
    return page


def shown_rows(page) -> list[str]:
    """The ids of the rows a reader sees, in the order shown, without the 'evidence-' prefix."""
    return [i.removeprefix("evidence-") for i in page.evaluate(
        "() => Array.from(document.querySelectorAll('#ogr-evidence-list tbody tr'))"
        ".filter((r) => r.getClientRects().length > 0).map((r) => r.id)")]


def count_text(page) -> str:
    return page.locator("[data-ogr-count]").inner_text()


def choose(page, name: str, value: str):
    page.locator(f"form.ogr-filters select[name={name}]").select_option(value)


# --- in the browser --------------------------------------------------------------------------

@pytest.mark.browser
def test_the_filters_show_exactly_the_matching_rows(context, url):
    page = open_page(context, url + PLAN_PAGE)
    form = page.locator("form.ogr-filters")
    assert form.is_visible()
    assert shown_rows(page) == NEWEST_FIRST
    assert count_text(page) == "8 of 8 items shown"
    choose(page, "kind", "regulation")
    assert shown_rows(page) == ["open-budget/decree.pdf", "open-budget/budget-law"]
    assert count_text(page) == "2 of 8 items shown"
    assert page.locator("[data-ogr-count]").get_attribute("role") == "status"  # read out when it changes
    page.get_by_role("button", name="Show all").click()
    page.wait_for_function("() => !document.querySelector('form.ogr-filters select[name=kind]').value")
    assert shown_rows(page) == NEWEST_FIRST and count_text(page) == "8 of 8 items shown"
    # a language: the items in it, one of several languages included
    choose(page, "language", "fr")
    assert shown_rows(page) == ["open-budget/budget-2026-q1.csv", "open-budget/budget-law", "open-budget/notes.txt"]
    choose(page, "language", "")
    # a commitment, then one of its milestones
    choose(page, "item", "2025-2027/process")
    assert shown_rows(page) == ["process/action-plan.pdf", "process/minutes.txt"]
    choose(page, "item", "2025-2027/open-budget")
    choose(page, "milestone", "2025-2027/open-budget/1.2")
    assert shown_rows(page) == ["open-budget/budget-2026-q1.csv", "open-budget/chart.svg"]
    assert count_text(page) == "2 of 8 items shown"


@pytest.mark.browser
def test_years_hold_dates_of_every_precision_and_undated_items_only_under_no_date(context, url):
    page = open_page(context, url + PLAN_PAGE)
    choose(page, "year", "2026")  # a day, a month (2026-04) and a quarter (2026-Q1) of 2026
    assert shown_rows(page) == NEWEST_FIRST[:4]
    choose(page, "year", "2025")  # a year known only as 2025, two days
    assert shown_rows(page) == ["open-budget/budget-law", "process/action-plan.pdf", "process/minutes.txt"]
    choose(page, "year", "none")
    assert shown_rows(page) == ["open-budget/notes.txt"]
    options = page.locator("select[name=year] option").evaluate_all("(os) => os.map((o) => o.value)")
    assert options == ["", "2026", "2025", "none"]


@pytest.mark.browser
def test_the_order_reverses_with_undated_items_last(context, url):
    page = open_page(context, url + PLAN_PAGE)
    choose(page, "order", "oldest")
    assert shown_rows(page) == NEWEST_FIRST[-2::-1] + NEWEST_FIRST[-1:]
    choose(page, "kind", "regulation")
    assert shown_rows(page) == ["open-budget/budget-law", "open-budget/decree.pdf"]
    choose(page, "order", "newest")
    assert shown_rows(page) == ["open-budget/decree.pdf", "open-budget/budget-law"]


@pytest.mark.browser
def test_choices_are_kept_in_the_address_and_narrow_each_other(context, url):
    page = open_page(context, url + ALL_PAGE + "?kind=regulation&order=oldest")
    assert shown_rows(page) == ["2025-2027/open-budget/budget-law", "2025-2027/open-budget/decree.pdf"]
    assert count_text(page) == "2 of 9 items shown"
    choose(page, "kind", "")
    choose(page, "plan", "2023-2025")
    assert shown_rows(page) == ["2023-2025/open-procurement/report.pdf"]
    assert "plan=2023-2025" in page.url and "order=oldest" in page.url and "kind=" not in page.url
    # the commitments and milestones of the other plan are not offered
    assert page.locator('select[name=item] optgroup[data-parent="2025-2027"]').get_attribute("disabled") is not None
    assert page.locator('select[name=item] optgroup[data-parent="2023-2025"]').get_attribute("disabled") is None
    other = page.locator('select[name=milestone] optgroup[data-parent="2025-2027/open-budget"]')
    assert other.get_attribute("disabled") is not None
    # a choice the other plan rules out is dropped
    choose(page, "plan", "")
    choose(page, "item", "2025-2027/open-budget")
    choose(page, "plan", "2023-2025")
    assert page.locator("select[name=item]").input_value() == ""


@pytest.mark.browser
def test_a_permalink_targets_its_row_even_when_the_filters_hide_it(context, url):
    anchor = "evidence-open-budget/decree.pdf"
    page = open_page(context, url + PLAN_PAGE + "#" + anchor)
    assert page.evaluate("() => document.querySelector(':target').id") == anchor
    top = page.evaluate(f"() => document.getElementById({json.dumps(anchor)}).getBoundingClientRect().top")
    assert 0 <= top < 900, top
    link = page.locator(f'[id="{anchor}"] a.ogr-permalink')
    assert link.is_visible() and link.get_attribute("href") == "#" + anchor
    # opened with filters that hide the row: the row is shown, with every other
    page = open_page(context, url + PLAN_PAGE + "?kind=dataset#" + anchor)
    assert page.locator(f'[id="{anchor}"]').is_visible()
    assert count_text(page) == "8 of 8 items shown"
    # the list of every plan has its own anchors, with the plan
    page = open_page(context, url + ALL_PAGE + "#evidence-2025-2027/open-budget/decree.pdf")
    assert page.evaluate("() => document.querySelector(':target').id") == "evidence-2025-2027/open-budget/decree.pdf"


@pytest.mark.browser
@pytest.mark.parametrize("path", [PLAN_PAGE, ALL_PAGE])
def test_without_javascript_every_row_is_there_newest_first(chromium, url, path):
    ctx = chromium.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = ctx.new_page()
        page.goto(url + path)
        assert not page.locator("form.ogr-filters").is_visible(), "no controls that do nothing"
        rows = shown_rows(page)
        if path == PLAN_PAGE:
            assert rows == NEWEST_FIRST
        else:
            assert rows == ["2025-2027/" + r for r in NEWEST_FIRST[:-1]] + [
                "2023-2025/open-procurement/report.pdf", "2025-2027/open-budget/notes.txt"]
        assert page.locator("#ogr-evidence-list tbody tr").count() == len(rows)
    finally:
        ctx.close()


@pytest.mark.browser
def test_no_script_from_a_hostile_title_runs(context, url):
    for path in (ALL_PAGE, "plans/2023-2025/evidence/", "plans/2023-2025/evidence/open-procurement/report.pdf/"):
        page = open_page(context, url + path)
        page.wait_for_timeout(100)
        assert page.evaluate("window.ran") is None, path
        assert HOSTILE in page.locator("article").inner_text() or HOSTILE in page.locator(
            "select[name=milestone]").inner_text(), path


# --- the built pages -------------------------------------------------------------------------

class _Head(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str]] = []
        self.images: list[dict] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name"):
            self.meta.append((a["name"], a.get("content")))
        if tag == "img":
            self.images.append(a)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])


def parsed(site: Path, page: str) -> tuple[str, _Head]:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    head = _Head()
    head.feed(html)
    return html, head


def meta(head: _Head, name: str) -> list[str]:
    return [content for n, content in head.meta if n == name]


def landing(item: str, name: str, plan: str = "2025-2027") -> str:
    return f"plans/{plan}/evidence/{item}/{name}/"


def test_an_evidence_page_carries_its_citation(site):
    html, head = parsed(site, landing("open-budget", "decree.pdf"))
    page_url = SITE_URL + landing("open-budget", "decree.pdf")
    assert meta(head, "citation_title") == meta(head, "DC.title") == ["Decree adopting the open budget data standard"]
    assert meta(head, "DC.date") == ["2026-03-20"] and meta(head, "citation_publication_date") == ["2026/03/20"]
    assert meta(head, "citation_author") == meta(head, "DC.creator") == ["Ministry of Finance"]  # the lead agency
    assert meta(head, "citation_publisher") == meta(head, "DC.publisher") == ["Republic of Testland"]
    assert meta(head, "citation_language") == meta(head, "DC.language") == ["en"]
    assert meta(head, "citation_pdf_url") == [SITE_URL + EV + "decree.pdf"]
    assert meta(head, "citation_public_url") == meta(head, "DC.identifier") == [page_url]
    assert meta(head, "DC.format") == ["application/pdf"]
    assert hashlib_of(site, EV + "decree.pdf") in html
    cite = re.search(r'<p class="ogr-cite">(.*?)</p>', html, re.S).group(1)
    assert cite == ("Ministry of Finance (March 20, 2026). Decree adopting the open budget data standard. "
                    f"Test Repository. {page_url}")
    assert '<time datetime="2026-05-01T10:00:00+02:00">' in html  # added to the repository
    assert 'href="../../../commitments/open-budget/#milestone-1.1"' in html
    assert 'href="../../#evidence-open-budget/decree.pdf"' in html  # its row on the plan's list


@pytest.mark.parametrize("item, name, dc_date, highwire", [
    ("open-budget", "portal.png", "2026-04", "2026/04"),              # a month
    ("open-budget", "budget-2026-q1.csv", "2026", "2026"),            # a quarter has no form: its year
    ("open-budget", "budget-law", "2025", "2025"),                    # a year; a web link
    ("open-budget", "notes.txt", None, None),                         # no date
])
def test_dates_at_their_own_precision_and_pdf_urls_only_for_pdfs(site, item, name, dc_date, highwire):
    html, head = parsed(site, landing(item, name))
    assert meta(head, "DC.date") == ([dc_date] if dc_date else [])
    assert meta(head, "citation_publication_date") == ([highwire] if highwire else [])
    assert meta(head, "citation_pdf_url") == []
    if name == "budget-2026-q1.csv":  # its source is the author; two languages
        assert meta(head, "citation_author") == ["National Statistics Office"]
        assert meta(head, "DC.language") == ["en", "fr"]
    if name == "budget-law":
        assert "SHA-256" not in html and "https://parliament.example/budget-law-2025" in head.links
        assert "https://web.archive.example/2025/https://parliament.example/budget-law-2025" in head.links
    if name == "notes.txt":
        assert "(n.d.)" in html


def test_images_are_shown_as_thumbnails_and_previews_and_nothing_else_is(site):
    _, head = parsed(site, landing("open-budget", "portal.png"))
    preview = [i for i in head.images if i.get("src", "").endswith("portal.png")]
    assert len(preview) == 1 and preview[0]["loading"] == "lazy"
    assert (site / landing("open-budget", "portal.png") / unquote(preview[0]["src"])).resolve().is_file()
    for name in ("decree.pdf", "chart.svg", "budget-law"):  # an SVG is published as text: never an image
        _, head = parsed(site, landing("open-budget", name))
        assert not [i for i in head.images if "evidence/" in i.get("src", "")], name
    for page in (PLAN_PAGE, ALL_PAGE, "plans/2025-2027/commitments/open-budget/"):
        html, head = parsed(site, page)
        thumbs = [i for i in head.images if "ogr-thumb" in i.get("class", "")]
        assert [urlsplit(i["src"]).path.rsplit("/", 1)[-1] for i in thumbs] == ["portal.png"], page
        assert thumbs[0]["alt"] == "" and thumbs[0]["loading"] == "lazy"


def test_every_row_leads_to_its_page_in_every_language(site):
    for language in ("", "fr/"):
        for page in (PLAN_PAGE, ALL_PAGE, "plans/2025-2027/commitments/open-budget/"):
            html = (site / language / page / "index.html").read_text(encoding="utf-8")
            rows = re.findall(r"<tr id=\"evidence-[^\"]+\".*?</tr>", html, re.S)
            assert len(rows) == {PLAN_PAGE: 8, ALL_PAGE: 9}.get(page, 6), page
            for row in rows:
                targets = re.findall(r'<small data-search-exclude><a href="([^"]+)">', row)
                assert len(targets) == 1, row[:200]
                found = urljoin(f"/{language}{page}", targets[0])
                assert (site / found.lstrip("/") / "index.html").is_file(), found
    # the French page of an item: French labels and texts, the file one folder up, the meta in French
    html, head = parsed(site, "fr/" + landing("open-budget", "budget-2026-q1.csv"))
    assert meta(head, "citation_title") == ["Exécution du budget au premier trimestre 2026"]
    assert meta(head, "citation_public_url") == [SITE_URL + "fr/" + landing("open-budget", "budget-2026-q1.csv")]
    download = re.search(r'<a href="([^"]+)" download>budget-2026-q1.csv</a>', html).group(1)
    assert (site / "fr" / landing("open-budget", "budget-2026-q1.csv") / download).resolve() == \
        (site / EV / "budget-2026-q1.csv").resolve()


def test_item_pages_are_out_of_the_navigation_and_the_search_index(site):
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    locations = {d["location"].split("#")[0] for d in docs}
    assert not [loc for loc in locations if re.match(r"plans/[^/]+/evidence/.", loc)]
    assert PLAN_PAGE in locations and ALL_PAGE in locations
    text = {page: " ".join(d["text"] for d in docs if d["location"].startswith(page)) for page in (PLAN_PAGE, ALL_PAGE)}
    assert "Decree adopting" in text[PLAN_PAGE] and "Decree adopting" not in text[ALL_PAGE]  # found once, not twice
    html, _ = parsed(site, "about/")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>\s*</div>\s*</div>', html, re.S).group(0)
    assert "evidence/open-budget/" not in nav
    titles = [re.sub(r"\s+", " ", re.sub("<[^>]+>", "", t)).strip() for t in re.findall(
        r'<(?:a|label)[^>]*class="md-nav__link[^"]*"[^>]*>(.*?)</(?:a|label)>', nav, re.S)]
    top = [t for t in titles if t in ("Plans", "Evidence")]
    assert top[0] == "Plans" and top[-1] == "Evidence", titles  # every plan's evidence, after the plans
    sitemap = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text())
    assert len([loc for loc in sitemap if "/evidence/open-budget/" in loc]) == 6  # search engines find them


def test_a_hostile_title_is_text_everywhere(site):
    landing_page = landing("open-procurement", "report.pdf", "2023-2025")
    for page in (ALL_PAGE, "plans/2023-2025/evidence/", landing_page, "fr/" + landing_page):
        html, head = parsed(site, page)
        assert "<img src=x" not in html, page  # never a tag; in attributes, quotes are escaped (meta below)
        assert "&lt;img src=x onerror=" in html, page
    _, head = parsed(site, landing_page)
    assert meta(head, "citation_title") == meta(head, "DC.title") == [HOSTILE]
    html, _ = parsed(site, ALL_PAGE)
    option = re.search(r'<option value="2023-2025/open-procurement/1.1">([^<]*)</option>', html).group(1)
    assert option.startswith("1.1: &lt;img src=x onerror=&#34;window.ran=&#39;title&#39;&#34;&gt; &amp;"), option


def hashlib_of(site: Path, path: str) -> str:
    import hashlib

    return hashlib.sha256((site / path).read_bytes()).hexdigest()
