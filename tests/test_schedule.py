"""Planned against actual: each milestone's planned end beside when the reports say it was finished,
and how late, never more precisely than the reports say; per plan, the share finished on time.

One fixture repository, built for real on 2026-06-01: a commitment reported in dated updates
(a milestone finished on time, one known to be late by at least some days, one whose finish is
known to the day, one overdue) and a commitment reported by a tracker per quarter (a milestone
finished in the quarter that holds its planned end: on time or late, nobody can say).
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import mkdocs_build
from factory import Repo, minimal_files
from jsonschema import Draft202012Validator
from test_statuses import text_of

DATED = "content/plans/2025-2027/commitments/open-budget.yml"
TRACKED = "content/plans/2025-2027/commitments/open-contracts.yml"
PAGE = "plans/2025-2027/commitments/open-budget/index.html"
TRACKED_PAGE = "plans/2025-2027/commitments/open-contracts/index.html"

DATED_YML = """\
format: 2
number: 1
title: {en: Open budget data, fr: Données budgétaires ouvertes}
start: 2025-09-01
end: 2027-06-30
lead_agencies:
  - organisation: Ministry of Finance
problem: Budget data is published as scanned PDFs.
description: Publish the budget as open data every quarter.
values: [access-to-information]
milestones:
  - id: "1.1"
    title: {en: Open data standard adopted, fr: Norme de données ouvertes adoptée}
    start: 2025-09-01
    end: 2026-03-31
  - id: "1.2"
    title: {en: Budget dictionary published, fr: Dictionnaire budgétaire publié}
    end: 2026-01-31
  - id: "1.3"
    title: {en: Data officers trained, fr: Agents de données formés}
    end: 2026-02-01
  - id: "1.4"
    title: {en: First quarterly release, fr: Première publication trimestrielle}
    end: 2026-04-30
updates:
  - date: 2026-02-10
    progress: {en: The dictionary is being drafted., fr: Le dictionnaire est en cours de rédaction.}
    milestones: {"1.1": in-progress, "1.2": in-progress, "1.3": in-progress, "1.4": in-progress}
    completion: limited
  - date: 2026-02-11
    progress: {en: The officers were trained., fr: Les agents ont été formés.}
    milestones: {"1.3": finished}
    completion: limited
  - date: 2026-04-15
    period: {start: 2026-02-12, end: 2026-03-31}
    progress: {en: The standard was adopted by decree., fr: La norme a été adoptée par décret.}
    milestones: {"1.1": finished, "1.2": finished}
    completion: substantial
    evidence: [decree.pdf]
"""

TRACKED_YML = """\
format: 2
number: 2
title: {en: Open contracts, fr: Contrats ouverts}
start: 2025-09-01
end: 2027-06-30
lead_agencies:
  - organisation: Procurement Agency
problem: Contracts are not published.
description: Publish every contract.
values: [access-to-information]
milestones:
  - id: "2.1"
    title: {en: Contracts portal online, fr: Portail des contrats en ligne}
    end: 2026-05-15
updates:
  - period: 2026-Q1
    date: 2026-04-05
    items: {"2.1": {status: in-progress}}
  - period: 2026-Q2
    date: 2026-05-20
    items: {"2.1": {status: finished}}
    completion: complete
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    repo = Repo(tmp_path_factory.mktemp("schedule") / "repo")
    repo.commit("publish", "2026-05-25T10:00:00+00:00", {**minimal_files(), DATED: DATED_YML, TRACKED: TRACKED_YML})
    run = mkdocs_build(repo.root)
    assert run.code == 0, run.output
    return run.site


def milestones(site, commitment="open-budget") -> dict:
    data = json.loads((site / "data/repository.json").read_text())
    c = next(c for c in data["plans"][0]["commitments"] if c["id"] == commitment)
    return {m["id"]: m for m in c["milestones"]}


def rows(site, name: str, language: str = "") -> list[dict]:
    return list(csv.DictReader(io.StringIO((site / language / "data" / name).read_text(encoding="utf-8-sig"))))


def cell(page: str, row_id: str) -> str:
    """The text of a milestone's "Finished, as reported" cell on its commitment's page."""
    row = re.search(rf'<tr id="{re.escape(row_id)}"[^>]*>(.*?)</tr>', page, re.S).group(1)
    return text_of(re.search(r'<td data-label="Finished, as reported">(.*?)</td>', row, re.S).group(1)).strip()


def test_each_milestone_beside_when_it_was_reported_finished(built):
    page = (built / PAGE).read_text()
    assert '<th scope="col">Planned end</th> <th scope="col">Finished, as reported</th>' in page
    # finished in a report whose period ends by its planned end (the report before said "in progress")
    assert cell(page, "milestone-1.1") == "between February 11, 2026 and March 31, 2026 on time"
    # the report before (February 10) still said "in progress", ten days after the planned end
    assert cell(page, "milestone-1.2") == "between February 11, 2026 and March 31, 2026 at least 11 days late"
    # two reports a day apart: the day is known
    assert cell(page, "milestone-1.3") == "February 11, 2026 10 days late"
    # not finished: nothing in the cell (an empty cell is left out of the card on a phone)
    assert re.search(r'<tr id="milestone-1.4" data-overdue>.*?<td data-label="Finished, as reported"></td>', page)
    assert '<span class="ogr-verdict" data-verdict="late">at least 11 days late</span>' in page
    tracked = (built / TRACKED_PAGE).read_text()
    # a quarter that holds the planned end: on time or late, the report does not say which
    assert cell(tracked, "milestone-2.1") == "Q2 2026 on time or up to 46 days late"
    assert 'data-first-day="2026-04-01" data-last-day="2026-06-30">Q2 2026</span>' in tracked


def test_the_plan_says_how_many_finished_milestones_were_on_time(built):
    shown = text_of((built / "plans/2025-2027/index.html").read_text())
    assert "Finished on time 1 of 4 finished milestones on time (25%); 2 late, 1 not known whether on time" in shown
    fr = text_of((built / "fr/plans/2025-2027/index.html").read_text())
    assert re.search(r"25\s%", fr)  # the French site writes the share the French way


def test_repository_json_gives_the_window_and_the_lateness(built):
    m = milestones(built)
    assert m["1.1"]["finished"] == {"report": "2026-04-15", "period": "2026-02-12/2026-03-31",
                                    "published": "2026-04-15", "after": "2026-02-10", "by": "2026-03-31"}
    assert (m["1.1"]["on_time"], m["1.1"]["late_days"], m["1.1"]["late_days_at_most"]) == (True, None, None)
    assert (m["1.2"]["on_time"], m["1.2"]["late_days"], m["1.2"]["late_days_at_most"]) == (False, 11, 59)
    assert m["1.2"]["finished"]["after"] == "2026-02-10"
    assert (m["1.3"]["on_time"], m["1.3"]["late_days"], m["1.3"]["late_days_at_most"]) == (False, 10, 10)
    assert m["1.4"]["finished"] is None and m["1.4"]["on_time"] is None and m["1.4"]["overdue"] is True
    q = milestones(built, "open-contracts")["2.1"]
    assert q["finished"] == {"report": "2026-Q2", "period": "2026-Q2", "published": "2026-05-20",
                             "after": "2026-03-31", "by": "2026-06-30"}
    assert (q["on_time"], q["late_days"], q["late_days_at_most"]) == (None, None, 46)
    schema = json.loads((built / "data/repository.schema.json").read_text())
    data = json.loads((built / "data/repository.json").read_text())
    errors = list(Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(data))
    assert not errors, [e.message for e in errors[:5]]
    described = schema["properties"]["plans"]["items"]["properties"]["commitments"]["items"]["properties"][
        "milestones"]["items"]
    assert {"finished", "on_time", "late_days", "late_days_at_most"} <= set(described["required"])


def test_the_trackers_carry_planned_against_actual(built):
    by_id = {r["milestone"]: r for r in rows(built, "milestones.csv")}
    assert list(by_id["1.2"])[-6:] == ["finished_report", "finished_after", "finished_by", "on_time", "late_days",
                                       "late_days_at_most"]
    assert [by_id["1.2"][k] for k in ("finished_report", "finished_after", "finished_by", "on_time", "late_days",
                                      "late_days_at_most")] == ["2026-04-15", "2026-02-10", "2026-03-31", "false", "11",
                                                                "59"]
    assert (by_id["1.1"]["on_time"], by_id["2.1"]["on_time"], by_id["1.4"]["on_time"]) == ("true", "", "")
    assert by_id["2.1"]["late_days_at_most"] == "46" and by_id["1.4"]["finished_by"] == ""


def test_the_researcher_csv_has_every_commitment_with_its_milestones_planned_and_actual(built):
    header = next(csv.reader(io.StringIO((built / "data/commitments.csv").read_text(encoding="utf-8-sig"))))
    # the columns before stay where they were: new ones are added at the end
    assert header[:17] == ["plan", "commitment", "code", "ogp_id", "title", "lead_agencies", "lead_stakeholders",
                           "start", "end", "status", "irm_completion", "milestones", "milestones_finished", "evidence",
                           "last_updated", "stale", "url"]
    assert header[17:] == ["milestones_on_time", "milestones_late", "milestones_timing_unknown", "milestones_overdue",
                           "last_planned_end", "last_progress_update", "last_progress_update_published", "overdue"]
    by_id = {r["commitment"]: r for r in rows(built, "commitments.csv")}
    budget = by_id["open-budget"]
    assert [budget[k] for k in ("milestones", "milestones_finished", "milestones_on_time", "milestones_late",
                                "milestones_timing_unknown", "milestones_overdue", "last_planned_end",
                                "last_progress_update", "last_progress_update_published", "overdue", "status",
                                "evidence", "stale")] == \
        ["4", "3", "1", "2", "0", "1", "2026-04-30", "2026-04-15", "2026-04-15", "true", "substantial", "1", "false"]
    contracts = by_id["open-contracts"]
    assert [contracts[k] for k in ("milestones_finished", "milestones_on_time", "milestones_timing_unknown",
                                   "last_progress_update", "overdue")] == ["1", "0", "1", "2026-Q2", "false"]
    assert by_id.keys() == {"open-budget", "open-contracts"}
    # the French trackers: the same columns, the French titles
    fr = {r["commitment"]: r for r in rows(built, "commitments.csv", "fr")}
    assert fr["open-budget"]["title"] == "Données budgétaires ouvertes" and fr["open-budget"]["milestones_late"] == "2"
