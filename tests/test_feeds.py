"""Feeds a researcher can trust: evidence dated by the document's own date (at the precision it is
written, never a day nobody gave), progress updates that carry their completion level, the
milestones whose status they changed and links to the evidence they cite. Parsed with feedparser,
as a feed reader would."""

from __future__ import annotations

import html
import re

import feedparser
import pytest
from conftest import mkdocs_build
from factory import COMMITMENT, EVIDENCE_META, Repo, minimal_files

C = "content/plans/2025-2027/commitments/open-budget.yml"
EV = "evidence/2025-2027/open-budget/"
FEED = "plans/2025-2027/commitments/open-budget/atom.xml"
TAG = "tag:ogp.example,2024:"
UPDATES = COMMITMENT.replace("""updates:
  - date: 2026-04-15""", """updates:
  - date: 2026-02-10
    progress: The draft standard went to public comment.
    milestones: {"1.1": in-progress}
    completion: limited
  - date: 2026-04-15""")
META = EVIDENCE_META + """\
  monthly-report.pdf: {title: Monthly report of May, date: 2026-05, kind: monitoring-report}
  study.pdf: {title: Baseline study, date: 2025-Q4, kind: baseline-document}
  poster.pdf: {title: Campaign poster, kind: other}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    repo = Repo(tmp_path_factory.mktemp("feeds") / "repo")
    repo.commit("publish", "2026-05-01T10:00:00+02:00", {
        **minimal_files(), C: UPDATES, EV + "evidence.yml": META, EV + "monthly-report.pdf": b"%PDF-1.4\n% may\n",
        EV + "study.pdf": b"%PDF-1.4\n% study\n", EV + "poster.pdf": b"%PDF-1.4\n% poster\n"})
    run = mkdocs_build(repo.root)
    assert run.code == 0, run.output
    return run.site


def parsed(site, path: str, **options):
    feed = feedparser.parse((site / path).read_bytes(), **options)
    assert not feed.bozo, feed.bozo_exception
    return {e.id: e for e in feed.entries}


def test_evidence_is_dated_by_the_document_not_by_its_commit(site):
    entries = parsed(site, FEED)
    # the decree is of 20 March; it was committed on 1 May
    decree = entries[TAG + "evidence/2025-2027/open-budget/decree.pdf"]
    assert decree.published.startswith("2026-03-20") and decree.updated.startswith("2026-03-20")
    assert "Date of the document: March 20, 2026" in decree.summary
    # known to the month, committed within it: the commit gives the moment
    monthly = entries[TAG + "evidence/2025-2027/open-budget/monthly-report.pdf"]
    assert monthly.published == "2026-05-01T10:00:00+02:00"  # the commit, in its own time zone
    assert "Date of the document: May 2026" in monthly.summary
    # known to the quarter, committed months later: the quarter's first day, and the date as written
    study = entries[TAG + "evidence/2025-2027/open-budget/study.pdf"]
    assert study.published.startswith("2025-10-01")
    assert "Date of the document: Q4 2025" in study.summary
    assert '<a href="https://ogp.example/repo/evidence/2025-2027/open-budget/study.pdf">Baseline study</a>' in \
        study.content[0].value
    # no date at all: when it was added, said so
    poster = entries[TAG + "evidence/2025-2027/open-budget/poster.pdf"]
    assert poster.published == "2026-05-01T10:00:00+02:00"
    assert "Added to the repository on May 1, 2026" in poster.summary
    # newest first, by those dates
    stamps = [e.published_parsed for e in entries.values()]
    assert stamps == sorted(stamps, reverse=True)


def test_an_update_carries_its_completion_its_milestone_changes_and_its_evidence(site):
    for path in (FEED, "feeds/atom.xml"):
        entry = parsed(site, path)[TAG + "plans/2025-2027/commitments/open-budget/updates/2026-04-15"]
        content = entry.content[0]
        assert content.type == "text/html"
        assert "<p>Completion: Limited</p>" in content.value
        assert "<p>The standard was adopted by decree.</p>" in content.value
        # against the report before: 1.1 was in progress in February; 1.2 is reported for the first time
        assert "<li>1.1: In progress \u2192 Finished</li>" in content.value
        assert "<li>1.2: In progress</li>" in content.value
        assert '<a href="https://ogp.example/repo/evidence/2025-2027/open-budget/decree.pdf">Decree adopting the ' \
               'open budget data standard</a>' in content.value
        # the summary says the same as text
        assert entry.summary_detail.type == "text/plain"
        assert "1.1: In progress \u2192 Finished" in entry.summary.splitlines()
    earlier = parsed(site, FEED)[TAG + "plans/2025-2027/commitments/open-budget/updates/2026-02-10"]
    assert "<li>1.1: In progress</li>" in earlier.content[0].value and "Evidence" not in earlier.content[0].value


def test_rss_readers_get_the_same_content_as_html(site):
    entry = parsed(site, "feeds/rss.xml", sanitize_html=False)[
        TAG + "plans/2025-2027/commitments/open-budget/updates/2026-04-15"]
    assert entry.summary_detail.type == "text/html"
    assert "<li>1.1: In progress \u2192 Finished</li>" in entry.description
    assert re.search(r'<a href="https://ogp\.example/repo/evidence/2025-2027/open-budget/decree\.pdf">', entry.description)


def test_the_french_feed_says_it_in_french_with_the_same_ids(site):
    en, fr = parsed(site, FEED), parsed(site, "fr/" + FEED)
    assert en.keys() == fr.keys()
    study = fr[TAG + "evidence/2025-2027/open-budget/study.pdf"]
    assert study.published.startswith("2025-10-01")
    assert "T4 2025" in html.unescape(study.summary)  # the quarter as the French write it
