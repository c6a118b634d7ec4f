"""Freshness, overdue milestones, feeds and reproducible builds, on real builds."""

from __future__ import annotations

import filecmp
import json
import re
from pathlib import Path

import feedparser
from conftest import mkdocs_build, ogrepo
from factory import COMMITMENT, PLAN, minimal_files

C = "content/plans/2025-2027/commitments/open-budget.yml"
PAGE = "plans/2025-2027/commitments/open-budget/index.html"
# the fixture is committed on 2026-05-01; six months later is 2026-11-01
JUNE = 1780272000  # 2026-06-01T00:00:00Z
DECEMBER = 1796083200  # 2026-12-01T00:00:00Z


def data(site: Path) -> dict:
    return json.loads((site / "data/repository.json").read_text(encoding="utf-8"))


def test_fresh_item_has_no_stale_banner(repo):
    run = mkdocs_build(repo.root, now=JUNE)
    assert run.code == 0, run.output
    c = data(run.site)["plans"][0]["commitments"][0]
    assert c["stale"] is False and c["final"] is False
    page = (run.site / PAGE).read_text()
    assert "data-stale " not in page and "data-stale>" not in page
    # the browser can still tell: the moment it turns stale is on the page
    assert 'data-stale-after="2026-11-01T10:00:00+02:00"' in page
    assert ogrepo(repo.root, "check", "--stale", now=JUNE).code == 0


def test_stale_item_is_flagged_everywhere(repo):
    run = mkdocs_build(repo.root, now=DECEMBER)
    assert run.code == 0, run.output
    doc = data(run.site)
    plan = doc["plans"][0]
    assert plan["commitments"][0]["stale"] is True
    assert plan["process"]["stale"] is True
    assert plan["stale"] is True
    page = (run.site / PAGE).read_text()
    assert re.search(r'<div class="admonition warning ogr-stale" data-stale role="note"[^>]*>', page)
    assert "has not been updated since" in page
    listing = (run.site / "plans/2025-2027/commitments/index.html").read_text()
    assert re.search(r'data-badge="stale"(?![^>]*hidden)[^>]*>needs an update</span>', listing)
    home = (run.site / "index.html").read_text()
    needs = home[home.index('id="needs-an-update"'):home.index('id="overdue"')]
    assert "Open budget data" in needs and "Co-creation process" in needs

    check = ogrepo(repo.root, "check", "--stale", now=DECEMBER)
    assert check.code == 3
    assert "stale: 2025-2027/open-budget (Open budget data): last updated 2026-05-01" in check.out
    assert "stale: 2025-2027/process" in check.out


def test_ended_plans_and_complete_commitments_are_final_not_stale(repo):
    done = COMMITMENT.replace("completion: limited", "completion: complete")
    repo.commit("complete", "2026-05-02T10:00:00+00:00", {C: done})
    run = mkdocs_build(repo.root, now=DECEMBER)
    assert run.code == 0, run.output
    c = data(run.site)["plans"][0]["commitments"][0]
    assert c["final"] is True and c["stale"] is False
    assert "data-stale" not in (run.site / PAGE).read_text()

    repo.commit("end the plan", "2026-05-03T10:00:00+00:00",
                {"content/plans/2025-2027/plan.yml": PLAN.replace("phase: implementation", "phase: ended")})
    run = mkdocs_build(repo.root, now=DECEMBER)
    plan = data(run.site)["plans"][0]
    assert plan["final"] is True and plan["stale"] is False and plan["process"]["stale"] is False
    assert ogrepo(repo.root, "check", "--stale", now=DECEMBER).code == 0


def test_overdue_milestones_are_flagged(repo):
    run = mkdocs_build(repo.root, now=DECEMBER)
    milestones = {m["id"]: m for m in data(run.site)["plans"][0]["commitments"][0]["milestones"]}
    assert milestones["1.2"]["overdue"] is True  # planned end 2026-06-30, in progress
    assert milestones["1.1"]["overdue"] is False  # finished
    assert milestones["1.3"]["overdue"] is False  # ends in 2027
    page = (run.site / PAGE).read_text()
    assert '<tr id="milestone-1.2" data-overdue>' in page
    assert '<tr id="milestone-1.1">' in page
    home = (run.site / "index.html").read_text()
    assert "First quarterly release" in home[home.index('id="overdue"'):]
    rows = (run.site / "data/milestones.csv").read_text().splitlines()
    assert any(r.startswith("2025-2027,open-budget,1.2,") and ",true," in r for r in rows)
    assert ogrepo(repo.root, "check", "--stale", now=DECEMBER).out.count("overdue: 2025-2027/open-budget milestone 1.2") == 1


def feed(site: Path, path: str):
    parsed = feedparser.parse((site / path).read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def test_feeds_list_updates_evidence_and_meetings_with_stable_ids(repo):
    run = mkdocs_build(repo.root, now=JUNE)
    assert run.code == 0, run.output
    doc = data(run.site)
    assert doc["feeds"] == {"atom": "https://ogp.example/repo/feeds/atom.xml",
                            "rss": "https://ogp.example/repo/feeds/rss.xml"}
    atom = feed(run.site, "feeds/atom.xml")
    rss = feed(run.site, "feeds/rss.xml")
    assert atom.version == "atom10" and rss.version == "rss20"
    assert atom.feed.title.startswith("Republic of Testland")
    ids = [e.id for e in atom.entries]
    assert ids == [e.id for e in rss.entries]
    assert "tag:ogp.example,2024:plans/2025-2027/commitments/open-budget/updates/2026-04-15" in ids
    assert "tag:ogp.example,2024:evidence/2025-2027/open-budget/decree.pdf" in ids
    assert "tag:ogp.example,2024:plans/2025-2027/meetings/2025-03-10-forum" in ids
    for e in atom.entries:
        assert e.title and e.link and e.updated_parsed and e.summary
    update = next(e for e in atom.entries if e.id.endswith("updates/2026-04-15"))
    assert update.link == "https://ogp.example/repo/plans/2025-2027/commitments/open-budget/#update-2026-04-15"
    assert update.updated.startswith("2026-04-15")
    # newest first
    stamps = [e.updated_parsed for e in atom.entries]
    assert stamps == sorted(stamps, reverse=True)
    # every link's anchor exists on its page
    for e in atom.entries:
        path, anchor = e.link.removeprefix("https://ogp.example/repo/").split("#")
        assert f'id="{anchor}"' in (run.site / path / "index.html").read_text(), e.link
    # commitment feed, listed in repository.json
    c = doc["plans"][0]["commitments"][0]
    assert c["feeds"]["atom"].endswith("plans/2025-2027/commitments/open-budget/atom.xml")
    own = feed(run.site, "plans/2025-2027/commitments/open-budget/atom.xml")
    assert {e.id for e in own.entries} < set(ids)

    # a new title changes no id
    repo.commit("retitle", "2026-05-02T10:00:00+00:00",
                {C: COMMITMENT.replace("title: Open budget data", "title: Budget transparency")})
    again = mkdocs_build(repo.root, now=JUNE, site="site2")
    assert [e.id for e in feed(again.site, "feeds/atom.xml").entries] == ids


def test_every_page_links_its_feeds_in_the_head(repo):
    run = mkdocs_build(repo.root, now=JUNE)
    for page in run.site.rglob("*.html"):
        head = page.read_text().split("</head>")[0]
        assert 'rel="alternate" type="application/atom+xml"' in head, page
        assert 'rel="alternate" type="application/rss+xml"' in head, page
    head = (run.site / PAGE).read_text().split("</head>")[0]
    assert 'href="atom.xml"' in head  # its own feed, beside the site's


def test_same_sources_give_byte_identical_outputs(repo):
    first = mkdocs_build(repo.root, now=JUNE, site="one")
    second = mkdocs_build(repo.root, now=JUNE, site="two")
    assert first.code == second.code == 0
    compared = 0
    for path in first.site.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".xml", ".csv", ".html") and path.name != "sitemap.xml":
            other = second.site / path.relative_to(first.site)
            assert filecmp.cmp(path, other, shallow=False), path
            compared += 1
    assert compared > 20
    assert data(first.site)["generated_at"] == "2026-06-01T00:00:00+00:00"
