"""The compliance panel: per plan, what an IRM researcher or an OGP Local monitoring body checks
first, each check passing, warning or failing on what the repository holds, never on what it does
not say. Each rule passing and failing on small repositories with real git history; the page and
repository.json of real builds; the example repository showing every outcome, as a lagging agency's
would; a line that fails with time alone failing in the browser of a site not rebuilt.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import browser
import pytest
from conftest import ROOT, mkdocs_build
from factory import COMMITMENT, EVIDENCE_META, MEMBER, PLAN, PROCESS, Repo, minimal_files
from jsonschema import Draft202012Validator
from test_statuses import text_of

from ogrepo import build, compliance

COMMITTED = "2026-05-01T10:00:00+02:00"
C_YML = "content/plans/2025-2027/commitments/open-budget.yml"
PROCESS_YML = "content/plans/2025-2027/process.yml"
PLAN_YML = "content/plans/2025-2027/plan.yml"
EVIDENCE_YML = "evidence/2025-2027/open-budget/evidence.yml"
PAGE = "plans/2025-2027/compliance/index.html"
WORDS = compliance.Words("en", ["en", "fr"])


def at(day: str) -> datetime:
    return datetime.fromisoformat(day + "T00:00:00+00:00")


def make(tmp_path, files: dict | None = None, when: str = COMMITTED) -> Repo:
    """The factory's repository with `files` changed (None removes one), committed at `when`."""
    content = {**minimal_files(), **(files or {})}
    repo = Repo(tmp_path / "repo")
    repo.commit("Publish the repository", when, {k: v for k, v in content.items() if v is not None})
    return repo


def checks(repo: Repo, now: datetime, plan: str = "2025-2027") -> dict[tuple[str, str], compliance.Check]:
    """The plan's checks at `now`, by (check, subject), from the repository as a build reads it."""
    result = build.check(build.Options(root=repo.root), now)
    assert result.ok, [str(p) for p in result.problems]
    found = next(p for p in result.repo.plans if p.id == plan)
    out = compliance.plan_checks(found, result.repo, now, 6)
    assert len({(c.check, c.subject) for c in out}) == len(out), "one line per check and subject"
    return {(c.check, c.subject): c for c in out}


def said(check: compliance.Check) -> str:
    return WORDS.text(check.detail)


def fix(check: compliance.Check) -> str:
    return WORDS.text(check.fix)


def meetings(*dates_: str, kind: str = "forum-meeting") -> str:
    """process.yml with forum meetings on these dates (a day or a month) and the fixture's contribution."""
    listed = "".join(f"  - id: m{n}\n    date: \"{d}\"\n    kind: {kind}\n    title: Forum meeting {n}\n"
                     for n, d in enumerate(dates_))
    return "format: 2\nmeetings:\n" + listed + PROCESS[PROCESS.index("contributions:"):]


LOCAL_MEMBER = MEMBER.replace("level: national", "level: local")


# --- updated -------------------------------------------------------------------------------------

def test_updated_passes_until_a_month_before_it_is_due_then_warns_then_fails(tmp_path):
    repo = make(tmp_path)
    due = datetime.fromisoformat("2026-11-01T10:00:00+02:00")  # six months after the commit
    fresh = checks(repo, at("2026-06-01"))
    for subject in ("open-budget", "process"):
        line = fresh["updated", subject]
        assert line.result == "pass" and line.fails_after == due, said(line)
        assert "May 1, 2026" in said(line) and "November 1, 2026" in said(line)
    soon = checks(repo, at("2026-10-15"))["updated", "open-budget"]
    assert soon.result == "warn" and soon.fails_after == due
    assert "ogrepo update 2025-2027/open-budget" in fix(soon)
    late = checks(repo, at("2026-12-01"))
    assert late["updated", "open-budget"].result == "fail"
    assert "more than 6 months ago" in said(late["updated", "open-budget"])
    assert late["updated", "open-budget"].fails_after is None
    assert late["updated", "process"].result == "fail"
    assert "ogrepo add-evidence 2025-2027/process" in fix(late["updated", "process"])
    assert late["updated", "open-budget"].url == "plans/2025-2027/commitments/open-budget/"


def test_an_ended_plan_and_a_complete_commitment_are_final_and_pass(tmp_path):
    ended = make(tmp_path / "ended", {PLAN_YML: PLAN.replace("phase: implementation", "phase: ended")})
    lines = checks(ended, at("2027-12-01"))
    for subject in ("open-budget", "process"):
        assert lines["updated", subject].result == "pass"
        assert said(lines["updated", subject]).startswith("Final: the plan has ended.")
    complete = make(tmp_path / "complete", {C_YML: COMMITMENT.replace("completion: limited", "completion: complete")})
    lines = checks(complete, at("2027-01-01"))
    assert lines["updated", "open-budget"].result == "pass"
    assert "the commitment is complete" in said(lines["updated", "open-budget"])
    assert lines["updated", "process"].result == "fail"  # not final: the plan goes on


# --- dated evidence -----------------------------------------------------------------------------

def test_no_evidence_at_all_fails_as_no_evidence_available(tmp_path):
    repo = make(tmp_path, {"evidence/2025-2027/open-budget/decree.pdf": None, EVIDENCE_YML: None,
                           C_YML: COMMITMENT.replace("    evidence: [decree.pdf]\n", "")})
    line = checks(repo, at("2026-06-01"))["dated-evidence", "open-budget"]
    assert line.result == "fail"
    assert said(line).startswith("No evidence available: `evidence/2025-2027/open-budget/`")
    assert "ogrepo add-evidence 2025-2027/open-budget FILE --date" in fix(line)
    assert line.url == "plans/2025-2027/commitments/open-budget/#evidence"
    # in French, the IRM's own term, as the completion scale says it
    assert compliance.Words("fr", ["en", "fr"]).text(line.detail).startswith("Aucune preuve disponible")


def test_no_evidence_before_the_commitment_starts_is_a_warning(tmp_path):
    repo = make(tmp_path, {"evidence/2025-2027/open-budget/decree.pdf": None, EVIDENCE_YML: None,
                           C_YML: COMMITMENT.replace("start: 2025-09-01\nend: 2027-06-30",
                                                     "start: 2026-09-01\nend: 2027-06-30")
                           .replace("    evidence: [decree.pdf]\n", "")})
    line = checks(repo, at("2026-06-01"))["dated-evidence", "open-budget"]
    assert line.result == "warn" and "starts on September 1, 2026" in said(line)


def test_evidence_without_a_date_is_a_warning_and_dated_evidence_passes(tmp_path):
    undated = make(tmp_path / "undated", {EVIDENCE_YML: EVIDENCE_META.replace("    date: 2026-03-20\n", "")})
    line = checks(undated, at("2026-06-01"))["dated-evidence", "open-budget"]
    assert line.result == "warn" and said(line) == "Evidence items: 1, none of them dated."
    assert EVIDENCE_YML in fix(line)
    dated = checks(make(tmp_path / "dated"), at("2026-06-01"))
    assert dated["dated-evidence", "open-budget"].result == "pass"
    assert said(dated["dated-evidence", "open-budget"]) == "Evidence items: 1, of which 1 dated. " \
                                                          "The latest is dated March 20, 2026."
    assert dated["dated-evidence", "process"].result == "pass"


def test_a_month_dated_item_is_dated_to_its_month(tmp_path):
    repo = make(tmp_path, {EVIDENCE_YML: EVIDENCE_META.replace("date: 2026-03-20", "date: 2026-03")})
    assert said(checks(repo, at("2026-06-01"))["dated-evidence", "open-budget"]).endswith("dated March 2026.")


# --- finished milestones ------------------------------------------------------------------------

def test_a_finished_milestone_with_evidence_naming_it_passes(tmp_path):
    line = checks(make(tmp_path), at("2026-06-01"))["finished-milestones-evidence", "open-budget"]
    assert line.result == "pass"
    assert said(line) == "Milestones and activities marked finished: 1, each with evidence naming it."


def test_a_finished_milestone_without_evidence_fails_and_links_to_it(tmp_path):
    repo = make(tmp_path, {EVIDENCE_YML: EVIDENCE_META.replace('    milestone: "1.1"\n', "")})
    line = checks(repo, at("2026-06-01"))["finished-milestones-evidence", "open-budget"]
    assert line.result == "fail"
    assert said(line) == "Marked finished, without evidence naming them: 1.1 (1 of 1 marked finished)."
    assert line.url == "plans/2025-2027/commitments/open-budget/#milestone-1.1"
    assert "--milestone 1.1" in fix(line) and EVIDENCE_YML in fix(line)


def test_a_report_citing_evidence_for_the_milestone_counts(tmp_path):
    report = COMMITMENT.replace('    milestones: {"1.1": finished, "1.2": in-progress}\n',
                                '    items:\n      "1.1": {status: finished, evidence: [decree.pdf]}\n')
    repo = make(tmp_path, {C_YML: report, EVIDENCE_YML: EVIDENCE_META.replace('    milestone: "1.1"\n', "")})
    assert checks(repo, at("2026-06-01"))["finished-milestones-evidence", "open-budget"].result == "pass"


def test_nothing_finished_is_nothing_to_prove(tmp_path):
    repo = make(tmp_path, {C_YML: COMMITMENT.replace('"1.1": finished', '"1.1": in-progress')})
    line = checks(repo, at("2026-06-01"))["finished-milestones-evidence", "open-budget"]
    assert line.result == "pass" and said(line) == "No milestone or activity is marked finished yet."


# --- completion ---------------------------------------------------------------------------------

def test_a_reported_completion_level_passes(tmp_path):
    line = checks(make(tmp_path), at("2026-06-01"))["completion-reported", "open-budget"]
    assert line.result == "pass" and said(line) == "Limited, reported on April 15, 2026."
    assert line.url == "plans/2025-2027/commitments/open-budget/#update-2026-04-15"


def test_no_completion_level_fails(tmp_path):
    repo = make(tmp_path, {C_YML: COMMITMENT.replace("    completion: limited\n", "")})
    line = checks(repo, at("2026-06-01"))["completion-reported", "open-budget"]
    assert line.result == "fail" and said(line) == "No update gives the commitment's completion level."
    assert "ogrepo update 2025-2027/open-budget" in fix(line)


def test_an_unknown_or_old_completion_level_is_a_warning(tmp_path):
    unknown = make(tmp_path / "unknown", {C_YML: COMMITMENT.replace("completion: limited", "completion: unknown")})
    assert checks(unknown, at("2026-06-01"))["completion-reported", "open-budget"].result == "warn"
    # the level of April 15 is more than six months old on November 1 (the file changed since)
    old = make(tmp_path / "old")
    old.commit("A typo", "2026-10-20T10:00:00+02:00", {C_YML: COMMITMENT.replace("scanned PDFs", "scanned PDF files")})
    line = checks(old, at("2026-11-01"))["completion-reported", "open-budget"]
    assert line.result == "warn" and "more than 6 months ago" in said(line)


def test_no_completion_level_is_due_before_the_commitment_starts(tmp_path):
    repo = make(tmp_path, {C_YML: COMMITMENT.replace("start: 2025-09-01\nend: 2027-06-30", "start: 2026-09-01\nend: "
                                                     "2027-06-30").replace("    completion: limited\n", "")})
    line = checks(repo, at("2026-06-01"))["completion-reported", "open-budget"]
    assert line.result == "pass" and said(line) == "None is due yet. The commitment starts on September 1, 2026."


def test_why_nothing_is_due_names_the_date_it_goes_by(tmp_path):
    """A commitment without a start of its own waits for its plan's; a plan still co-created is said so."""
    later = PLAN.replace("start: 2025-09-01", "start: 2026-09-01").replace("end: 2027-08-31", "end: 2028-08-31")
    undated = COMMITMENT.replace("start: 2025-09-01\nend: 2027-06-30\n", "start: {text: With the plan}\n"
                                 "end: {text: When the budget law allows}\n").replace("    completion: limited\n", "")
    line = checks(make(tmp_path / "plan", {PLAN_YML: later, C_YML: undated}), at("2026-06-01"))
    assert said(line["completion-reported", "open-budget"]) == \
        "None is due yet. The commitment starts on September 1, 2026."
    co_created = later.replace("phase: implementation", "phase: co-creation")
    line = checks(make(tmp_path / "co", {PLAN_YML: co_created, C_YML: undated}), at("2026-06-01"))
    assert said(line["completion-reported", "open-budget"]) == "None is due yet. The plan is still being co-created."


# --- the forum ----------------------------------------------------------------------------------

def forum(tmp_path, *dates_, now="2026-06-01", member=MEMBER, kind="forum-meeting"):
    repo = make(tmp_path, {PROCESS_YML: meetings(*dates_, kind=kind), "content/member.yml": member})
    return checks(repo, at(now))["forum-cadence", "process"]


def test_a_forum_meeting_every_three_months_passes(tmp_path):
    line = forum(tmp_path, "2025-03-10", "2025-10-15", "2026-01-10", "2026-04-05")
    assert line.result == "pass", said(line)
    assert said(line).startswith("Forum meetings between September 1, 2025 and June 1, 2026: 3.")
    assert line.url == "plans/2025-2027/co-creation/#meetings"
    # six months after the last meeting, with no other recorded, it fails: the browser shows it then
    assert line.fails_after == at("2026-10-06")


def test_a_gap_of_four_months_is_a_warning(tmp_path):
    line = forum(tmp_path, "2025-11-01", "2026-03-15", "2026-05-20")
    assert line.result == "warn"
    assert "The longest gap: 134 days, from November 1, 2025 to March 15, 2026. That is more than three " \
           "months, within six." in said(line)
    assert "kind: forum-meeting" in fix(line)


def test_no_forum_meeting_for_more_than_six_months_fails(tmp_path):
    line = forum(tmp_path, "2025-03-10")  # before the plan's start, then nothing for nine months
    assert line.result == "fail"
    assert "from September 1, 2025 to June 1, 2026" in said(line) and "more than six months" in said(line)


def test_only_forum_meetings_count(tmp_path):
    line = forum(tmp_path, "2025-10-15", "2026-01-10", "2026-04-05", kind="workshop")
    assert line.result == "fail"


def test_a_month_cannot_prove_three_months_to_the_day(tmp_path):
    """November 2025 to February 2026 may be 3 months and 27 days (the 1st to the 28th): not shown
    to be within three months, so a warning that says why; the same meetings dated to the day pass."""
    month = forum(tmp_path / "month", "2025-11", "2026-02", "2026-04-20")
    assert month.result == "warn"
    assert "from November 2025 to February 2026" in said(month)
    assert "dated only to the month" in said(month)
    assert forum(tmp_path / "days", "2025-11-15", "2026-02-10", "2026-04-20").result == "pass"


def test_a_month_cannot_prove_a_failure_either(tmp_path):
    """From the plan's start (September 1) to March 2026 is more than six months only if the meeting
    was after the 1st: a warning, not a failure."""
    line = forum(tmp_path, "2026-03", "2026-05-20")
    assert line.result == "warn", said(line)


def test_meetings_recorded_for_another_plan_count(tmp_path):
    """The forum is the member's: its meetings while the next plan is co-created count for this one."""
    next_plan = "content/plans/2027-2029/"
    repo = make(tmp_path, {
        PROCESS_YML: meetings("2025-10-15", "2026-01-10"),
        next_plan + "plan.yml": PLAN.replace("start: 2025-09-01", "start: 2027-09-01").replace(
            "end: 2027-08-31", "end: 2029-08-31").replace("phase: implementation", "phase: co-creation").replace(
            "documents:\n  - title: The action plan\n    evidence: action-plan.pdf\n", ""),
        next_plan + "process.yml": meetings("2026-04-05").replace(PROCESS[PROCESS.index("contributions:"):], ""),
    })
    assert checks(repo, at("2026-06-01"))["forum-cadence", "process"].result == "pass"


def test_the_cadence_is_judged_from_the_plan_start(tmp_path):
    later = PLAN.replace("start: 2025-09-01", "start: 2026-09-01").replace("end: 2027-08-31", "end: 2028-08-31") \
        .replace("phase: implementation", "phase: co-creation")
    repo = make(tmp_path, {PROCESS_YML: meetings("2025-03-10"), PLAN_YML: later})
    line = checks(repo, at("2026-06-01"))["forum-cadence", "process"]
    assert line.result == "pass" and "starts on September 1, 2026" in said(line)


def test_ogp_local_one_meeting_in_co_creation_and_two_a_year(tmp_path):
    # co-creation: 2025-03-10; year 1 (September 2025 to August 2026): two meetings
    line = forum(tmp_path / "pass", "2025-03-10", "2025-12-01", "2026-06-15", now="2026-10-01", member=LOCAL_MEMBER)
    assert line.result == "pass", said(line)
    assert "Forum meetings during co-creation, before the plan's start (September 1, 2025): 1." in said(line)
    assert "Forum meetings in year 1 of implementation (September 1, 2025 to August 31, 2026): 2, 2 required." \
        in said(line)
    # one meeting in a year that is over fails; in a year not over yet, it is counted so far
    short = forum(tmp_path / "short", "2025-03-10", "2025-12-01", now="2026-10-01", member=LOCAL_MEMBER)
    assert short.result == "fail" and "(September 1, 2025 to August 31, 2026): 1, 2 required." in said(short)
    so_far = forum(tmp_path / "so-far", "2025-03-10", "2025-12-01", now="2026-06-01", member=LOCAL_MEMBER)
    assert so_far.result == "pass" and "so far in year 1" in said(so_far) and "1, 2 required by its end" in said(so_far)


def test_ogp_local_without_a_co_creation_meeting_fails(tmp_path):
    line = forum(tmp_path, "2025-12-01", "2026-03-01", now="2026-06-01", member=LOCAL_MEMBER)
    assert line.result == "fail" and "Co-creation: no forum meeting before the plan's start" in said(line)



def test_ogp_local_co_creation_counts_only_the_plans_own_record(tmp_path):
    """The forum's meetings during the first plan's implementation do not co-create the next plan:
    its co-creation needs a meeting in its own record; its implementation counts any plan's."""
    next_plan = "content/plans/2027-2029/"
    files = {"content/member.yml": LOCAL_MEMBER,
             PROCESS_YML: meetings("2025-03-10", "2026-11-05", "2027-04-12", "2027-06-20", "2027-10-02", "2028-02-01"),
             next_plan + "plan.yml": PLAN.replace("start: 2025-09-01", "start: 2027-09-01").replace(
                 "end: 2027-08-31", "end: 2029-08-31").replace(
                 "documents:\n  - title: The action plan\n    evidence: action-plan.pdf\n", ""),
             next_plan + "process.yml": "format: 2\n"}
    line = checks(make(tmp_path / "none", files), at("2028-03-01"), plan="2027-2029")["forum-cadence", "process"]
    assert line.result == "fail", said(line)
    assert "Co-creation: no forum meeting before the plan's start (September 1, 2027)." in said(line)
    assert "Forum meetings in year 1 of implementation (September 1, 2027 to August 31, 2028): 2, 2 required." \
        in said(line)  # recorded in the other plan's record: they count for implementation
    own = {**files, next_plan + "process.yml": meetings("2027-05-03").replace(PROCESS[PROCESS.index("contributions:"):], "")}
    line = checks(make(tmp_path / "own", own), at("2028-03-01"), plan="2027-2029")["forum-cadence", "process"]
    assert line.result == "pass", said(line)
    assert "Forum meetings during co-creation, before the plan's start (September 1, 2027): 1." in said(line)

# --- the reasoned response ----------------------------------------------------------------------

def test_contributions_with_their_response_pass_and_none_recorded_warns(tmp_path):
    line = checks(make(tmp_path / "some"), at("2026-06-01"))["reasoned-response", "process"]
    assert line.result == "pass"
    assert said(line) == "Contributions: 1, each with a response and its reason (Included: 1)."
    assert line.url == "plans/2025-2027/co-creation/#contributions"
    none = make(tmp_path / "none", {PROCESS_YML: PROCESS[:PROCESS.index("contributions:")]})
    line = checks(none, at("2026-06-01"))["reasoned-response", "process"]
    assert line.result == "warn" and said(line) == "No contribution is recorded."
    assert "`contributions:`" in fix(line) and "`reason`" in fix(line)


# --- OGP Local: endorsements and the monitoring body ---------------------------------------------

def test_ogp_local_endorsements_and_monitoring_body(tmp_path):
    bare = checks(make(tmp_path / "bare", {"content/member.yml": LOCAL_MEMBER}), at("2026-06-01"))
    assert bare["endorsements", "2025-2027"].result == "fail"
    assert bare["monitoring-body", "2025-2027"].result == "fail"
    assert "`endorsements:`" in fix(bare["endorsements", "2025-2027"])
    assert "`monitoring_body:" in fix(bare["monitoring-body", "2025-2027"])
    plan = PLAN + ("endorsements:\n  - organisation: Open Data Network\n    date: 2025-08-20\n"
                   "  - organisation: {en: Citizens' Budget Watch, fr: Observatoire citoyen du budget}\n"
                   "monitoring_body:\n  name: {en: Testland Transparency Council, fr: Conseil de la transparence}\n")
    full = checks(make(tmp_path / "full", {"content/member.yml": LOCAL_MEMBER, PLAN_YML: plan}), at("2026-06-01"))
    assert full["endorsements", "2025-2027"].result == "pass"
    assert said(full["endorsements", "2025-2027"]) == "Endorsed by: Open Data Network, Citizens' Budget Watch."
    assert full["monitoring-body", "2025-2027"].result == "pass"
    assert full["monitoring-body", "2025-2027"].url == "plans/2025-2027/#monitoring-body"
    national = checks(make(tmp_path / "national"), at("2026-06-01"))
    assert not any(check in compliance.PLAN_CHECKS for check, _ in national), "OGP Local's rules only"


# --- real builds --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lagging(tmp_path_factory):
    """A repository built on 2026-06-01 whose commitment has no evidence and no completion level,
    and whose forum has not met since the plan started."""
    repo = make(tmp_path_factory.mktemp("lagging"), {
        "evidence/2025-2027/open-budget/decree.pdf": None, EVIDENCE_YML: None,
        C_YML: COMMITMENT.replace("    evidence: [decree.pdf]\n", "").replace("    completion: limited\n", "")
        .replace("title: Open data standard adopted", f"title: {json.dumps('Standard adopted ' + HOSTILE)}"),
    })
    run = mkdocs_build(repo.root)
    assert run.code == 0, run.output
    return run.site


HOSTILE = "<script>window.ran=1</script> *loud*"


def row(html: str, row_id: str) -> str:
    found = re.search(r'<tr id="%s"[^>]*>.*?</tr>' % re.escape(row_id), html, re.S)
    assert found, f"no line {row_id}"
    return found.group(0)


def test_the_page_lists_each_check_with_its_result_failures_first(lagging):
    html = (lagging / PAGE).read_text(encoding="utf-8")
    line = row(html, "check-dated-evidence-open-budget")
    assert 'data-ogr-result="fail"' in line
    assert "✗ </span>Fail" in line  # the result in words beside its icon, never colour alone
    assert "No evidence available" in text_of(line)
    assert 'href="../commitments/open-budget/#evidence"' in line  # what it judged
    assert "<code>ogrepo add-evidence 2025-2027/open-budget FILE --date YYYY-MM-DD</code>" in line
    assert all(f'data-label="{label}"' in line for label in ("Result", "Check", "About", "What was found",
                                                             "How to fix it"))
    # the finished milestone without evidence, linked, its title as text
    finished = row(html, "check-finished-milestones-evidence-open-budget")
    assert '<a href="../commitments/open-budget/#milestone-1.1">1.1</a>' in finished
    assert "&lt;script&gt;window.ran=1&lt;/script&gt; *loud*" in finished and "<script>" not in finished
    assert 'data-ogr-result="fail"' in row(html, "check-completion-reported-open-budget")
    assert 'data-ogr-result="fail"' in row(html, "check-forum-cadence-process")
    assert 'data-ogr-result="pass"' in row(html, "check-reasoned-response-process")
    results = re.findall(r'<tr id="check-[^"]+" data-ogr-result="(\w+)"', html)
    assert results == sorted(results, key=["fail", "warn", "pass"].index), "failures first"
    counts = {r: results.count(r) for r in ("pass", "warn", "fail")}
    for result, n in counts.items():
        assert f'<span data-ogr-count="{result}">{n}</span>' in html
    # the moment the panel was computed
    assert 'Checked on <time datetime="2026-06-01T00:00:00+00:00">June 1, 2026</time>' in html


def test_a_passing_line_that_fails_with_time_carries_its_moment(lagging):
    html = (lagging / PAGE).read_text(encoding="utf-8")
    line = row(html, "check-updated-open-budget")
    assert 'data-ogr-result="pass"' in line
    assert '<span class="ogr-result ogr-result--fail" data-stale-after="2026-11-01T10:00:00+02:00" hidden>' in line
    assert "data-ogr-until-stale" in line
    assert "Not updated since May 1, 2026: more than 6 months." not in text_of(line)  # hidden until then
    assert "Not updated since May 1, 2026: more than 6 months." in line


def test_the_plan_page_links_to_the_panel_and_the_french_site_has_it(lagging):
    plan = (lagging / "plans/2025-2027/index.html").read_text(encoding="utf-8")
    assert 'href="compliance/"' in plan
    french = (lagging / "fr" / PAGE).read_text(encoding="utf-8")
    assert "Aucune preuve disponible" in text_of(row(french, "check-dated-evidence-open-budget"))
    assert '<html lang="fr"' in french


def test_the_panel_is_in_the_navigation_after_the_evidence(lagging):
    html = (lagging / "plans/2025-2027/index.html").read_text(encoding="utf-8")
    nav = html[html.index('class="md-nav md-nav--primary"'):]
    nav = nav[:nav.index("</nav>\n</div>")] if "</nav>\n</div>" in nav else nav
    where = [nav.index(f'href="{page}/"') for page in ("co-creation", "commitments", "evidence", "compliance")]
    assert where == sorted(where), "co-creation, commitments, evidence, compliance"


def test_repository_json_carries_the_panel_in_every_language_and_validates(lagging):
    data = json.loads((lagging / "data/repository.json").read_text(encoding="utf-8"))
    schema = json.loads((lagging / "data/repository.schema.json").read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(data))
    assert not errors, [e.message for e in errors[:5]]
    lines = {(x["check"], x["subject"]): x for x in data["plans"][0]["compliance"]}
    missing = lines["dated-evidence", "open-budget"]
    assert missing["result"] == "fail"
    assert missing["detail"]["en"].startswith("No evidence available")
    assert missing["detail"]["fr"].startswith("Aucune preuve disponible")
    assert set(missing["fix"]) == {"en", "fr"}
    assert missing["url"] == "https://ogp.example/repo/plans/2025-2027/commitments/open-budget/#evidence"
    fresh = lines["updated", "open-budget"]
    assert fresh["result"] == "pass" and fresh["fails_after"] == "2026-11-01T10:00:00+02:00"
    assert lines["reasoned-response", "process"]["fix"] is None
    # the published schema refuses a result that is not one of the three
    broken = json.loads(json.dumps(data))
    broken["plans"][0]["compliance"][0]["result"] = "ok"
    assert list(Draft202012Validator(schema).iter_errors(broken))


# --- the example --------------------------------------------------------------------------------

def test_the_example_shows_every_outcome_as_a_lagging_agency_would():
    now = datetime(2026, 11, 22, tzinfo=timezone.utc)
    result = build.check(build.Options(root=ROOT), now)
    assert result.ok
    lines = [c for plan in result.repo.plans for c in compliance.plan_checks(plan, result.repo, now, 6)]
    assert {c.result for c in lines} == {"pass", "warn", "fail"}
    current = {(c.check, c.subject): c.result for c in compliance.plan_checks(
        next(p for p in result.repo.plans if p.id == "2025-2027"), result.repo, now, 6)}
    # the challenge commitment nobody reported on: no evidence, a milestone finished without any, no level
    assert current["dated-evidence", "climate-finance-tables"] == "fail"
    assert current["finished-milestones-evidence", "climate-finance-tables"] == "fail"
    assert current["completion-reported", "climate-finance-tables"] == "fail"
    assert current["forum-cadence", "process"] == "warn"  # four months between two meetings


# --- in the browser -----------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("opened, failed", [("2026-06-02", False), ("2026-11-02", True)])
def test_a_line_fails_in_the_browser_when_its_moment_passes(chromium, lagging, opened, failed):
    """Built on June 1; the commitment and the process were last updated on May 1, due by November 1:
    a site not rebuilt shows both lines failed from then on, and the summary counts them."""
    html = (lagging / PAGE).read_text(encoding="utf-8")
    built = {r: int(re.search(r'data-ogr-count="%s">(\d+)<' % r, html).group(1)) for r in ("pass", "fail")}
    with browser.serve(lagging) as url:
        context = chromium.new_context(viewport={"width": 390, "height": 900})
        context.clock.install(time=at(opened))
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url + "plans/2025-2027/compliance/")
        for subject in ("open-budget", "process"):
            line = page.locator(f"#check-updated-{subject}")
            assert line.get_attribute("data-ogr-result") == ("fail" if failed else "pass")
            assert line.locator(".ogr-result--fail").is_visible() is failed
            assert line.locator(".ogr-result--pass").is_visible() is not failed
            assert ("Not updated since May 1, 2026" in line.inner_text()) is failed
            # on a phone, its fix appears with it (and no empty "How to fix it" before)
            assert line.locator("td[data-ogr-later]").is_visible() is failed
        moved = 2 if failed else 0
        assert page.locator('[data-ogr-count="fail"]').inner_text() == str(built["fail"] + moved)
        assert page.locator('[data-ogr-count="pass"]').inner_text() == str(built["pass"] - moved)
        assert not errors, errors
        context.close()
        context.close()
