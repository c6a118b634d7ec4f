"""Content comes from many agencies: everything from data is escaped, and the site makes no
third-party request."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from conftest import mkdocs_build
from factory import COMMITMENT, EVIDENCE_META, PROCESS

C = "content/plans/2025-2027/commitments/open-budget.yml"
HOSTILE = "<script>alert(1)</script> [click](javascript:alert(2)) **bold** <img src=x onerror=alert(3)>"


def test_text_from_data_is_escaped_everywhere(repo):
    quoted = json.dumps(HOSTILE)
    repo.commit("hostile", "2026-05-02T10:00:00+00:00", {
        C: COMMITMENT.replace("title: Open budget data", f"title: {quoted}")
                     .replace("progress: The standard was adopted by decree.", f"progress: {quoted}"),
        "evidence/2025-2027/open-budget/evidence.yml": EVIDENCE_META.replace(
            "title: Decree adopting the open budget data standard", f"title: {quoted}"),
        "content/plans/2025-2027/process.yml": PROCESS.replace("title: First forum meeting", f"title: {quoted}"),
    })
    run = mkdocs_build(repo.root)
    assert run.code == 0, run.output
    pages = {p: p.read_text() for p in run.site.rglob("*.html")}
    shown = 0
    for path, html in pages.items():
        assert "<script>alert(1)" not in html, path
        assert "javascript:alert" not in html.replace("[click](javascript:alert(2))", ""), path
        assert not re.search(r'href="javascript:', html), path
        assert "<img src=x" not in html and "<img src=\"x\"" not in html, path
        assert "<strong>bold</strong>" not in html, path
        shown += html.count("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert shown >= 4  # title, progress, evidence title, meeting title, nav…
    page = pages[run.site / "plans/2025-2027/commitments/open-budget/index.html"]
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;" in page
    # feeds carry the text as text
    atom = (run.site / "feeds/atom.xml").read_text()
    assert "<script>" not in atom


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.loads: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source") and a.get("src"):
            self.loads.append(a["src"])
        if tag == "link" and a.get("href") and a.get("rel") not in ("alternate", "canonical"):
            self.loads.append(a["href"])


def test_pages_load_nothing_from_another_host(repo):
    run = mkdocs_build(repo.root)
    assert run.code == 0, run.output
    checked = 0
    for path in run.site.rglob("*.html"):
        parser = _Refs()
        parser.feed(path.read_text())
        for ref in parser.loads:
            assert not re.match(r"^(https?:)?//", ref), f"{path}: loads {ref}"
            checked += 1
        css = path.read_text()
        assert "fonts.googleapis.com" not in css and "fonts.gstatic.com" not in css
    assert checked > 50
