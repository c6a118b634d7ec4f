"""An official starts a repository and publishes with commands, without writing YAML from nothing:
`ogrepo init`, `ogrepo new plan|commitment`, `ogrepo add-evidence`, `ogrepo update`. Everything
they write builds strictly at once, validates against the schemas it names, and nothing is ever
overwritten."""

from __future__ import annotations

import hashlib
import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from conftest import NOW, ROOT, Run, env, mkdocs_build

import ogrepo
from ogrepo import cli_scaffold, scaffold, schema, yamlfile
from ogrepo.config import OgrepoConfig

FIRST = "2026-05-04T09:00:00+02:00"  # ogrepo init's commit
SECOND = "2026-05-20T15:30:00+02:00"  # the plan, commitment, evidence and update
C = "content/plans/2025-2027/commitments/open-budget.yml"
EV = "evidence/2025-2027/open-budget/evidence.yml"
INIT = ("--name", "Republic of Testland", "--level", "national", "--languages", "en,fr",
        "--site-url", "https://testland.github.io/opengov/", "--plan", "2025-2027",
        "--lead-agency", "Open Government Office", "--contact-name", "Ana Point",
        "--contact-email", "ana.point@testland.example")


def no_git_user(tmp_path: Path) -> dict:
    """An environment where git knows no user (a fresh computer): init must set one for the repository."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": str(home / ".gitconfig")}


def og(cwd: Path, *args: str, **extra) -> Run:
    """`ogrepo …` as an official runs it, at the tests' "now" (2026-06-01), with nobody at the terminal."""
    p = subprocess.run([sys.executable, "-m", "ogrepo", *args], cwd=cwd, env=env(NOW, **extra), capture_output=True,
                       text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert "Traceback" not in p.stdout + p.stderr, p.stdout + p.stderr
    return Run(p.returncode, p.stdout, p.stderr, Path(cwd) / "site")


def git(root: Path, *args: str, date: str | None = None) -> str:
    extra = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
    return subprocess.run(["git", *args], cwd=root, env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1", **extra},
                          check=True, capture_output=True, text=True).stdout


def commit(root: Path, message: str, date: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)


@pytest.fixture
def started(tmp_path) -> Path:
    """A repository made by `ogrepo init` and committed on 4 May 2026."""
    run = og(tmp_path, "init", "repo", *INIT, GIT_AUTHOR_DATE=FIRST, GIT_COMMITTER_DATE=FIRST, **no_git_user(tmp_path))
    assert run.code == 0, run.output
    return tmp_path / "repo"


def _data(path: Path):
    doc, problems = yamlfile.load(path.read_text(encoding="utf-8"), path.name)
    assert not problems, problems
    return doc.data


def _validate_yaml_files(root: Path) -> int:
    """Every YAML file starts with its schema's modeline, and validates against that schema."""
    checked = 0
    for path in sorted(root.rglob("*.yml")):
        rel = path.relative_to(root).as_posix()
        if rel.startswith((".git/", "site/")):
            continue
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), rel
        ref = first.split("$schema=", 1)[1]
        if ref.startswith("https://"):  # GitHub's own files: schemas from schemastore.org
            assert rel.startswith(".github/"), rel
            continue
        target = (path.parent / ref).resolve()
        kind = scaffold.kind_of(rel) or "mkdocs"
        assert target == (root / "schemas" / f"{kind}.schema.json").resolve(), (rel, ref)
        validator = jsonschema.Draft202012Validator(json.loads(target.read_text()),
                                                    format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        errors = [e.message for e in validator.iter_errors(_data(path))]
        assert not errors, (rel, errors)
        checked += 1
    return checked


# --- from an empty folder to a published update -------------------------------------------------

def test_an_official_starts_a_repository_and_publishes_with_commands(tmp_path):
    gitless = no_git_user(tmp_path)
    run = og(tmp_path, "init", "repo", *INIT, GIT_AUTHOR_DATE=FIRST, GIT_COMMITTER_DATE=FIRST, **gitless)
    assert run.code == 0, run.output
    root = tmp_path / "repo"
    tracked = git(root, "ls-files").split()
    assert {"mkdocs.yml", "content/member.yml", "content/authors-guide.md", "content/plans/2025-2027/plan.yml",
            "requirements.txt", ".gitignore", ".github/workflows/publish.yml", ".github/dependabot.yml",
            "schemas/commitment.schema.json", ".vscode/settings.json"} <= set(tracked)
    assert all(f"repo/{path}" in run.out for path in tracked), "every file written is named"
    # git knew no user: the repository has its own, and the first commit its date
    assert "git has no user.name" in run.out
    assert git(root, "log", "--format=%an|%aI|%s").splitlines() == [
        f"Open government repository|{FIRST}|{cli_scaffold.GIT_MESSAGE}"]
    assert git(root, "symbolic-ref", "HEAD").strip() == "refs/heads/main"
    assert og(root, "check", "--strict").code == 0
    first_build = mkdocs_build(root, site=tmp_path / "first-site")
    assert first_build.code == 0, first_build.output  # it builds at once

    run = og(root, "new", "plan", "2027-2029", "--title", "Fourth National Action Plan")
    assert run.code == 0, run.output
    assert run.out.splitlines()[:2] == ["content/plans/2027-2029/plan.yml", "content/plans/2027-2029/process.yml"]
    run = og(root, "new", "commitment", "2025-2027", "open-budget", "--title", "Open budget data",
             "--lead", "Ministry of Finance")
    assert run.code == 0, run.output
    assert run.out.splitlines()[0] == C
    check = og(root, "check", "--strict")
    assert check.code == 0, check.output  # valid as written, before anything is filled in

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    release = downloads / "Budget release 2026-05.csv"
    release.write_text("quarter,programme,amount\n2026-Q1,Health,1200000\n2026-Q1,Education,950000\n")
    (downloads / "forum-minutes.txt").write_text("Minutes of the forum meeting of 12 May 2026.\n")
    run = og(root, "add-evidence", "2025-2027/open-budget", str(release), "--title", "Quarterly budget release, May 2026",
             "--date", "2026-05-15", "--kind", "dataset", "--milestone", "1.1", "--language", "en")
    assert run.code == 0, run.output
    assert run.out.splitlines()[:2] == ["evidence/2025-2027/open-budget/Budget release 2026-05.csv", EV]
    assert (root / "evidence/2025-2027/open-budget/Budget release 2026-05.csv").read_bytes() == release.read_bytes()
    run = og(root, "add-evidence", "2025-2027/process", str(downloads / "forum-minutes.txt"), "--kind", "minutes")
    assert run.code == 0, run.output

    run = og(root, "update", "2025-2027/open-budget")
    assert run.code == 0, run.output
    assert run.out.splitlines()[0] == C
    text = (root / C).read_text()
    assert '"TODO: what was done in the period, with figures"' in text
    (root / C).write_text(text.replace('"TODO: what was done in the period, with figures"',
                                       "The first quarterly release was published as open data."))
    commit(root, "Plan 2027-2029, commitment open-budget, its evidence and first update", SECOND)
    assert og(root, "check", "--strict").code == 0
    assert _validate_yaml_files(root) >= 9

    build = mkdocs_build(root)
    assert build.code == 0, build.output
    data = json.loads((build.site / "data/repository.json").read_text())
    assert [p["id"] for p in data["plans"]] == ["2027-2029", "2025-2027"]
    plan = data["plans"][1]
    assert data["plans"][0]["title"] == {"en": "Fourth National Action Plan"}
    [c] = plan["commitments"]
    assert c["id"] == "open-budget" and c["title"] == {"en": "Open budget data"}
    [evidence] = c["evidence"]
    assert evidence["title"] == {"en": "Quarterly budget release, May 2026"}
    assert evidence["date"] == "2026-05-15" and evidence["milestone"] == "1.1"
    assert evidence["sha256"] == hashlib.sha256(release.read_bytes()).hexdigest()
    [update] = c["updates"]
    assert update["date"] == "2026-06-01"
    assert update["progress"] == {"en": "The first quarterly release was published as open data."}
    assert [e["source_path"] for e in plan["process"]["evidence"]] == ["evidence/2025-2027/process/forum-minutes.txt"]
    assert plan["process"]["evidence"][0]["title"] == {"en": "Forum minutes"}
    page = (build.site / "plans/2025-2027/commitments/open-budget/index.html").read_text()
    assert "Quarterly budget release, May 2026" in page and "The first quarterly release" in page


def test_a_broken_file_fails_the_check_with_its_file_and_line(started):
    assert og(started, "new", "commitment", "2025-2027", "open-budget", "--title", "Open budget data").code == 0
    path = started / C
    text = path.read_text()
    path.write_text(text.replace("values: [access-to-information]", "values: [open-everything]"))
    line = text[:text.index("values: [access-to-information]")].count("\n") + 1
    run = og(started, "check")
    assert run.code == 1
    assert f"{C}:{line}:10: error: 'open-everything' is not an allowed value for 'values'" in run.err
    assert "hint:" in run.err


def test_init_without_flags_or_terminal_writes_placeholders_that_build(tmp_path):
    run = og(tmp_path, "init", "plain", "--no-git")
    assert run.code == 0, run.output
    root = tmp_path / "plain"
    assert not (root / ".git").exists() and "git:" not in run.out
    member = _data(root / "content/member.yml")
    assert member["name"].startswith("TODO") and member["languages"] == ["en"] and member["level"] == "national"
    assert "# site_url:" in (root / "mkdocs.yml").read_text()  # left for the official, with no tag authority
    git(root, "init", "-q")
    git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "add", "-A")
    git(root, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "start", date=FIRST)
    build = mkdocs_build(root)
    assert build.code == 0, build.output


def test_init_keeps_the_git_user_already_configured(tmp_path):
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text("[user]\n\tname = Ana Point\n\temail = ana.point@testland.example\n")
    run = og(tmp_path, "init", "repo", "--name", "Testland", GIT_CONFIG_GLOBAL=str(gitconfig), GIT_CONFIG_NOSYSTEM="1")
    assert run.code == 0, run.output
    assert "git has no" not in run.out
    assert "[user]" not in (tmp_path / "repo/.git/config").read_text()
    assert git(tmp_path / "repo", "log", "--format=%an").strip() == "Ana Point"


def test_init_asks_when_a_person_is_at_the_terminal(tmp_path):
    master, slave = pty.openpty()
    p = subprocess.Popen([sys.executable, "-m", "ogrepo", "init", "city", "--no-git"], cwd=tmp_path,
                         stdin=slave, stdout=slave, stderr=slave, env=env(NOW), close_fds=True)
    os.close(slave)
    seen = b""

    def until(prompt: bytes):
        nonlocal seen
        deadline = time.monotonic() + 60
        while prompt not in seen:
            assert time.monotonic() < deadline, seen.decode(errors="replace")
            if select.select([master], [], [], 1)[0]:
                seen += os.read(master, 4096)

    for prompt, answer in [(b"member's name", "City of Springfield"), (b"Level", "regional"),
                           (b"not a level", "local"), (b"Languages", "en,es"), (b"published", "springfield"),
                           (b"not a web address", "https://opengov.springfield.example/"),
                           (b"leads OGP", ""), (b"contact's name", "Ana Point"), (b"e-mail", "ana@springfield.example")]:
        until(prompt)
        os.write(master, answer.encode() + b"\n")
    until(b"wrote 21 files")
    assert p.wait(timeout=60) == 0
    os.close(master)
    root = tmp_path / "city"
    member = _data(root / "content/member.yml")
    assert member["name"] == "City of Springfield" and member["level"] == "local"
    assert member["languages"] == ["en", "es"] and member["lead_agency"].startswith("TODO")
    assert member["contacts"] == [{"name": "Ana Point", "email": "ana@springfield.example"}]
    settings = (root / "mkdocs.yml").read_text()
    assert "site_url: https://opengov.springfield.example/" in settings
    assert "tag_authority: opengov.springfield.example,2026" in settings  # the host, and the year it starts


def test_init_example_copies_the_bundled_example_which_builds(tmp_path):
    run = og(tmp_path, "init", "taprobane", "--example", GIT_AUTHOR_DATE=FIRST, GIT_COMMITTER_DATE=FIRST)
    assert run.code == 0, run.output
    root = tmp_path / "taprobane"
    for rel in ("content/plans/2025-2027/commitments/whistleblower-protection.yml",
                "evidence/2025-2027/process/Procès-verbal réunion du forum 2025-10-14.pdf"):
        source = (ROOT / rel).read_bytes()
        copied = (root / rel).read_bytes()
        assert copied == source or copied.split(b"\n", 1)[1] == source, rel  # a schema line on top of YAML
    assert (root / "requirements.txt").read_text().strip().endswith(scaffold.requirement())
    assert not (root / "plugins").exists() and not (root / "tests").exists()
    assert _validate_yaml_files(root) >= 20
    build = mkdocs_build(root, now=None)  # the example's dates are real: built today
    assert build.code == 0, build.output


# --- what each command refuses -----------------------------------------------------------------

def test_commands_refuse_to_overwrite_and_change_nothing_when_they_refuse(started, tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes/todo.txt").write_text("mine\n")
    run = og(tmp_path, "init", "notes")
    assert run.code == 1 and "not an empty folder" in run.err
    assert [p.name for p in (tmp_path / "notes").iterdir()] == ["todo.txt"]
    run = og(tmp_path, "init", "example", "--example", "--name", "Testland")
    assert run.code == 1 and "leave out --name" in run.err and not (tmp_path / "example").exists()

    plan = (started / "content/plans/2025-2027/plan.yml").read_bytes()
    run = og(started, "new", "plan", "2025-2027")
    assert run.code == 1 and "content/plans/2025-2027/plan.yml" in run.err and "nothing was written" in run.err
    assert (started / "content/plans/2025-2027/plan.yml").read_bytes() == plan

    assert og(started, "new", "commitment", "2025-2027", "open-budget", "--title", "Open budget data").code == 0
    written = (started / C).read_bytes()
    run = og(started, "new", "commitment", "2025-2027", "open-budget", "--title", "Another")
    assert run.code == 1 and C in run.err and (started / C).read_bytes() == written
    run = og(started, "new", "commitment", "2031-2033", "open-budget", "--title", "No such plan")
    assert run.code == 1 and "there is no plan '2031-2033'" in run.err and "plans: 2025-2027" in run.err
    run = og(started, "new", "commitment", "2025-2027", "process", "--title", "A reserved id")
    assert run.code == 1 and "cannot be a commitment id" in run.err

    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4\n% the report\n")
    assert og(started, "add-evidence", "2025-2027/open-budget", str(report), "--kind", "monitoring-report").code == 0
    meta = (started / EV).read_bytes()
    other = tmp_path / "other" / "report.pdf"
    other.parent.mkdir()
    other.write_bytes(b"%PDF-1.4\n% another report\n")
    run = og(started, "add-evidence", "2025-2027/open-budget", str(other))
    assert run.code == 1 and "report.pdf exists already" in run.err
    assert (started / "evidence/2025-2027/open-budget/report.pdf").read_bytes() == report.read_bytes()
    assert (started / EV).read_bytes() == meta
    for args, message in [(["--milestone", "9.9"], "no milestone or activity '9.9' in commitment open-budget"),
                          (["--kind", "minuets"], "'minuets' is not a kind of evidence"),
                          (["--date", "2026-12-01"], "after today (2026-06-01)")]:
        fresh = tmp_path / "fresh.csv"
        fresh.write_text("a,b\n")
        run = og(started, "add-evidence", "2025-2027/open-budget", str(fresh), *args)
        assert run.code == 1 and message in run.err, run.err
        assert not (started / "evidence/2025-2027/open-budget/fresh.csv").exists()
    run = og(started, "add-evidence", "2025-2027/no-such", str(report))
    assert run.code == 1 and "there is no commitment 'no-such' in plan 2025-2027" in run.err and "open-budget" in run.err

    assert og(started, "update", "2025-2027/open-budget").code == 0
    updated = (started / C).read_bytes()
    run = og(started, "update", "2025-2027/open-budget")
    assert run.code == 1 and "already an update dated 2026-06-01" in run.err
    run = og(started, "update", "2025-2027/open-budget", "--date", "2026-06-02")
    assert run.code == 1 and "after today" in run.err
    run = og(started, "update", "2025-2027/open-budget", "--period", "summer")
    assert run.code == 2 and "not a reporting period" in run.err
    assert (started / C).read_bytes() == updated


@pytest.mark.parametrize("command", [["init"], ["new"], ["new", "plan"], ["new", "commitment"], ["add-evidence"],
                                     ["update"]], ids=" ".join)
def test_every_command_has_help(command, tmp_path):
    run = og(tmp_path, *command, "--help")
    assert run.code == 0, run.output
    assert run.out.startswith(f"usage: ogrepo {' '.join(command)}")
    assert list(tmp_path.iterdir()) == []


# --- what the commands write -------------------------------------------------------------------

def test_a_tracker_report_is_appended_with_each_status_and_the_file_is_otherwise_untouched(started):
    assert og(started, "new", "commitment", "2025-2027", "open-budget", "--title", "Open budget data").code == 0
    path = started / C
    text = path.read_text().replace("    # activities:", '    activities:\n      - {id: "1.1.1", code: C1.1.1, title: '
                                                         'Standard drafted, due: 2026-Q2}\n    # activities:', 1)
    text += ("updates:   # what we reported\n"
             "  - date: 2026-04-15\n"
             "    progress: Work started.\n"
             '    milestones: {"1.1": in-progress}\n'
             "    completion: limited\n")
    path.write_text(text)
    run = og(started, "update", "2025-2027/open-budget", "--period", "Q2 2026")
    assert run.code == 0, run.output
    after = path.read_text()
    assert after.startswith(text)  # comments, order and layout kept: the report is added at the end
    data = _data(path)
    report = data["updates"][-1]
    assert report["period"] == "2026-Q2" and report["date"] == "2026-06-01"
    assert report["items"] == {"1.1": {"status": "in-progress"}}  # the activity was never reported: commented
    assert report["completion"] == "limited"
    assert "in-progress since 2026-04-15" in after and '# "1.1.1": {status: not-started}  ' in after
    assert og(started, "check", "--strict").code == 0


def test_a_dated_update_covers_the_time_since_the_last_one_and_cites_new_evidence(started, tmp_path):
    assert og(started, "new", "commitment", "2025-2027", "open-budget", "--title", "Open budget data").code == 0
    path = started / C
    path.write_text(path.read_text() + 'updates:\n- date: 2026-01-10\n  period: {start: 2025-09-01, end: 2025-12-31}\n'
                                       '  milestones: {"1.1": stuck}\n')
    data = tmp_path / "release.csv"
    data.write_text("a,b\n1,2\n")
    assert og(started, "add-evidence", "2025-2027/open-budget", str(data)).code == 0
    assert og(started, "update", "2025-2027/open-budget").code == 0
    update = _data(path)["updates"][-1]
    assert update["period"] == {"start": "2026-01-01", "end": "2026-06-01"}
    assert update["milestones"] == {"1.1": "stuck"} and update["evidence"] == ["release.csv"]
    assert "- date: 2026-06-01" in path.read_text()  # the file's own indentation (an unindented list)
    assert og(started, "check", "--strict").code == 0


def test_entries_are_added_to_files_written_by_hand():
    flow = '# mine\nformat: 2\nupdates: [{date: 2026-01-10, progress: x}]   # one line\ntitle: T\n'
    added = scaffold.add_entries(flow, "updates", "- date: 2026-02-01\n  progress: y\n",
                                 [{"date": "2026-02-01", "progress": "y"}])
    assert added.startswith("# mine\n") and "# one line" in added  # ruamel.yaml's round trip keeps comments
    assert _load(added)["updates"] == [{"date": "2026-01-10", "progress": "x"}, {"date": "2026-02-01", "progress": "y"}]
    empty = "format: 2\nfiles: {}    # none yet\nlinks:\n  - {id: a, title: A, url: 'https://a.example', kind: other}\n"
    added = scaffold.add_entries(empty, "files", "a.pdf:\n  title: A\n  kind: other\n", {"a.pdf": {"title": "A", "kind": "other"}})
    assert added == ("format: 2\nfiles:  # none yet\n  a.pdf:\n    title: A\n    kind: other\n"
                     "links:\n  - {id: a, title: A, url: 'https://a.example', kind: other}\n")
    crlf = "format: 2\r\nfiles:\r\n    b.pdf: {title: B, kind: other}\r\n# the links\r\nlinks: []\r\n"
    added = scaffold.add_entries(crlf, "files", "a.pdf:\n  title: A\n  kind: other\n", {"a.pdf": {"title": "A", "kind": "other"}})
    assert added == ("format: 2\r\nfiles:\r\n    b.pdf: {title: B, kind: other}\r\n    a.pdf:\r\n      title: A\r\n"
                     "      kind: other\r\n# the links\r\nlinks: []\r\n")


def _load(text: str):
    doc, problems = yamlfile.load(text, "x.yml")
    assert not problems
    return doc.data


def _keys(text: str) -> set[str]:
    """Every field written in a template, in use or commented out."""
    return set(re.findall(r"^[ #-]*([a-z_]+):", text, re.M))


def test_the_templates_hold_every_field_of_their_schema(tmp_path):
    kinds = schema.schemas(schema.vocab.Vocabularies())
    texts = scaffold.plan_files("2025-2027", "Plan", "2025", "2027", "implementation")
    commitment = scaffold.commitment_text("2025-2027", "c", "T", None, "2025", "2027", 1, "x.json")
    member = scaffold.member_yml(scaffold.Member())
    evidence = scaffold.new_evidence_yml([scaffold.EvidenceEntry("a.pdf", "A", "other")], "x.json", "evidence/p/c")
    former = {"lead_agency", "lead_stakeholder"}  # format 1's names, read but never written
    c = kinds["commitment"]["properties"]
    milestone = c["milestones"]["items"]["properties"]
    expected = {
        "commitment": (commitment, set(c) - former | set(milestone) | set(milestone["activities"]["items"]["properties"])
                       | set(c["updates"]["items"]["properties"]) | set(c["irm"]["properties"])
                       | set(c["resources"]["properties"]) | set(c["other_actors"]["properties"])
                       | set(schema.ORGANISATION["properties"]) | set(schema.CONTACT["properties"])),
        "plan": (texts["content/plans/2025-2027/plan.yml"], set(kinds["plan"]["properties"])),
        "process": (texts["content/plans/2025-2027/process.yml"], set(kinds["process"]["properties"])
                    | {k for v in kinds["process"]["properties"].values() if v.get("type") == "array"
                       for k in v["items"].get("properties", {})}),
        "member": (member, set(kinds["member"]["properties"]) | set(schema.CONTACT["properties"])),
        "evidence": (evidence, set(kinds["evidence"]["properties"])
                     | set(kinds["evidence"]["properties"]["links"]["items"]["properties"])),
    }
    for kind, (text, fields) in expected.items():
        missing = fields - _keys(text)
        assert not missing, f"{kind}: {sorted(missing)}"
        assert text.startswith("# yaml-language-server: $schema="), kind
        assert _load(text)["format"] == schema.FORMAT


def test_a_new_repository_names_the_tool_as_a_versioned_package_and_gets_its_workflows(started):
    major, minor = ogrepo.__version__.split(".")[:2]
    assert (started / "requirements.txt").read_text().splitlines()[-1] == f"ogrepo>={major}.{minor},<{int(major) + 1}"
    dependabot = _data(started / ".github/dependabot.yml")
    assert {u["package-ecosystem"] for u in dependabot["updates"]} == {"pip", "github-actions"}
    for name in ("publish.yml", "check.yml", "stale-reminder.yml", "check-links.yml"):
        written = (started / ".github/workflows" / name).read_text()
        assert written == scaffold.modeline(scaffold.WORKFLOW_SCHEMA) + (scaffold.STARTER / "workflows" / name).read_text()
    assert not (started / ".github/workflows/test.yml").exists()  # the tool's own tests stay with the tool
    assert (started / "content/authors-guide.md").read_text() == (ROOT / "content/authors-guide.md").read_text()
    settings = json.loads((started / ".vscode/settings.json").read_text())
    assert settings["yaml.schemas"]["./schemas/commitment.schema.json"] == "content/plans/*/commitments/*.yml"
    assert all((started / path).is_file() for path in settings["yaml.schemas"])
    assert (started / ".gitignore").read_text().split() == ["site/", "__pycache__/", ".venv/"]
    assert "tag_authority: testland.github.io,2026" in (started / "mkdocs.yml").read_text()
    assert "repo_url: https://github.com/testland/opengov" in (started / "mkdocs.yml").read_text()


def test_the_starter_copies_are_the_repository_s_own():
    """The package ships copies (a wheel has no .github/): they are kept equal to the originals."""
    for name in ("publish.yml", "check.yml", "stale-reminder.yml", "check-links.yml"):
        assert (scaffold.STARTER / "workflows" / name).read_text() == (ROOT / ".github/workflows" / name).read_text(), (
            f"copy .github/workflows/{name} to plugins/ogrepo/starter/workflows/")
    assert (scaffold.STARTER / "authors-guide.md").read_text() == (ROOT / "content/authors-guide.md").read_text(), (
        "copy content/authors-guide.md to plugins/ogrepo/starter/authors-guide.md")


def test_the_settings_schema_knows_every_plugin_option():
    assert set(scaffold.PLUGIN_OPTIONS) == {name for name, _ in OgrepoConfig._schema}


def test_periods_and_values_as_officials_write_them():
    assert [scaffold.parse_period(p) for p in ("Q1 2027", "2027 q1", "2027-Q1", "h2 2026", "2026-03", "2026")] == [
        "2027-Q1", "2027-Q1", "2027-Q1", "2026-H2", "2026-03", "2026"]
    with pytest.raises(ValueError, match="not a reporting period"):
        scaffold.parse_period("Q5 2027")
    assert scaffold.parse_languages("en, fr") == ["en", "fr"]
    assert scaffold.parse_site_url("https://a.example.gov/og") == "https://a.example.gov/og/"
    assert scaffold.tag_authority("https://a.example.gov/og/", 2026) == "a.example.gov,2026"
    assert scaffold.tag_authority("http://localhost:8000/", 2026) is None
    assert scaffold.schema_ref("content/plans/p/commitments/c.yml", "commitment") == "../../../../schemas/commitment.schema.json"
    # a repository without schemas/ (made before `ogrepo init` existed): the copy its site publishes
    assert scaffold.schema_ref("evidence/p/c/evidence.yml", "evidence", local=False, site_url="https://t.example/og/") == (
        f"https://t.example/og/data/schemas/{schema.FORMAT}/evidence.schema.json")
    for value in ("Open budget data", "TODO: x", "2026", "1.1", "true", "a #b", "- x", "x: y", "'q'", "", "é ü"):
        assert _load(f"v: {scaffold.scalar(value)}\n") == {"v": value}, value
