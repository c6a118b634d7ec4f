"""Broken content: every mistake is reported as `file:line:col: what is wrong` with a hint,
all at once, with no traceback; `mkdocs build --strict` stops and writes nothing."""

from __future__ import annotations

import os
import re

import pytest
from conftest import mkdocs_build, ogrepo
from factory import COMMITMENT, EVIDENCE_META, PLAN, PROCESS

C = "content/plans/2025-2027/commitments/open-budget.yml"
P = "content/plans/2025-2027/plan.yml"
PR = "content/plans/2025-2027/process.yml"
EV = "evidence/2025-2027/open-budget/evidence.yml"


def line_col(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column where `needle` starts (its n-th occurrence)."""
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, col


# (case id, file, new text of that file, the text the problem points at, occurrence, message fragment, hint fragment)
CASES = [
    ("duplicate-key", C, COMMITMENT.replace("start: 2025-09-01\n", "start: 2025-09-01\ntitle: Again\n", 1),
     "title: Again", 1, "duplicate key 'title' (first written on line 1)", "only the last one"),
    ("unknown-field", C, COMMITMENT.replace("problem:", "problme:"), "problme:", 1, "unknown field 'problme'",
     "did you mean 'problem'?"),
    ("not-in-vocabulary", C, COMMITMENT.replace("[access-to-information]", "[acess-to-information]"),
     "acess-to-information", 1, "'acess-to-information' is not an allowed value for 'values'",
     "did you mean 'access-to-information'?"),
    ("invalid-date", C, COMMITMENT.replace("end: 2026-03-31", "end: 2026-02-31"), "2026-02-31", 1,
     "'2026-02-31' is not a valid date for 'end'", "a day 2025-03-31, a month 2025-03"),
    ("end-before-start", P, PLAN.replace("end: 2027-08-31", "end: 2024-08-31"), "2024-08-31", 1,
     "plan 2025-2027 ends (2024-08-31) before it starts (2025-09-01)", "'end' must be on or after 'start'"),
    ("unknown-milestone", C, COMMITMENT.replace('"1.2": in-progress', '"1.4": in-progress'), '"1.4"', 1,
     "no milestone or activity '1.4' in this commitment", "known: 1.1, 1.2, 1.3"),
    ("missing-evidence", C, COMMITMENT.replace("evidence: [decree.pdf]", "evidence: [decre.pdf]"), "decre.pdf", 1,
     "no evidence 'decre.pdf' in evidence/2025-2027/open-budget/", "did you mean 'decree.pdf'?"),
    ("update-in-the-future", C, COMMITMENT.replace("date: 2026-04-15", "date: 2026-07-15"), "2026-07-15", 1,
     "this update is dated 2026-07-15, after today (2026-06-01)", "on or before the day it is published"),
    ("missing-required", C, COMMITMENT.replace("problem: Budget data is published as scanned PDFs.\n", ""),
     "title:", 1, "'problem' is missing from this file", "add 'problem: …' (The public problem the commitment addresses"),
    ("wrong-type", C, COMMITMENT.replace("values: [access-to-information]", "values: access-to-information"),
     "access-to-information", 1, "'values' should be a list", "as a list: [access-to-information, civic-participation"),
    ("yaml-syntax", C, COMMITMENT.replace("title: Open budget data", "title: [Open budget data"), ": 2", 1,
     "this is not valid YAML", "indentation"),
    ("unknown-commitment-in-contribution", PR, PROCESS.replace("commitment: open-budget", "commitment: open-budgets"),
     "open-budgets", 1, "no commitment 'open-budgets' in plan 2025-2027", "did you mean 'open-budget'?"),
    ("duplicate-milestone", C, COMMITMENT.replace('id: "1.2"', 'id: "1.1"'), '"1.1"', 2,
     "'1.1' already names another milestone or activity (line 12)", "give each milestone its own id"),
    ("describes-missing-file", EV, EVIDENCE_META.replace("decree.pdf:", "decree-2026.pdf:"), "decree-2026.pdf", 1,
     "'decree-2026.pdf' is described here but there is no such file", "case-sensitive"),
    ("milestone-of-evidence", EV, EVIDENCE_META.replace('milestone: "1.1"', 'milestone: "7.1"'), '"7.1"', 1,
     "no milestone or activity '7.1' in commitment open-budget", "known: 1.1, 1.2, 1.3"),
    ("text-map-language", C, COMMITMENT.replace("title: Open budget data", "title: {English: Open budget data}"),
     "{English", 1, "'title' must be text: 'English' is not a language code", "such as en, fr, es"),
    # French names often hold a comma: unquoted inside {…}, YAML ends the text there
    ("unquoted-comma", C, COMMITMENT.replace("title: Open budget data",
                                             "title: {en: Open budget data, fr: Données budgétaires, ouvertes}"),
     "{en:", 1, "the fr text stopped at 'Données budgétaires' and 'ouvertes' was read as another entry",
     'put a text that contains a comma in double quotes: fr: "Données budgétaires, ouvertes"'),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_mistake_names_file_line_and_column(repo, case):
    _, path, text, needle, occurrence, message, hint = case
    assert message and hint, "every case says what is wrong and checks the hint"
    repo.commit("break it", "2026-05-02T10:00:00+00:00", {path: text})
    run = ogrepo(repo.root, "check")
    assert run.code == 1, run.output
    line, col = line_col(text, needle, occurrence)
    if case[0] in ("missing-required",):
        line, col = 1, 1  # a missing field is reported where its mapping starts
    where = f"{path}:{line}:{col}:"
    lines = [ln for ln in run.err.splitlines() if ln.startswith(where)]
    assert lines, f"expected a problem at {where}\n{run.err}"
    assert message in run.err, run.err
    assert hint in run.err, run.err
    assert "Traceback" not in run.output


def test_all_problems_are_reported_at_once(repo):
    repo.commit("break two files", "2026-05-02T10:00:00+00:00", {
        C: COMMITMENT.replace("problem:", "problme:"),
        P: PLAN.replace("phase: implementation", "phase: implemented"),
    })
    run = ogrepo(repo.root, "check")
    assert run.code == 1
    assert f"{C}:" in run.err and "unknown field 'problme'" in run.err
    assert f"{P}:" in run.err and "'implemented' is not an allowed value for 'phase'" in run.err
    assert "2 error(s), 0 warning(s)" in run.err


def test_every_problem_of_a_file_at_once_schema_and_cross_file_rules(repo):
    """Two unknown fields, two missing ones, a wrong value and a reference to a missing file, in
    one commitment; a broken plan.yml beside it: one run reports them all."""
    broken = (COMMITMENT.replace("problem:", "problme:").replace("description:", "descripton:")
              .replace("title: Open budget data", "title: Open budget data\nsummary: x\ncolour: blue")
              .replace("lead_agencies:\n  - organisation: Ministry of Finance\n    contact: {name: Budi Lead, email: budi@finance.example}\n", "")
              .replace("evidence: [decree.pdf]", "evidence: [decre.pdf]")
              .replace("completion: limited", "completion: limitted"))
    repo.commit("many mistakes", "2026-05-02T10:00:00+00:00", {C: broken, P: PLAN.replace("phase: implementation",
                                                                                       "phase: implemented")})
    run = ogrepo(repo.root, "check")
    assert run.code == 1
    expected = ["unknown field 'problme'", "unknown field 'descripton'", "unknown field 'summary'",
                "unknown field 'colour'", "no lead agency: who implements this commitment?",
                "'limitted' is not an allowed value for 'completion'", "no evidence 'decre.pdf'",
                "'implemented' is not an allowed value for 'phase'"]
    missing = [e for e in expected if e not in run.err]
    assert not missing, run.err
    # a misspelt required field is reported once, as misspelt, not also as missing
    assert "'problem' is missing" not in run.err and "'description' is missing" not in run.err
    assert f"{len(expected)} error(s)" in run.err


def test_build_stops_with_the_message_and_writes_no_site(repo):
    broken = COMMITMENT.replace("start: 2025-09-01\n", "start: 2025-09-01\nstart: 2025-10-01\n", 1)
    repo.commit("duplicate key", "2026-05-02T10:00:00+00:00", {C: broken})
    run = mkdocs_build(repo.root)
    assert run.code == 1
    line, col = line_col(broken, "start: 2025-10-01")
    assert f"{C}:{line}:{col}: error: duplicate key 'start'" in run.output
    assert "nothing was built" in run.output
    assert "Traceback" not in run.output
    assert not run.site.exists()


def test_evidence_without_metadata_is_published_with_a_warning_that_fails_strict(repo):
    repo.commit("add a photo", "2026-05-02T10:00:00+00:00",
                {"evidence/2025-2027/open-budget/launch photo.png": b"\x89PNG\r\n\x1a\n"})
    run = ogrepo(repo.root, "check")
    assert run.code == 0, run.output
    assert "evidence/2025-2027/open-budget/launch photo.png: warning: this evidence has no description" in run.err
    assert ogrepo(repo.root, "check", "--strict").code == 1
    strict = mkdocs_build(repo.root)
    assert strict.code == 1 and "launch photo.png" in strict.output
    lenient = mkdocs_build(repo.root, strict=False)
    assert lenient.code == 0
    published = lenient.site / "evidence/2025-2027/open-budget/launch photo.png"
    assert published.read_bytes() == b"\x89PNG\r\n\x1a\n"


def test_evidence_for_an_unknown_commitment_is_an_error_not_dropped(repo):
    repo.commit("misplaced", "2026-05-02T10:00:00+00:00", {"evidence/2025-2027/open-budgte/report.pdf": b"%PDF"})
    run = ogrepo(repo.root, "check")
    assert run.code == 1
    assert "evidence/2025-2027/open-budgte: error: there is no commitment 'open-budgte' in plan 2025-2027 for the " \
           "evidence in this folder (1 file(s), not published: report.pdf)" in run.err


def test_a_file_in_the_wrong_place_is_an_error(repo):
    repo.commit("stray files", "2026-05-02T10:00:00+00:00", {
        "evidence/2025-2027/stray.pdf": b"%PDF",
        "content/plans/2025-2027/commitments/notes.yaml": "title: x\n",
    })
    run = ogrepo(repo.root, "check")
    assert run.code == 1
    assert "evidence/2025-2027/stray.pdf: error:" in run.err
    assert "content/plans/2025-2027/commitments/notes.yaml: error:" in run.err and "rename it to .yml" in run.err


def test_a_link_out_of_the_repository_is_refused_not_followed(repo, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for publication")
    os.symlink(secret, repo.path("evidence/2025-2027/open-budget/secret.txt"))
    repo.commit("link out", "2026-05-02T10:00:00+00:00")
    run = mkdocs_build(repo.root)
    assert run.code == 1
    assert "evidence/2025-2027/open-budget/secret.txt: error: this is a link to a file outside the repository" in run.output
    assert "refused, not followed" in run.output
    assert not run.site.exists()


def test_yaml_1_1_booleans_and_dates_stay_text(repo):
    # "no" would be False for PyYAML's default loader; "NO" is Norway's country code
    repo.commit("title no", "2026-05-02T10:00:00+00:00",
                {C: COMMITMENT.replace("title: Open budget data", "title: no")})
    run = mkdocs_build(repo.root)
    assert run.code == 0, run.output
    page = (run.site / "plans/2025-2027/commitments/open-budget/index.html").read_text()
    assert '<h1 id="no">no</h1>' in page


def test_missing_member_file(repo):
    repo.path("content/member.yml").unlink()
    repo.commit("no member", "2026-05-02T10:00:00+00:00")
    run = ogrepo(repo.root, "check")
    assert run.code == 1
    assert "content/member.yml: error: the member file is missing" in run.err


def test_a_long_check_says_what_it_is_doing(repo):
    """In a terminal (or with --progress) the check says each step on stderr; piped, it stays quiet."""
    run = ogrepo(repo.root, "check", "--progress")
    assert run.code == 0, run.output
    lines = run.err.splitlines()
    assert lines[0].startswith("reading and validating content/ and evidence/")
    assert re.fullmatch(r"  1 plan\(s\), 2 commitment\(s\) and process record\(s\) read and validated in \d+\.\d s", lines[1])
    assert re.fullmatch(r"  dated from git history in \d+\.\d s", lines[2])
    assert "reading and validating" not in ogrepo(repo.root, "check").err
