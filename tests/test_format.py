"""Content format 2: what real action plans publish, held without distortion and exported whole.

A national tracker-style fixture (bilingual, several leads, indicators with quarterly reports, an
IRM assessment, dates to the month or quarter with the plan's own words) and an OGP Local fixture
(a carried-over commitment, co-creation about one commitment, local and OGP end dates) are built
for real and checked on the pages, in repository.json and in the CSV trackers. The published
schemas validate every file of both.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import mkdocs_build, ogrepo
from factory import COMMITMENT, MEMBER, MKDOCS_YML, PLAN, PROCESS, Repo, minimal_files
from jsonschema import Draft202012Validator
from test_statuses import text_of

from ogrepo import yamlfile

C = "content/plans/2025-2027/commitments/open-budget.yml"
PAGE = "plans/2025-2027/commitments/open-budget/index.html"
JUNE_15 = 1781481600  # 2026-06-15T00:00:00Z
JULY_2 = 1782950400  # 2026-07-02T00:00:00Z

TRACKER = """\
format: 2
number: 1
code: C01
aliases: [C1]
title: {en: Open budget data, fr: Données budgétaires ouvertes}
start: 2025-09
end: {date: 2027-Q2, text: {en: By mid-2027, fr: D'ici mi-2027}}
lead_agencies:
  - organisation: {en: Ministry of Finance, fr: Ministère des Finances}
    code: MoF
    contact: {name: {en: Budi Lead, fr: Budi Lead (chef de file)}, email: budi@finance.example}
  - organisation: National Statistics Office
    code: NSO
lead_stakeholders:
  - organisation: Open Data Network
  - organisation: Budget Watch
other_actors:
  academia: [University of Testland, Faculty of Economics]
problem: {en: Budget data of 2024 is published as scanned PDFs., fr: Les données budgétaires de 2024 sont publiées en PDF.}
description: {en: Publish 12 datasets a year., fr: Publier 15 jeux de données par an.}
values: [access-to-information, civic-participation]
policy_areas: [open-justice, fiscal-openness, budget-watch]
tags: [Summit for Democracy]
irm:
  verifiable: "yes"
  relevant: [access-to-information]
  potential: modest
  completion: pending
  reports:
    - title: Testland Action Plan Review 2025-2027
      url: https://www.opengovpartnership.org/documents/testland-action-plan-review/
      date: 2026-03
milestones:
  - id: "1.1"
    code: C01.1
    title: Open data standard adopted
    end: 2026-03
    responsible: [Ministry of Finance, National Statistics Office]
    activities:
      - id: "1.1.1"
        code: C01.1.1
        aliases: [C01.1.01]
        title: {en: Draft standard consulted, fr: Projet de norme soumis à consultation}
        due: 2025-12
      - id: "1.1.2"
        code: C01.1.2
        title: Standard adopted by decree
        due: {date: 2026-Q1, text: By spring 2026}
  - id: "1.2"
    code: C01.2
    title: First quarterly release
    start: 2026-01
    end: 2026-06
  - id: "1.3"
    code: C01.3
    title: Portal launched
    end: {text: May 2027 and ongoing}
updates:
  - period: 2025-Q4
    date: 2026-01-20
    items:
      C01.1.01: {status: not-started}
      C01.1.2: {status: not-started}
  - period: 2026-Q1
    date: 2026-04-15
    items:
      C01.1.1: {status: limited, progress: Consultation opened., evidence: [decree.pdf]}
      C01.1.2: {status: substantial, challenges: Legal review took longer.}
    completion: limited
    challenges: The decree waited for the legal review.
  - period: 2026-Q2
    date: 2026-04-15
    items:
      C01.1.1: {status: complete}
      C01.1.2: {status: unknown}
"""

EVIDENCE = """\
format: 2
files:
  decree.pdf:
    title: {en: Decree adopting the standard, fr: Décret portant adoption de la norme}
    date: 2026-03
    kind: regulation
    milestone: C01.1.1
    language: [en, fr]
"""


def data(site) -> dict:
    return json.loads((site / "data/repository.json").read_text(encoding="utf-8"))


def rows(site, name: str) -> list[dict]:
    raw = (site / "data" / name).read_bytes()
    assert raw.startswith("\ufeff".encode()), f"{name} starts with a byte-order mark for spreadsheets"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.fixture(scope="module")
def tracker(tmp_path_factory):
    root = tmp_path_factory.mktemp("tracker") / "repo"
    repo = Repo(root)
    files = {**minimal_files(), C: TRACKER, "evidence/2025-2027/open-budget/evidence.yml": EVIDENCE,
             "mkdocs.yml": MKDOCS_YML.replace("tag_authority: ogp.example,2024", "tag_authority: ogp.example,2024\n"
                                              "      vocabularies:\n        policy_areas:\n"
                                              "          budget-watch: {en: Budget watch, fr: Veille budgétaire}")}
    repo.commit("the tracker", "2026-05-01T10:00:00+02:00", files)
    # a tracker report published without its date: it is dated by the commit that brings it
    later = TRACKER + "  - period: 2026-05\n    items:\n      \"1.2\": {status: in-progress}\n"
    repo.commit("May's report", "2026-06-03T09:30:00+02:00", {C: later})
    run = mkdocs_build(repo.root, now=JUNE_15, strict=False)
    assert run.code == 0, run.output
    return repo, run


def commitment(site):
    return data(site)["plans"][0]["commitments"][0]


def test_dates_are_as_precise_as_the_source(tracker):
    repo, run = tracker
    page = (run.site / PAGE).read_text()
    shown = text_of(page)
    # a month, a quarter with the plan's own words, words alone, a start the plan does not give
    assert '<time datetime="2026-03">March 2026</time>' in page
    assert re.search(r'data-first-day="2026-01-01" data-last-day="2026-03-31">By spring 2026</span> \(Q1 2026\)', page)
    assert "May 2027 and ongoing" in shown
    assert "C01.3 Portal launched not given May 2027 and ongoing" in shown
    c = commitment(run.site)
    m = {x["id"]: x for x in c["milestones"]}
    assert m["1.1"]["end"] == "2026-03" and m["1.1"]["end_period"] == {
        "value": "2026-03", "precision": "month", "first_day": "2026-03-01", "last_day": "2026-03-31", "text": None}
    assert m["1.3"]["end"] is None and m["1.3"]["end_period"]["text"] == {"en": "May 2027 and ongoing"}
    assert m["1.1"]["start"] is None
    assert c["end"] == "2027-Q2" and c["end_period"]["text"] == {"en": "By mid-2027", "fr": "D'ici mi-2027"}


def test_overdue_is_judged_at_the_end_of_the_period_named(tracker):
    repo, _ = tracker
    # milestone 1.2 is due in June 2026: not overdue on 15 June, overdue on 2 July
    june = mkdocs_build(repo.root, now=JUNE_15, site="site-june", strict=False)
    july = mkdocs_build(repo.root, now=JULY_2, site="site-july", strict=False)
    assert {m["id"]: m["overdue"] for m in commitment(june.site)["milestones"]}["1.2"] is False
    assert {m["id"]: m["overdue"] for m in commitment(july.site)["milestones"]}["1.2"] is True
    # a due date known only in words is never judged
    assert {m["id"]: m["overdue"] for m in commitment(july.site)["milestones"]}["1.3"] is False
    page = (june.site / PAGE).read_text()
    assert 'data-overdue-after="2026-07-01T00:00:00+00:00"' in page


def test_several_responsible_organisations(tracker):
    _, run = tracker
    shown = text_of((run.site / PAGE).read_text())
    assert "Lead agencies Ministry of Finance (MoF); National Statistics Office (NSO)" in shown
    assert "Lead non-governmental stakeholders Open Data Network; Budget Watch" in shown
    assert "Ministry of Finance; National Statistics Office" in shown  # milestone 1.1's two
    c = commitment(run.site)
    assert [o["organisation"] for o in c["lead_agencies"]] == [
        {"en": "Ministry of Finance", "fr": "Ministère des Finances"}, {"en": "National Statistics Office"}]
    assert rows(run.site, "commitments.csv")[0]["lead_agencies"] == "Ministry of Finance; National Statistics Office"
    assert "Academia University of Testland; Faculty of Economics" in shown


def test_activities_with_codes_and_aliases(tracker):
    _, run = tracker
    page = (run.site / PAGE).read_text()
    assert '<tr id="activity-1.1.1"' in page and '<tr id="activity-1.1.2"' in page
    c = commitment(run.site)
    activities = {a["id"]: a for a in c["milestones"][0]["activities"]}
    assert activities["1.1.1"]["code"] == "C01.1.1" and activities["1.1.1"]["aliases"] == ["C01.1.01"]
    assert activities["1.1.1"]["status"] == "complete"
    acts = rows(run.site, "activities.csv")
    assert [(r["activity"], r["code"], r["status"]) for r in acts] == [
        ("1.1.1", "C01.1.1", "complete"), ("1.1.2", "C01.1.2", "unknown")]


def test_status_history_by_reporting_period(tracker):
    _, run = tracker
    c = commitment(run.site)
    a = {x["id"]: x for x in c["milestones"][0]["activities"]}["1.1.1"]
    # the alias C01.1.01 of the first report names the same indicator
    assert [(h["period"], h["status"]) for h in a["history"]] == [
        ("2025-Q4", "not-started"), ("2026-Q1", "limited"), ("2026-Q2", "complete")]
    assert a["status_since"] == "2026-Q2"
    # two reports published the same day stay two reports, identified by their period
    reports = {u["key"]: u for u in c["updates"]}
    assert reports["2026-Q1"]["date"] == reports["2026-Q2"]["date"] == "2026-04-15"
    assert reports["2026-Q1"]["published_from"] == "record"
    # a report without its date is dated by the commit that brought it, never by its period
    assert reports["2026-05"]["date"] == "2026-06-03" and reports["2026-05"]["published_from"] == "git"
    page = (run.site / PAGE).read_text()
    shown = text_of(page)
    assert "Report for Q1 2026" in shown and "Report for May 2026" in shown
    assert re.search(r"Published June 3, 2026 \(when it first appeared in the repository\)", shown)
    assert re.search(r'<details class="ogr-history"><summary>History</summary><ol><li><a href="#update-2025-Q4">', page)
    records = [r for r in rows(run.site, "updates.csv") if r["update"] == "2026-Q1"]
    assert {r["item"]: r["status"] for r in records} == {"": "", "C01.1.1": "limited", "C01.1.2": "substantial"}


def test_unknown_not_reported_and_pending_are_distinct(tracker):
    _, run = tracker
    c = commitment(run.site)
    statuses = {s["id"]: s["status"] for m in c["milestones"] for s in [m, *m["activities"]]}
    assert statuses["1.1.2"] == "unknown" and statuses["1.3"] == "not-reported"
    assert c["irm"]["completion"] == "pending"
    shown = text_of((run.site / PAGE).read_text())
    assert "Unknown" in shown and "Not reported yet" in shown and "Pending IRM review" in shown


def test_the_irm_assessment_beside_the_self_reported(tracker):
    _, run = tracker
    shown = text_of((run.site / PAGE).read_text())
    assert "Completion (self-reported) Limited" in shown
    assert "Completion (IRM) Pending IRM review" in shown
    assert re.search(r"Completion Limited Pending IRM review", shown)  # side by side in one row
    assert "Potential for results Modest" in shown and "Testland Action Plan Review 2025-2027" in shown
    assert commitment(run.site)["irm"]["potential"] == "modest"


def test_vocabularies_real_plans_use(tracker):
    _, run = tracker
    shown = text_of((run.site / PAGE).read_text())
    # OGP's longer list, more than two for a national member, and the member's own area
    assert "Policy areas Open Justice; Fiscal Openness; Budget watch" in shown
    assert "Tags Summit for Democracy" in shown
    assert "Challenges The decree waited for the legal review." in shown


def test_bilingual_names_and_evidence_in_two_languages(tracker):
    _, run = tracker
    c = commitment(run.site)
    assert c["lead_agencies"][0]["contact"]["name"] == {"en": "Budi Lead", "fr": "Budi Lead (chef de file)"}
    decree = next(e for e in c["evidence"] if e["id"] == "decree.pdf")
    assert decree["language"] == ["en", "fr"] and decree["date"] == "2026-03"
    assert "English, French" in text_of((run.site / PAGE).read_text())


def test_versions_that_disagree_in_their_numbers_are_reported(tracker):
    repo, _ = tracker
    check = ogrepo(repo.root, "check", now=JUNE_15)
    assert check.code == 0, check.output
    assert re.search(r"open-budget.yml:\d+:\d+: warning: the en and fr versions of 'description' differ in their "
                     r"numbers \(en has 12; fr has 15\)", check.err), check.err
    # years written in both versions agree: no warning for 'problem'
    assert "versions of 'problem'" not in check.err


def test_repository_json_carries_everything_in_every_language(tracker):
    _, run = tracker
    doc = data(run.site)
    assert doc["format"] == 2 and doc["languages"] == ["en", "fr"]
    plan = doc["plans"][0]
    assert plan["title"] == {"en": "Second National Action Plan", "fr": "Deuxième plan d'action national"}
    meeting = plan["process"]["meetings"][0]
    assert meeting["participants"] == {"government": 5, "civil_society": 7}
    contribution = plan["process"]["contributions"][0]
    assert contribution["reason"] == {"en": "It became commitment open-budget."}
    c = plan["commitments"][0]
    assert c["problem"]["fr"].startswith("Les données budgétaires")
    assert c["other_actors"]["academia"][0] == {"en": "University of Testland"}
    assert c["tags"] == ["Summit for Democracy"]
    assert rows(run.site, "contributions.csv")[0]["response"] == "included"
    schema = json.loads((run.site / "data/repository.schema.json").read_text())
    errors = list(Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(doc))
    assert not errors, [e.message for e in errors[:3]]


def validate_every_file(root, site):
    """Each content file against the schema the site publishes for its kind and format."""
    checked = 0
    for path in sorted(root.rglob("*.yml")):
        rel = path.as_posix()
        kind = ("member" if rel.endswith("member.yml") else "evidence" if rel.endswith("evidence.yml") else
                "plan" if rel.endswith("plan.yml") else "process" if rel.endswith("process.yml") else
                "commitment" if "/commitments/" in rel else None)
        if kind is None or rel.endswith("mkdocs.yml"):
            continue
        schema = json.loads((site / f"data/schemas/2/{kind}.schema.json").read_text())
        doc, problems = yamlfile.load(path.read_text(), rel)
        assert not problems
        errors = list(Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
                      .iter_errors(doc.data))
        assert not errors, (rel, [e.message for e in errors[:3]])
        checked += 1
    return checked


def test_the_published_schemas_validate_every_file(tracker):
    repo, run = tracker
    assert validate_every_file(repo.root, run.site) == 6


LOCAL_MEMBER = MEMBER.replace("level: national", "level: local")
LOCAL_PLAN = PLAN.replace("end: 2027-08-31", "end: 2027-08-31\nlocal_end: 2028-06\n"
                          "period_as_submitted: {en: September 2025 to the end of the mayor's term}")
CARRIED = COMMITMENT.replace("start: 2025-09-01", "start: 2024-05\ncarried_over: 2023-2025", 1).replace(
    "values: [access-to-information]", "values: [access-to-information]\npolicy_areas: [open-data, inclusion]")
LOCAL_PROCESS = PROCESS.replace("    evidence: [minutes.txt]\n", "    evidence: [minutes.txt]\n"
                                "  - id: 2025-04-budget-workshop\n    date: 2025-04\n    kind: workshop\n"
                                "    title: Workshop on the budget commitment\n    commitment: open-budget\n")


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    repo = Repo(tmp_path_factory.mktemp("local") / "repo")
    repo.commit("an OGP Local repository", "2026-05-01T10:00:00+02:00", {
        **minimal_files(), "content/member.yml": LOCAL_MEMBER, "content/plans/2025-2027/plan.yml": LOCAL_PLAN,
        C: CARRIED, "content/plans/2025-2027/process.yml": LOCAL_PROCESS})
    return repo


def test_ogp_local_a_carried_over_commitment_builds(local):
    check = ogrepo(local.root, "check", "--strict")
    assert check.code == 0, check.output
    assert "notice: carried over: it started (2024-05) before this plan (2025-09-01)" in check.err
    run = mkdocs_build(local.root)
    assert run.code == 0, run.output
    shown = text_of((run.site / PAGE).read_text())
    assert "carried over from an earlier plan (2023-2025)" in shown
    plan = text_of((run.site / "plans/2025-2027/index.html").read_text())
    assert "ends locally June 2028" in plan and "Period as submitted September 2025 to the end of the mayor's term" in plan
    process = text_of((run.site / "plans/2025-2027/co-creation/index.html").read_text())
    assert "Workshop on the budget commitment (April 2025)" in process and "About Open budget data" in process
    assert validate_every_file(local.root, run.site) == 6


def test_ogp_local_rules_apply_to_local_members_only(local):
    local.commit("three policy areas; no carried_over", "2026-05-02T10:00:00+02:00", {
        C: CARRIED.replace("carried_over: 2023-2025\n", "").replace("[open-data, inclusion]", "[open-data, inclusion, tax]")})
    check = ogrepo(local.root, "check")
    assert check.code == 1
    assert "'policy_areas' has 3 entries; OGP Local commitments name at most two" in check.err
    assert "warning: the commitment (2024-05 to 2027-06-30) falls outside the plan" in check.err
    assert "carried_over: true" in check.err  # the hint


def test_a_format_1_repository_builds_and_migrates(repo):
    v1 = (COMMITMENT.replace("format: 2\n", "").replace(
        "lead_agencies:\n  - organisation: Ministry of Finance\n    contact: {name: Budi Lead, email: budi@finance.example}\n",
        "# who leads\nlead_agency:\n  organisation: Ministry of Finance\n  contact: {name: Budi Lead, email: budi@finance.example}\n"))
    files = {path: text.replace("format: 2\n", "") for path, text in minimal_files().items()
             if isinstance(text, str) and path.endswith(".yml")}
    repo.commit("format 1", "2026-05-02T10:00:00+00:00", {**files, C: v1})
    check = ogrepo(repo.root, "check")
    assert check.code == 0 and "6 file(s) are written for format 1" in check.err and "ogrepo migrate" in check.err
    assert mkdocs_build(repo.root).code == 0
    assert ogrepo(repo.root, "migrate", "--check").code == 1
    migrated = ogrepo(repo.root, "migrate")
    assert migrated.code == 0, migrated.output
    assert f"{C}: migrated: declares format: 2; lead_agency is now lead_agencies (a list of one)" in migrated.out
    assert "6 of 6 content file(s) rewritten for format 2" in migrated.out
    text = repo.path(C).read_text()
    assert "# who leads\nlead_agencies:\n  - organisation: Ministry of Finance" in text  # the comment stays
    check = ogrepo(repo.root, "check", "--strict")
    assert check.code == 0 and "format 1" not in check.output
    assert ogrepo(repo.root, "migrate", "--check").out.startswith("0 of 6")
