"""Statuses that tell the truth: what nobody reported stays unknown, what was not finished stays
flagged after the plan ends, the home page never contradicts itself, one date format."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

from conftest import mkdocs_build, ogrepo
from factory import COMMITMENT, MKDOCS_YML, PLAN

C = "content/plans/2025-2027/commitments/open-budget.yml"
PAGE = "plans/2025-2027/commitments/open-budget/index.html"
DECEMBER = 1796083200  # 2026-12-01T00:00:00Z
# the fixture's plan (2025-09 to 2027-08), ended early in 2026 with two of three milestones unfinished
ENDED = PLAN.replace("phase: implementation", "phase: ended").replace("end: 2027-08-31", "end: 2026-10-31")
NO_REPORT = COMMITMENT.replace("    completion: limited\n", "")


def data(site) -> dict:
    return json.loads((site / "data/repository.json").read_text(encoding="utf-8"))


def text_of(html: str) -> str:
    """The visible text, roughly: tags out, entities decoded, hidden elements kept (callers check)."""
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts))


VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}


class _Text(HTMLParser):
    """Text outside <script>, <style> and elements marked hidden."""

    def __init__(self):
        super().__init__()
        self.parts, self.stack = [], []  # stack: (tag, hides)

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, tag in ("script", "style") or "hidden" in dict(attrs)))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not any(hides for _, hides in self.stack):
            self.parts.append(data)


def rows(site, name):
    return list(csv.DictReader(io.StringIO((site / "data" / name).read_text(encoding="utf-8"))))


def test_an_ended_plan_keeps_its_unfinished_milestones_flagged(repo):
    repo.commit("the plan ended", "2026-11-02T10:00:00+00:00", {"content/plans/2025-2027/plan.yml": ENDED,
                                                             C: COMMITMENT.replace("end: 2027-06-30", "end: 2026-10-31")
                                                             .replace("end: 2027-06-30", "end: 2026-10-31")})
    run = mkdocs_build(repo.root, now=DECEMBER)
    assert run.code == 0, run.output
    milestones = {m["id"]: m for m in data(run.site)["plans"][0]["commitments"][0]["milestones"]}
    assert [milestones[i]["overdue"] for i in ("1.1", "1.2", "1.3")] == [False, True, True]
    assert {r["milestone"]: r["overdue"] for r in rows(run.site, "milestones.csv")} == {
        "1.1": "false", "1.2": "true", "1.3": "true"}
    home = (run.site / "index.html").read_text()
    unfinished = home[home.index('id="unfinished-2025-2027"'):home.index('id="contacts"')]
    assert "First quarterly release" in unfinished and "Portal launched" in unfinished
    assert "Open data standard adopted" not in unfinished  # finished
    page = (run.site / PAGE).read_text()
    row = re.search(r'<tr id="milestone-1.2"[^>]*>.*?</tr>', page).group(0)
    assert "data-overdue" in row and "not finished when the plan ended" in row
    check = ogrepo(repo.root, "check", "--stale", now=DECEMBER)
    assert "overdue: 2025-2027/open-budget milestone 1.2: planned end 2026-06-30, status in-progress, " \
           "not finished when the plan ended (2026-10-31)" in check.out
    assert "milestone 1.3" in check.out and "milestone 1.1" not in check.out


def test_nothing_reported_is_not_reported_yet_never_not_started(repo):
    repo.commit("no completion level yet", "2026-05-02T10:00:00+00:00", {C: NO_REPORT})
    run = mkdocs_build(repo.root, now=DECEMBER)
    assert run.code == 0, run.output
    c = data(run.site)["plans"][0]["commitments"][0]
    assert c["status"] == "not-reported"
    assert {m["id"]: m["status"] for m in c["milestones"]} == {"1.1": "finished", "1.2": "in-progress",
                                                               "1.3": "not-reported"}
    assert {r["milestone"]: r["status"] for r in rows(run.site, "milestones.csv")}["1.3"] == "not-reported"
    assert rows(run.site, "commitments.csv")[0]["status"] == "not-reported"
    page = text_of((run.site / PAGE).read_text())
    assert "Completion (self-reported) Not reported yet" in page
    assert re.search(r"1\.3 Portal launched [^.]*? Not reported yet", page)
    listing = text_of((run.site / "plans/2025-2027/commitments/index.html").read_text())
    assert "Not reported yet" in listing and "Not started" not in listing
    assert "Not started" not in page


def test_the_home_page_states_one_rule(repo):
    repo.commit("quarterly", "2026-05-02T10:00:00+00:00", {"mkdocs.yml": MKDOCS_YML.replace(
        "tag_authority: ogp.example,2024", "tag_authority: ogp.example,2024\n      stale_after_months: 3")})
    run = mkdocs_build(repo.root, now=DECEMBER)
    assert run.code == 0, run.output
    home = text_of((run.site / "index.html").read_text())
    months = set(re.findall(r"every (\w+) months|(?:in the last|more than) (\w+) months", home))
    assert months and all("3" in pair for pair in months), months
    assert "6 months" not in home and "six months" not in home


def test_one_date_format_on_every_page(repo):
    run = mkdocs_build(repo.root, now=DECEMBER)
    assert run.code == 0, run.output
    shown = []
    for path in run.site.rglob("*.html"):
        if path.relative_to(run.site).parts[0] == "fr":
            continue  # the French site: French dates (test_languages)
        html = path.read_text()
        shown += re.findall(r'<time datetime="[^"]+">([^<]+)</time>', html)
        body = text_of(html[html.index("<article"):html.index("</article>")]) if "<article" in html else ""
        iso = [d for d in re.findall(r"\b\d{4}-\d{2}-\d{2}\b", body)]
        assert not iso, f"{path}: dates written as {iso[:3]}"
    assert len(shown) > 30
    bad = [s for s in shown if not re.fullmatch(r"(January|February|March|April|May|June|July|August|September|"
                                                r"October|November|December) \d{1,2}, \d{4}", s)]
    assert not bad, bad[:5]
    page = (run.site / PAGE).read_text()
    assert "Update of April 15, 2026" in page and 'id="update-2026-04-15"' in page
