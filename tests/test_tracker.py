"""`ogrepo import` and `ogrepo export`: a national tracker spreadsheet in and out of the repository.

The tracker is the kind governments keep (a fictional one, made here with openpyxl and as CSV): one
row per indicator and quarter, the commitment, milestone and indicator in English and French,
several leads in a cell, free-text deadlines, statuses as codes 1 to 4, progress in both
languages, challenges, a link to the evidence. It is imported into a real repository, committed
and built with `mkdocs build --strict`; then a newer tracker with one more quarter is imported,
and the tracker is exported again and compared with what went in.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from conftest import mkdocs_build, ogrepo
from factory import COMMITMENT, Repo, minimal_files, minimal_repo
from ogrepo import spreadsheet, tracker, yamlfile

AUGUST = 1785542400  # 2026-08-01T00:00:00Z: after the second quarter's report
PLAN = "content/plans/2025-2027/commitments"

HEADERS = ["Commitment code", "Commitment title (EN)", "Commitment title (FR)", "Milestone code", "Milestone text EN",
           "Milestone text FR", "Indicator code", "Indicator text EN", "Indicator text FR", "Lead department(s)",
           "Deadline", "Reporting period", "Status code", "Progress EN", "Progress FR", "Challenges", "Evidence link"]

MAPPING = """\
# The columns of the Treasury Board's quarterly tracker, and what its status codes mean.
columns:
  commitment_code: Commitment code
  commitment_title: {en: Commitment title (EN), fr: Commitment title (FR)}
  milestone_code: Milestone code
  milestone_title: {en: Milestone text EN, fr: Milestone text FR}
  activity_code: Indicator code
  activity_title: {en: Indicator text EN, fr: Indicator text FR}
  lead: Lead department(s)
  deadline: Deadline
  period: Reporting period
  status: Status code
  progress: {en: Progress EN, fr: Progress FR}
  challenges: Challenges
  evidence: Evidence link
statuses:
  "1": not-started
  "2": limited
  "3": substantial
  "4": complete
period_format: {quarter: "Q{quarter} {year}"}
"""

C1 = ["C01", "Open contracting data", "Données ouvertes sur les marchés publics"]
C1_1 = ["C01.1", "Contracts published in the Open Contracting Data Standard",
        "Contrats publiés selon la norme de données sur la commande publique ouverte"]
C1_2 = ["C01.2", "Procurement officers trained", "Agents des achats publics formés"]
C2 = ["C02", "Open parliament", "Parlement ouvert"]
C2_1 = ["C02.1", "Committee votes published", "Votes des commissions publiés"]
INDICATORS = {
    "C01.1.1": C1 + C1_1 + ["C01.1.1", "Share of ministries publishing their contracts",
                            "Part des ministères publiant leurs contrats",
                            "Treasury Board Secretariat; Public Procurement Agency", "March 2026"],
    "C01.1.2": C1 + C1_1 + ["C01.1.2", "Contract data portal launched", "Portail des données contractuelles lancé",
                            "Public Procurement Agency", "By fall 2026"],
    "C01.2.1": C1 + C1_2 + ["C01.2.1", "Officers trained each quarter", "Agents formés chaque trimestre",
                            "School of Public Service", "Ongoing"],
    "C02.1.1": C2 + C2_1 + ["C02.1.1", "Votes published within 48 hours", "Votes publiés dans les 48 heures",
                            "Office of the Clerk", "2026-12"],
    "C02.1.2": C2 + C2_1 + ["C02.1.2", "Archive of votes since 2020 online", "Archives des votes depuis 2020 en ligne",
                            "Office of the Clerk; Parliamentary Library", date(2026, 6, 30)],  # a date cell
}
REPORTS = {  # period -> (indicator, status code, progress en, progress fr, challenges, evidence)
    "Q4 2025": [
        ("C01.1.1", 2, "9 of 40 ministries publish their contracts.", "9 des 40 ministères publient leurs contrats.",
         None, "https://open.testland.example/contracts/report-2025-q4.pdf"),
        ("C01.1.2", 1, None, None, "The portal's tender was delayed.", None),
        ("C01.2.1", 3, "120 officers trained.", "120 agents formés.", None, None),
        ("C02.1.1", 2, "Votes of 3 committees are published.", "Les votes de 3 commissions sont publiés.", None, None),
    ],
    "Q1 2026": [
        ("C01.1.1", 3, "23 of 40 ministries publish their contracts.", "23 des 40 ministères publient leurs contrats.",
         None, "https://open.testland.example/contracts/report-2026-q1.pdf"),
        ("C01.1.2", 2, "The portal's contractor was chosen.", "Le prestataire du portail a été choisi.", None, None),
        ("C01.2.1", 3, "95 officers trained.", "95 agents formés.", "Two sessions were cancelled.", None),
        ("C02.1.1", 3, "Votes of 11 committees are published.", "Les votes de 11 commissions sont publiés.", None,
         "https://parliament.testland.example/votes"),
        ("C02.1.2", 1, None, None, None, None),
    ],
    "Q2 2026": [
        ("C01.1.1", 4, "All 40 ministries publish their contracts.", "Les 40 ministères publient leurs contrats.",
         None, "https://open.testland.example/contracts/report-2026-q2.pdf"),
        ("C01.1.2", 3, "The portal is in testing.", "Le portail est en phase de test.", None, None),
        ("C01.2.1", 4, "All 310 officers trained.", "Les 310 agents sont formés.", None, None),
        ("C02.1.1", 4, "Votes of all 18 committees are published.", "Les votes des 18 commissions sont publiés.", None,
         "https://parliament.testland.example/votes"),
        ("C02.1.2", 2, "Votes of 2020 and 2021 are online.", "Les votes de 2020 et 2021 sont en ligne.", None, None),
    ],
}
FIRST, NEWER = ["Q4 2025", "Q1 2026"], ["Q4 2025", "Q1 2026", "Q2 2026"]


def tracker_rows(periods: list[str]) -> list[list]:
    """The tracker's rows, a quarter after the other (new quarters are added at the bottom)."""
    return [INDICATORS[code] + [period, status, en, fr, challenges, link]
            for period in periods for code, status, en, fr, challenges, link in REPORTS[period]]


def write_xlsx(path: Path, rows: list[list], headers=HEADERS, title_row: str | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Suivi 2025-2027"
    if title_row:  # trackers often start with a title above the headers
        sheet.append([title_row])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list], headers=HEADERS, delimiter=",") -> Path:
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        out = csv.writer(fh, delimiter=delimiter)
        out.writerow(headers)
        out.writerows([["" if v is None else v.isoformat() if isinstance(v, date) else str(v) for v in row]
                       for row in rows])
    return path


def cells(path: Path) -> list[list[str]]:
    """A spreadsheet's cells as text, as a person reads them (a date as 2026-06-30)."""
    sheet = spreadsheet.read(path)
    return [["" if v is None else v.isoformat() if isinstance(v, date) else str(v) for v in row]
            for _, row in sheet.rows]


def data(repo, rel: str) -> dict:
    doc, problems = yamlfile.load((repo.root / rel).read_text(encoding="utf-8"), rel)
    assert not problems, problems
    return doc.data


@pytest.fixture
def trackers(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "trackers"
    folder.mkdir()
    (folder / "mapping.yml").write_text(MAPPING, encoding="utf-8")
    return {
        "mapping": folder / "mapping.yml",
        "xlsx": write_xlsx(folder / "tracker-2026-Q1.xlsx", tracker_rows(FIRST)),
        "csv": write_csv(folder / "tracker-2026-Q1.csv", tracker_rows(FIRST)),
        "newer": write_xlsx(folder / "tracker-2026-Q2.xlsx", tracker_rows(NEWER)),
        "newer_csv": write_csv(folder / "tracker-2026-Q2.csv", tracker_rows(NEWER)),
    }


def imported(repo, trackers, which: str = "xlsx", date_: str = "2026-05-10T09:00:00+02:00"):
    run = ogrepo(repo.root, "import", str(trackers[which]), "--mapping", str(trackers["mapping"]))
    assert run.code == 0, run.output
    repo.commit(f"Import the tracker ({which})", date_)
    return run


# --- import, build, publish ----------------------------------------------------------------------

def test_a_bilingual_xlsx_tracker_is_imported_and_the_site_shows_it(repo, trackers):
    run = ogrepo(repo.root, "import", str(trackers["xlsx"]), "--mapping", str(trackers["mapping"]))
    assert run.code == 0, run.output
    assert f"wrote: {PLAN}/open-contracting-data.yml (new)" in run.out
    assert f"wrote: {PLAN}/open-parliament.yml (new)" in run.out
    assert "wrote: evidence/2025-2027/open-contracting-data/evidence.yml (new)" in run.out
    # progress: a line per commitment, on stderr
    assert "C01 -> 2025-2027/open-contracting-data: new, 2 new period(s) (2025-Q4, 2026-Q1)" in run.err
    assert f"to write by hand: {PLAN}/open-contracting-data: problem, description, values" in run.out

    written = data(repo, f"{PLAN}/open-contracting-data.yml")
    assert written["code"] == "C01" and written["number"] == 1
    assert written["title"] == {"en": "Open contracting data", "fr": "Données ouvertes sur les marchés publics"}
    assert [o["organisation"] for o in written["lead_agencies"]] == [
        "Treasury Board Secretariat", "Public Procurement Agency", "School of Public Service"]
    m1 = written["milestones"][0]
    assert (m1["id"], m1["code"]) == ("1.1", "C01.1")
    assert m1["end"] == {"date": "2026-Q4", "text": "By fall 2026"}  # the latest deadline of its indicators
    a1, a2 = m1["activities"]
    assert a1["due"] == {"date": "2026-03", "text": "March 2026"}
    assert a1["lead"] == ["Treasury Board Secretariat", "Public Procurement Agency"]
    assert a2["due"] == {"date": "2026-Q4", "text": "By fall 2026"}
    assert written["milestones"][1]["activities"][0]["due"] == {"text": "Ongoing"}
    assert [u["period"] for u in written["updates"]] == ["2025-Q4", "2026-Q1"]
    q4 = written["updates"][0]["items"]
    assert q4["C01.1.1"] == {"status": "limited",
                             "progress": {"en": "9 of 40 ministries publish their contracts.",
                                          "fr": "9 des 40 ministères publient leurs contrats."},
                             "evidence": ["c01-1-1-2025-q4"]}
    assert q4["C01.1.2"] == {"status": "not-started", "challenges": "The portal's tender was delayed."}
    parliament = data(repo, f"{PLAN}/open-parliament.yml")
    assert parliament["milestones"][0]["activities"][1]["due"] == "2026-06-30"  # the date cell
    assert parliament["milestones"][0]["activities"][0]["due"] == "2026-12"
    links = data(repo, "evidence/2025-2027/open-contracting-data/evidence.yml")["links"]
    assert [(x["id"], x["url"]) for x in links] == [
        ("c01-1-1-2025-q4", "https://open.testland.example/contracts/report-2025-q4.pdf"),
        ("c01-1-1-2026-q1", "https://open.testland.example/contracts/report-2026-q1.pdf")]
    text = (repo.root / PLAN / "open-contracting-data.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "TODO" in text  # what the tracker does not give is marked to be written

    assert ogrepo(repo.root, "check", "--strict").code == 0
    repo.commit("Import the tracker", "2026-05-10T09:00:00+02:00")
    build = mkdocs_build(repo.root)
    assert build.code == 0, build.output

    page = (build.site / "plans/2025-2027/commitments/open-contracting-data/index.html").read_text(encoding="utf-8")
    assert "Share of ministries publishing their contracts" in page
    assert "By fall 2026" in page and "Ongoing" in page and "March 2026" in page  # deadlines as written
    published = json.loads((build.site / "data/schemas/tracker-mapping.schema.json").read_text())
    assert published["title"] and "statuses" in json.dumps(published)  # the mapping's schema, for editors
    assert "March 2026 (March 2026)" not in page  # words that are the date itself are not repeated
    assert "By fall 2026</span> (Q4 2026)" in page  # words that are not: the date they mean beside them
    assert "Treasury Board Secretariat; Public Procurement Agency" in page
    for period, status in (("Q4 2025", "Limited progress"), ("Q1 2026", "Substantial progress")):
        assert re.search(rf"report for {period}</a>: <span class=\"ogr-status ogr-status--[a-z-]+\">{status}<", page), period
    assert "23 of 40 ministries publish their contracts." in page
    french = (build.site / "fr/plans/2025-2027/commitments/open-contracting-data/index.html").read_text(encoding="utf-8")
    assert "Données ouvertes sur les marchés publics" in french
    assert "Part des ministères publiant leurs contrats" in french
    assert "23 des 40 ministères publient leurs contrats." in french
    assert "Progrès substantiels" in french
    parliament_page = (build.site / "plans/2025-2027/commitments/open-parliament/index.html").read_text(encoding="utf-8")
    assert "June 30, 2026" in parliament_page and "December 2026" in parliament_page

    published = json.loads((build.site / "data/repository.json").read_text(encoding="utf-8"))
    c = next(c for c in published["plans"][0]["commitments"] if c["id"] == "open-contracting-data")
    assert c["title"] == {"en": "Open contracting data", "fr": "Données ouvertes sur les marchés publics"}
    share = c["milestones"][0]["activities"][0]
    assert [(h["period"], h["status"]) for h in share["history"]] == [("2025-Q4", "limited"), ("2026-Q1", "substantial")]
    assert share["status"] == "substantial"
    assert share["due_period"]["text"] == {"en": "March 2026"} and share["due_period"]["last_day"] == "2026-03-31"
    portal = c["milestones"][0]["activities"][1]
    assert portal["due_period"]["value"] == "2026-Q4" and portal["due_period"]["text"] == {"en": "By fall 2026"}
    assert [u["key"] for u in c["updates"]] == ["2026-Q1", "2025-Q4"]


def test_the_csv_and_the_xlsx_of_a_tracker_give_the_same_content(tmp_path, trackers):
    from_xlsx = minimal_repo(tmp_path / "x")
    from_csv = minimal_repo(tmp_path / "c")
    assert ogrepo(from_xlsx.root, "import", str(trackers["xlsx"]), "--mapping", str(trackers["mapping"])).code == 0
    assert ogrepo(from_csv.root, "import", str(trackers["csv"]), "--mapping", str(trackers["mapping"])).code == 0
    for rel in (f"{PLAN}/open-contracting-data.yml", f"{PLAN}/open-parliament.yml",
                "evidence/2025-2027/open-contracting-data/evidence.yml"):
        assert data(from_xlsx, rel) == data(from_csv, rel), rel


def test_the_mapping_kept_in_the_repository_is_used_without_being_named(repo, trackers):
    (repo.root / "tracker-mapping.yml").write_text(MAPPING, encoding="utf-8")
    run = ogrepo(repo.root, "import", str(trackers["csv"]))
    assert run.code == 0, run.output
    assert "using the mapping tracker-mapping.yml" in run.err
    assert data(repo, f"{PLAN}/open-parliament.yml")["updates"][1]["items"]["C02.1.1"]["status"] == "substantial"


# --- a newer tracker --------------------------------------------------------------------------------

def test_a_newer_tracker_adds_its_quarter_once_and_keeps_what_was_edited_by_hand(repo, trackers):
    imported(repo, trackers)
    path = repo.root / PLAN / "open-contracting-data.yml"
    edited = path.read_text(encoding="utf-8")
    edited = edited.replace("fr: Données ouvertes sur les marchés publics",
                            "fr: Données ouvertes des marchés publics  # the forum's wording")
    edited = edited.replace("problem: 'TODO: the public problem the commitment addresses'",
                            "problem: Contracts are published as scanned documents, one ministry at a time.")
    edited = edited.replace("en: 9 of 40 ministries publish their contracts.",
                            "en: 9 of the 40 ministries publish their contracts.")
    path.write_text(edited, encoding="utf-8")
    repo.commit("The forum's corrections", "2026-06-02T10:00:00+02:00")

    run = ogrepo(repo.root, "import", str(trackers["newer"]), "--mapping", str(trackers["mapping"]), now=AUGUST)
    assert run.code == 0, run.output
    assert "C01 -> 2025-2027/open-contracting-data: updated, 1 new period(s) (2026-Q2)" in run.err
    assert "kept: the title of commitment C01 (fr): the file says 'Données ouvertes des marchés publics', " \
           "the tracker 'Données ouvertes sur les marchés publics'" in run.err
    assert "kept: the progress of C01.1.1 in 2025-Q4 (en)" in run.err

    after = path.read_text(encoding="utf-8")
    assert after.startswith(edited)  # what was there is untouched, comments included; the quarter is added after it
    assert after.count("period: 2025-Q4") == after.count("period: 2026-Q1") == after.count("period: 2026-Q2") == 1
    written = data(repo, f"{PLAN}/open-contracting-data.yml")
    assert written["updates"][2]["items"]["C01.1.1"]["status"] == "complete"
    assert written["problem"].startswith("Contracts are published as scanned documents")
    parliament = data(repo, f"{PLAN}/open-parliament.yml")
    assert [u["period"] for u in parliament["updates"]] == ["2025-Q4", "2026-Q1", "2026-Q2"]
    # the same address cited again is the same link, not a second one
    links = data(repo, "evidence/2025-2027/open-parliament/evidence.yml")["links"]
    assert len(links) == 1 and parliament["updates"][2]["items"]["C02.1.1"]["evidence"] == [links[0]["id"]]

    again = ogrepo(repo.root, "import", str(trackers["newer_csv"]), "--mapping", str(trackers["mapping"]), now=AUGUST)
    assert again.code == 0, again.output
    assert "nothing to write" in again.out
    assert ogrepo(repo.root, "check", "--strict", now=AUGUST).code == 0
    repo.commit("Import the tracker of the second quarter", "2026-07-10T09:00:00+02:00")
    build = mkdocs_build(repo.root, now=AUGUST)
    assert build.code == 0, build.output
    published = json.loads((build.site / "data/repository.json").read_text(encoding="utf-8"))
    c = next(c for c in published["plans"][0]["commitments"] if c["id"] == "open-contracting-data")
    assert [h["period"] for h in c["milestones"][0]["activities"][0]["history"]] == ["2025-Q4", "2026-Q1", "2026-Q2"]
    assert c["milestones"][0]["activities"][0]["status"] == "complete"
    page = (build.site / "plans/2025-2027/commitments/open-contracting-data/index.html").read_text(encoding="utf-8")
    assert "Report for Q2 2026" in page and "All 40 ministries publish their contracts." in page


# --- export -------------------------------------------------------------------------------------------

def test_the_export_is_the_tracker_that_was_imported(repo, trackers, tmp_path):
    imported(repo, trackers, "newer", "2026-07-10T09:00:00+02:00")
    for fmt, source in (("xlsx", trackers["newer"]), ("csv", trackers["newer_csv"])):
        out = tmp_path / f"export.{fmt}"
        run = ogrepo(repo.root, "export", "--mapping", str(trackers["mapping"]), "-o", str(out), now=AUGUST)
        assert run.code == 0, run.output
        assert f"wrote: {out}" in run.out
        exported = cells(out)
        ours = [row for row in exported if row[0].startswith("C0")]
        assert exported[0] == HEADERS
        assert [exported[0]] + ours == cells(source)  # same columns, rows, codes, periods and texts
        # the commitment that was not in the tracker is exported too: a row per milestone, no period yet
        assert [row[3] for row in exported if row[0] == "open-budget"] == ["1.1", "1.2", "1.3"]
    workbook = load_workbook(tmp_path / "export.xlsx")
    assert workbook.active["K2"].is_date  # a deadline given as a date is a date again
    refused = ogrepo(repo.root, "export", "--mapping", str(trackers["mapping"]), "-o", str(tmp_path / "export.csv"))
    assert refused.code == 1 and "exists already" in refused.err

    # importing the export changes nothing
    back = ogrepo(repo.root, "import", str(tmp_path / "export.xlsx"), "--mapping", str(trackers["mapping"]), now=AUGUST)
    assert back.code == 0, back.output
    assert "nothing to write" in back.out
    assert repo.git("status", "--porcelain") == ""
    # and into a repository of its own, it gives the files the tracker gave
    other = minimal_repo(tmp_path / "other")
    again = ogrepo(other.root, "import", str(tmp_path / "export.csv"), "--mapping", str(trackers["mapping"]), now=AUGUST)
    assert again.code == 0, again.output
    for rel in (f"{PLAN}/open-contracting-data.yml", f"{PLAN}/open-parliament.yml",
                "evidence/2025-2027/open-parliament/evidence.yml"):
        assert data(other, rel) == data(repo, rel), rel


def test_the_export_without_a_mapping_has_the_common_columns_and_reads_back(repo, trackers, tmp_path):
    imported(repo, trackers)
    out = tmp_path / "plain.csv"
    run = ogrepo(repo.root, "export", "-o", str(out))
    assert run.code == 0, run.output
    exported = cells(out)
    assert exported[0][:4] == ["Commitment code", "Commitment (EN)", "Commitment (FR)", "Milestone code"]
    share = next(row for row in exported if row[6] == "C01.1.1" and row[13] == "2026-Q1")
    assert "Substantial progress" in share
    back = ogrepo(repo.root, "import", str(out))
    assert back.code == 0, back.output
    assert "nothing to write" in back.out



def test_a_commitment_nobody_reported_on_reads_back_unchanged(tmp_path):
    """Exporting then importing a commitment without any update leaves its file as it was (no
    `updates: []` added): an agency's untouched file is not rewritten."""
    files = minimal_files()
    files[f"{PLAN}/open-data.yml"] = COMMITMENT.split("updates:")[0].replace("Open budget data", "Open data")
    repo = Repo(tmp_path / "repo")
    repo.commit("publish", "2026-05-01T10:00:00+02:00", files)
    out = tmp_path / "plain.xlsx"
    assert ogrepo(repo.root, "export", "-o", str(out)).code == 0
    back = ogrepo(repo.root, "import", str(out))
    assert back.code == 0, back.output
    assert "nothing to write" in back.out, back.output
    assert repo.git("status", "--porcelain") == ""

# --- mistakes -----------------------------------------------------------------------------------------

def test_a_tracker_with_mistakes_is_refused_whole_with_row_and_column(repo, trackers, tmp_path):
    rows = tracker_rows(FIRST)
    rows[0][11] = "Q5 2025"  # row 2: no fifth quarter
    rows[1][12] = 7  # row 3: a status code the mapping does not give
    rows[2][0] = None  # row 4: no commitment code
    rows[3][16] = "minutes.pdf"  # row 5: a file that is not in the evidence folder
    rows[5][1] = "Open contracting"  # row 7: the commitment's title differs from the other rows'
    rows[6][13] = "#N/A"  # row 8: a formula's error
    rows[8] = list(rows[7])  # row 10: C02.1.1 again for Q1 2026 (row 9 gives it)
    bad = write_xlsx(tmp_path / "tracker-with-mistakes.xlsx", rows)
    before = repo.git("status", "--porcelain")
    run = ogrepo(repo.root, "import", str(bad), "--mapping", str(trackers["mapping"]))
    assert run.code == 1
    name = str(bad)
    expected = [
        f"{name}:2:L: error: 'Q5 2025' is not a reporting period ogrepo reads",
        f"{name}:3:M: error: '7' is not a status the mapping file gives",
        "    hint: the mapping's codes are 1 (not-started), 2 (limited), 3 (substantial), 4 (complete)",
        f"{name}:4:A: error: this row has no commitment code",
        f"{name}:5:Q: error: there is no evidence file 'minutes.pdf' in evidence/2025-2027/open-parliament/",
        f"{name}:7:B: error: the title of commitment C01 (en) here ('Open contracting') differs from an earlier row's "
        "('Open contracting data')",
        f"{name}:8:N: error: the cell holds the spreadsheet error #N/A",
        f"{name}:10:L: error: C02.1.1 is reported for 2026-Q1 in row 9 already",
    ]
    for line in expected:
        assert line in run.err, line
    assert "nothing was written" in run.err
    assert "Traceback" not in run.output
    assert repo.git("status", "--porcelain") == before
    assert not (repo.root / PLAN / "open-contracting-data.yml").exists()


def test_a_missing_column_and_a_wrong_mapping_are_reported_with_their_place(repo, tmp_path):
    no_codes = write_csv(tmp_path / "no-codes.csv", [r[1:] for r in tracker_rows(FIRST)], headers=HEADERS[1:])
    run = ogrepo(repo.root, "import", str(no_codes))
    assert run.code == 1
    assert f"{no_codes}:1: error: no column gives the commitment code" in run.err
    mapping = tmp_path / "wrong.yml"
    mapping.write_text("columns:\n  commitment_code: Commitment code\n  owner: Lead\nstatuses:\n  '1': started\n",
                       encoding="utf-8")
    run = ogrepo(repo.root, "import", str(write_csv(tmp_path / "t.csv", tracker_rows(FIRST))), "--mapping", str(mapping))
    assert run.code == 1
    assert f"{mapping}:3:3: error: 'owner' is not a field of columns" in run.err
    assert f"{mapping}:5:8: error: 'started' is not a status" in run.err
    assert repo.git("status", "--porcelain") == ""


def test_common_french_headers_and_status_words_need_no_mapping(repo, tmp_path):
    headers = ["Code de l'engagement", "Titre de l'engagement (FR)", "Titre de l'engagement (EN)", "Code du jalon",
               "Jalon (FR)", "Jalon (EN)", "Code de l'indicateur", "Indicateur (FR)", "Indicateur (EN)",
               "Ministère(s) responsable(s)", "Échéance", "Période", "Statut", "Progrès (FR)", "Progrès (EN)",
               "Preuves"]
    common = ["C03", "Budget citoyen", "Citizens' budget", "C03.1", "Budget citoyen publié",
              "Citizens' budget published", "C03.1.1", "Budget citoyen de 2026 en ligne", "2026 citizens' budget online",
              "Ministère des Finances", "D'ici la fin de 2026"]
    rows = [common + ["T1 2026", "En cours", "Maquette prête.", "Mock-up ready.",
                      "https://finances.testland.example/budget-citoyen"],
            common + ["T2 2026", "Achevé", "Publié le 2 mai.", "Published on 2 May.", None]]
    tracker_file = write_csv(tmp_path / "suivi.csv", rows, headers=headers, delimiter=";")
    run = ogrepo(repo.root, "import", str(tracker_file), now=AUGUST)
    assert run.code == 0, run.output
    written = data(repo, f"{PLAN}/citizens-budget.yml")
    assert written["title"] == {"en": "Citizens' budget", "fr": "Budget citoyen"}
    activity = written["milestones"][0]["activities"][0]
    assert activity["due"] == {"date": "2026", "text": "D'ici la fin de 2026"}
    assert [(u["period"], u["items"]["C03.1.1"]["status"]) for u in written["updates"]] == [
        ("2026-Q1", "in-progress"), ("2026-Q2", "complete")]
    assert ogrepo(repo.root, "check", "--strict", now=AUGUST).code == 0


def test_dry_run_writes_nothing(repo, trackers):
    run = ogrepo(repo.root, "import", str(trackers["xlsx"]), "--mapping", str(trackers["mapping"]), "--dry-run")
    assert run.code == 0, run.output
    assert f"would write: {PLAN}/open-contracting-data.yml (new)" in run.out
    assert repo.git("status", "--porcelain") == ""


def test_the_mapping_schema_is_printed_and_accepts_the_example(repo, trackers):
    from jsonschema import Draft202012Validator

    run = ogrepo(repo.root, "import", "--mapping-schema")
    assert run.code == 0
    published = json.loads(run.out)
    doc, _ = yamlfile.load(MAPPING, "mapping.yml")
    assert not list(Draft202012Validator(published).iter_errors(doc.data))
    assert published == tracker.MAPPING_SCHEMA


# --- how trackers write periods and deadlines ---------------------------------------------------------

@pytest.mark.parametrize("written, period", [
    ("2024-Q1", "2024-Q1"), ("Q1 2024", "2024-Q1"), ("2024 Q1", "2024-Q1"), ("T1 2024", "2024-Q1"),
    ("Q1-2024", "2024-Q1"), ("1st quarter 2024", "2024-Q1"), ("premier trimestre 2024", "2024-Q1"),
    ("H2 2024", "2024-H2"), ("S1 2024", "2024-H1"), ("March 2024", "2024-03"), ("mars 2024", "2024-03"),
    ("2024-03", "2024-03"), ("2024", "2024"), (date(2024, 3, 31), "2024-03-31"),
    ("Q5 2024", None), ("Spring", None), ("FY2024-25 Q1", None),
])
def test_periods_as_trackers_write_them(written, period):
    assert tracker.parse_period(written) == period


def test_a_tracker_s_own_periods_come_from_the_mapping():
    mapping = tracker.Mapping(periods={"FY2024-25 Q1": "2024-Q2"})
    assert tracker.parse_period("FY2024-25 Q1", mapping) == "2024-Q2"


@pytest.mark.parametrize("written, named", [
    ("March 2024", "2024-03"), ("By fall 2024", "2024-Q4"), ("By the end of 2024", "2024"),
    ("Q3 2025", "2025-Q3"), ("31 March 2024", "2024-03-31"), ("March 31, 2024", "2024-03-31"),
    ("D'ici l'automne 2024", "2024-Q4"), ("Ongoing", None), ("Winter 2024", None), ("31/03/2024", None),
    ("2024-2025", None),
])
def test_deadlines_name_a_date_only_when_they_say_one(written, named):
    assert tracker.parse_deadline(written) == named


def test_slashed_days_are_read_in_the_mapping_s_order():
    assert tracker.parse_deadline("03/04/2024", tracker.Mapping(date_order="day-month-year")) == "2024-04-03"
    assert tracker.parse_deadline("03/04/2024", tracker.Mapping(date_order="month-day-year")) == "2024-03-04"


def test_codes_padded_with_zeros_are_the_same_code():
    assert tracker.same_code("C01.1.01", "C1.1.1") and tracker.same_code("c04.3", "C4.3")
    assert not tracker.same_code("C1.1", "C1.1.1")
    assert tracker.step_id("C01.1.1") == "1.1.1" and tracker.step_id("C4.3") == "4.3"


def test_every_plan_of_this_repository_exports_and_imports_back_unchanged(tmp_path):
    """The example's reports (aliases, statuses given as milestone changes, worded deadlines with the
    date they mean, leads named in one language only) survive the round trip."""
    from conftest import ROOT

    for plan in sorted(p.name for p in (ROOT / "content/plans").iterdir() if (p / "plan.yml").is_file()):
        out = tmp_path / f"{plan}.xlsx"
        run = ogrepo(ROOT, "export", "--plan", plan, "-o", str(out), now=None)
        assert run.code == 0, run.output
        back = ogrepo(ROOT, "import", str(out), "--plan", plan, "--dry-run", now=None)  # the example's today
        assert back.code == 0, back.output
        assert "nothing to write" in back.out and "kept:" not in back.err, back.output


def test_a_title_above_the_headers_merged_cells_and_the_mapping_s_sheet_are_read(repo, tmp_path):
    book = Workbook()
    book.active.title = "Read me"
    book.active.append(["This workbook is the Treasury Board's tracker. The data is on the next sheet."])
    sheet = book.create_sheet("Suivi 2025-2027")
    sheet.append(["Open Government Action Plan 2025-2027: quarterly tracker"])  # a title row above the headers
    sheet.append(HEADERS)
    rows = tracker_rows(FIRST)
    for row in rows:
        sheet.append(row)
    # the commitment's code and titles written once, merged over its rows of the first quarter (rows 3 to 5)
    for col in "ABC":
        for r in (4, 5):
            sheet[f"{col}{r}"] = None
        sheet.merge_cells(f"{col}3:{col}5")
    path = tmp_path / "tracker.xlsx"
    book.save(path)
    mapping = tmp_path / "mapping.yml"
    mapping.write_text(MAPPING + "sheet: Suivi 2025-2027\nignore: [Internal notes]\n", encoding="utf-8")
    run = ogrepo(repo.root, "import", str(path), "--mapping", str(mapping))
    assert run.code == 0, run.output
    written = data(repo, f"{PLAN}/open-contracting-data.yml")
    assert list(written["updates"][0]["items"]) == ["C01.1.1", "C01.1.2", "C01.2.1"]
    wrong = tmp_path / "wrong-sheet.yml"
    wrong.write_text(MAPPING + "sheet: Tracker\n", encoding="utf-8")
    run = ogrepo(repo.root, "import", str(path), "--mapping", str(wrong))
    assert run.code == 1 and "there is no sheet 'Tracker'; its sheets are: Read me, Suivi 2025-2027" in run.err
