"""What readers find on the generated pages: search results that show the content, titles written
once whatever their characters, feeds declared once, `mkdocs serve` following evidence changes."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser

from conftest import env, mkdocs_build
from factory import COMMITMENT, PLAN

C = "content/plans/2025-2027/commitments/open-budget.yml"
DECEMBER = 1796083200  # 2026-12-01T00:00:00Z: the fixture is stale by then


def search_docs(site) -> list[dict]:
    return json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]


def test_search_indexes_what_a_reader_looks_for(repo):
    repo.commit("an OGP id", "2026-05-02T10:00:00+00:00",
                {C: COMMITMENT.replace("title: Open budget data", "ogp_id: TL0016\ntitle: Open budget data")})
    run = mkdocs_build(repo.root, now=DECEMBER)
    assert run.code == 0, run.output
    docs = [d for d in search_docs(run.site) if d["location"].startswith("plans/2025-2027/commitments/open-budget/")]
    text = " ".join(d["text"] for d in docs)
    page = docs[0]
    assert page["title"] == "Open budget data"
    # the stale banner is on the page (built in December), not in the results
    assert "data-stale" in (run.site / "plans/2025-2027/commitments/open-budget/index.html").read_text()
    assert "Needs an update" not in text and "has not been updated since" not in text
    assert "Last updated" not in text and "needs an update" not in text
    assert not re.search(r"\b[0-9a-f]{64}\b", text), "checksums are not search results"
    # fields and cells are words apart, not glued together
    assert "OGP id TL0016" in text, page["text"][:300]
    assert "Period September 1, 2025 to June 30, 2027" in text
    assert re.search(r"1\.1 Open data standard adopted September 1, 2025", text)
    assert "Budi Lead budi@finance.example" in text
    assert "The standard was adopted by decree." in text  # the content is still found


class _Labels(HTMLParser):
    """Every text and label a reader or screen reader gets: text nodes, aria-label, title."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.texts += [v for k, v in attrs if k in ("aria-label", "title") and v]

    def handle_data(self, data):
        self.texts.append(data.strip())


def test_titles_with_quotes_and_ampersands_are_written_once(repo):
    title = """Plan d'action "ouvert" & <transparent>"""
    repo.commit("a French title", "2026-05-02T10:00:00+00:00", {
        "content/plans/2025-2027/plan.yml": PLAN.replace(
            "title: {en: Second National Action Plan, fr: Deuxième plan d'action national}",
            f"title: {json.dumps(title)}"),
        C: COMMITMENT.replace("title: Open budget data", f"title: {json.dumps(title)}"),
    })
    run = mkdocs_build(repo.root)
    assert run.code == 0, run.output
    for page in ("index.html", "plans/2025-2027/index.html", "plans/2025-2027/commitments/open-budget/index.html"):
        html = (run.site / page).read_text()
        parser = _Labels()
        parser.feed(html)
        shown = [t for t in parser.texts if "action" in t and "Plan d" in t]
        assert shown, page
        assert any(title in t for t in shown), (page, shown)
        broken = [t for t in shown if "&#39;" in t or "&amp;" in t or "&lt;" in t or "&#34;" in t or "&quot;" in t]
        assert not broken, (page, broken)
        assert "<transparent>" not in html  # still escaped in the HTML itself


def test_feeds_are_declared_once_in_each_head(repo):
    run = mkdocs_build(repo.root)
    assert run.code == 0, run.output
    for path in run.site.rglob("*.html"):
        head = path.read_text().split("</head>")[0]
        hrefs = re.findall(r'<link rel="alternate" type="application/(?:atom|rss)\+xml"[^>]*href="([^"]+)"', head)
        assert len(hrefs) == len(set(hrefs)), (path, hrefs)
        # beside every feed a page declares, the sitemap Material's script looks for exists
        for href in hrefs:
            target = run.site / href.removeprefix("/repo/") if href.startswith("/") else path.parent / href
            folder = target.resolve().parent
            assert (folder / "sitemap.xml").is_file(), (path, href)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except OSError:
        return None


def test_serve_rebuilds_when_evidence_changes(repo):
    port = _free_port()
    base = f"http://127.0.0.1:{port}/repo/"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=repo.root,
                              env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        decree = base + "evidence/2025-2027/open-budget/decree.pdf"
        deadline = time.monotonic() + 60
        while _get(decree) is None and time.monotonic() < deadline:
            time.sleep(0.3)
        assert _get(decree) == b"%PDF-1.4\n% decree\n", "mkdocs serve did not start"
        repo.path("evidence/2025-2027/open-budget/decree.pdf").write_bytes(b"%PDF-1.4\n% decree, signed\n")
        deadline = time.monotonic() + 60
        while _get(decree) != b"%PDF-1.4\n% decree, signed\n" and time.monotonic() < deadline:
            time.sleep(0.3)
        assert _get(decree) == b"%PDF-1.4\n% decree, signed\n", "the change in evidence/ was not rebuilt"
        data = json.loads(_get(base + "data/repository.json"))
        item = next(e for e in data["plans"][0]["commitments"][0]["evidence"] if e["id"] == "decree.pdf")
        assert item["bytes"] == len(b"%PDF-1.4\n% decree, signed\n")
    finally:
        server.terminate()
        server.wait(10)


def test_a_plan_too_long_for_the_menu_lists_its_commitments_on_its_page(repo):
    """Material writes the whole navigation into every page: 41 commitments are listed on the plan's
    commitments page and stay out of the menu, which keeps the plan's pages; every page is built."""
    many = {f"content/plans/2025-2027/commitments/budget-{n:02}.yml":
            COMMITMENT.replace("title: Open budget data", f"title: Budget topic {n:02}")
            .replace("    evidence: [decree.pdf]\n", "") for n in range(1, 41)}
    repo.commit("forty more commitments", "2026-05-02T10:00:00+02:00", many)
    run = mkdocs_build(repo.root)
    assert run.code == 0, run.output
    about = (run.site / "about/index.html").read_text()
    nav = about.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "Budget topic 07" not in nav and "Open budget data" not in nav
    assert 'href="../plans/2025-2027/commitments/"' in nav  # the list of commitments is in the menu
    listing = (run.site / "plans/2025-2027/commitments/index.html").read_text()
    for n in range(1, 41):
        assert f'href="budget-{n:02}/"' in listing
        assert (run.site / f"plans/2025-2027/commitments/budget-{n:02}/index.html").is_file()
    assert len(about) < 60_000, len(about)
