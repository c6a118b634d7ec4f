"""The commands that write content, for officials: `ogrepo init`, `ogrepo new plan|commitment`,
`ogrepo add-evidence` and `ogrepo update`.

An adapter: it asks (when a person is at the terminal), reads the repository and its settings,
copies files, runs git and prints every file it wrote. The texts themselves are made in
scaffold.py. Every command refuses to overwrite a file and changes nothing when it refuses.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import clock, dates, resources, scaffold, vocab, yamlfile
from .load import METADATA, PROCESS, RESERVED_COMMITMENT_IDS

GIT_MESSAGE = "Start the open government repository (ogrepo init)"


class Refused(Exception):
    """What the command can't do, and what to do instead: printed as `ogrepo: …`, exit 1."""


def _checked(parse):
    """An argparse type from a scaffold.parse_* function: its message on a wrong value."""
    def check(text):
        try:
            return parse(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    check.__name__ = parse.__name__.replace("parse_", "")
    return check


def _runs(function):
    """A command's run: Refused and what the settings or the clock say are messages, not bugs."""
    def run(args) -> int:
        from .config import SettingsError

        try:
            return function(args)
        except (Refused, SettingsError, clock.ClockError, FileExistsError) as exc:
            print(f"ogrepo: {exc}", file=sys.stderr)
            return 1
    return run


def add_scaffold(sub) -> None:
    add_init(sub)
    add_new(sub)
    add_add_evidence(sub)
    add_update(sub)


# --- ogrepo init ------------------------------------------------------------------------------

def add_init(sub) -> None:
    p = sub.add_parser(
        "init", help="start a new repository that builds at once",
        description="Write a new repository into DIR (new or empty): the member file to fill in, a first plan, "
                    "mkdocs.yml, requirements.txt naming this tool as a package, the GitHub workflows, the authors' "
                    "guide, the JSON Schemas and editor settings; then `git init` and a first commit. Missing values "
                    "are asked when you run it in a terminal; otherwise flags or placeholders (TODO) are used.")
    p.add_argument("dir", metavar="DIR", help="the folder of the new repository (new or empty)")
    p.add_argument("--name", help="the member's name, e.g. 'Republic of Testland' or 'City of Springfield'")
    p.add_argument("--level", type=_checked(scaffold.parse_level), help="national, local or joint-local (OGP Local)")
    p.add_argument("--languages", type=_checked(scaffold.parse_languages),
                   help="the site's languages, the first shown first, e.g. en or en,fr (default: en)")
    p.add_argument("--site-url", type=_checked(scaffold.parse_site_url),
                   help="where the site will be published, e.g. https://<account>.github.io/<repository>/")
    p.add_argument("--lead-agency", help="the agency that leads the member's OGP work")
    p.add_argument("--contact-name", help="the point of contact's name")
    p.add_argument("--contact-email", type=_checked(scaffold.parse_email), help="the point of contact's e-mail")
    p.add_argument("--plan", type=_checked(lambda v: scaffold.check_id(v, "plan")),
                   help="the id of the first plan, e.g. 2025-2027 (default: this year to two years on)")
    p.add_argument("--example", action="store_true",
                   help="copy the bundled example (the fictional Taprobane) instead; needs ogrepo's source checkout")
    p.add_argument("--no-git", action="store_true", help="do not run `git init` nor commit")
    p.set_defaults(run=_runs(run_init))


def run_init(args) -> int:
    root = Path(args.dir)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise Refused(f"{root} is not an empty folder: give a new folder, or an empty one")
    today = clock.build_time().date()
    given = [f"--{q[0].replace('_', '-')}" for q in QUESTIONS if getattr(args, q[0]) is not None]
    if args.example and (given or args.plan):
        raise Refused(f"--example copies Taprobane's repository as it is: leave out {', '.join(given or ['--plan'])}")
    if args.example:
        files = scaffold.example_repository(_example_source())
        plan_id = None
    else:
        member = _member(args, sys.stdin.isatty())
        plan_id = args.plan or scaffold.default_plan_id(today)
        files = scaffold.new_repository(member, today, plan_id)
    root.mkdir(parents=True, exist_ok=True)
    for path in scaffold.write_new(root, files):
        print(path)
    print(f"wrote {len(files)} files into {root}")
    if not args.no_git:
        _git_init(root)
    _next_steps(root, plan_id)
    return 0


def _example_source() -> Path:
    """This tool's own repository, which is the example: found beside the package in a source checkout."""
    source = resources.PACKAGE.parent.parent
    if (source / "mkdocs.yml").is_file() and (source / "content/member.yml").is_file() and (source / "evidence").is_dir():
        return source
    raise Refused("the example is ogrepo's own repository, which is not installed with the package: clone ogrepo's "
                  "source, install it from there (pip install -e .) and run `ogrepo init --example DIR` again")


QUESTIONS = (  # (attribute, question, how the answer is read, default shown)
    ("name", "The member's name (e.g. Republic of Testland)", str, None),
    ("level", "Level: national, local or joint-local", scaffold.parse_level, "national"),
    ("languages", "Languages of the site, the first shown first (e.g. en,fr)", scaffold.parse_languages, "en"),
    ("site_url", "Where the site will be published (e.g. https://<account>.github.io/<repository>/)",
     scaffold.parse_site_url, None),
    ("lead_agency", "The agency that leads OGP work", str, None),
    ("contact_name", "The point of contact's name", str, None),
    ("contact_email", "The point of contact's e-mail", scaffold.parse_email, None),
)


def _member(args, interactive: bool) -> scaffold.Member:
    member = scaffold.Member()
    for attribute, question, parse, default in QUESTIONS:
        value = getattr(args, attribute)
        if value is None and interactive:
            value = _ask(question, parse, default)
        if value is None and default is not None:
            value = parse(default)
        if value is not None and value != "":
            setattr(member, attribute, value)
    return member


def _ask(question: str, parse, default: str | None):
    """Ask until the answer reads; an empty answer takes the default (or leaves the field to fill in)."""
    while True:
        try:
            answer = input(f"{question}" + (f" [{default}]" if default else " [leave empty to fill in later]") + ": ")
        except EOFError:
            return None
        answer = answer.strip()
        if not answer:
            return None
        try:
            return parse(answer)
        except ValueError as exc:
            print(f"  {exc}")


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)


def _git_init(root: Path) -> None:
    """`git init` on main and a first commit; a local author only when git has none (said so)."""
    if shutil.which("git") is None:
        print("ogrepo: git is not installed: install it, then run `git init` and commit; the site is dated from "
              "git history", file=sys.stderr)
        return
    for step in (("init", "-q"), ("symbolic-ref", "HEAD", "refs/heads/main")):
        _git(root, *step)
    for key, value in (("user.name", "Open government repository"), ("user.email", "ogrepo@localhost")):
        if not _git(root, "config", key).stdout.strip():
            _git(root, "config", key, value)
            print(f"git has no {key}: this repository's commits are signed '{value}' until you run "
                  f"`git config {key} \"…\"` in it")
    _git(root, "add", "-A")
    done = _git(root, "commit", "-q", "-m", GIT_MESSAGE)
    if done.returncode:
        print(f"ogrepo: the files are written but git could not commit them: {done.stderr.strip()}", file=sys.stderr)
    else:
        print(f"git: initialised {root} (branch main) and committed the files")


def _next_steps(root: Path, plan_id: str | None) -> None:
    print("next:")
    print(f"  cd {root}")
    print("  pip install -r requirements.txt   # the tool, as a package")
    if plan_id:
        print(f"  # write every TODO of content/member.yml and content/plans/{plan_id}/plan.yml")
        print(f"  ogrepo new commitment {plan_id} <commitment-id> --title \"…\"")
    print("  ogrepo check && mkdocs serve      # then push to GitHub: .github/workflows/publish.yml publishes it")


# --- the repository a command works in ---------------------------------------------------------

@dataclass
class Repository:
    root: Path
    content: str
    evidence: str
    site_url: str | None
    vocabularies: vocab.Vocabularies

    def schema_ref(self, rel: str, kind: str) -> str:
        local = (self.root / scaffold.SCHEMAS / f"{kind}.schema.json").is_file()
        return scaffold.schema_ref(rel, kind, local, self.site_url)

    def plan_folder(self, plan_id: str) -> str:
        return f"{self.content}/plans/{plan_id}"

    def read(self, rel: str) -> dict:
        """A content file's data, or Refused saying what is wrong with it."""
        path = self.root / rel
        if not path.is_file():
            raise Refused(f"there is no {rel}")
        doc, problems = yamlfile.load(path.read_text(encoding="utf-8-sig"), rel)
        if problems or not isinstance(doc.data, dict):
            shown = "\n".join(str(p) for p in problems) or f"{rel}: not a 'key: value' file"
            raise Refused(f"{rel} cannot be read; fix it first (`ogrepo check` lists every problem):\n{shown}")
        return doc.data


def _repository(root: str) -> Repository:
    from .config import load

    options, _ = load(Path(root).resolve())
    return Repository(options.root, options.content, options.evidence, options.site_url, options.vocabularies)


def _root_option(parser) -> None:
    parser.add_argument("--root", default=".", help="the repository (the folder with mkdocs.yml); default: here")


def _write(repo: Repository, files: dict[str, str]) -> int:
    for path in scaffold.write_new(repo.root, files):
        print(path.relative_to(repo.root).as_posix())
    return 0


def _plan(repo: Repository, plan_id: str) -> dict:
    rel = f"{repo.plan_folder(plan_id)}/plan.yml"
    if not (repo.root / rel).is_file():
        plans = sorted(p.name for p in (repo.root / repo.content / "plans").glob("*") if (p / "plan.yml").is_file())
        raise Refused(f"there is no plan '{plan_id}' ({rel})" + (f"; plans: {', '.join(plans)}" if plans else
                                                                 f"; add one with `ogrepo new plan {plan_id}`"))
    return repo.read(rel)


def _date_of(value) -> str | None:
    """A plan's date as written (its date alone when it also gives the plan's words)."""
    if isinstance(value, dict):
        value = value.get("date")
    return value if isinstance(value, str) else None


# --- ogrepo new plan / new commitment ---------------------------------------------------------

def add_new(sub) -> None:
    new = sub.add_parser("new", help="write a new plan or commitment file, every field of its template present",
                         description="Write a new content file with every field of OGP's template: the required ones "
                                     "filled in (texts to write start with TODO), the others commented out.")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="{plan,commitment}")
    plan = kinds.add_parser("plan", help="a new action plan: content/plans/ID/plan.yml and process.yml",
                            description="Write content/plans/ID/plan.yml and process.yml for a new action plan.")
    plan.add_argument("id", metavar="ID", type=_checked(lambda v: scaffold.check_id(v, "plan")),
                      help="the plan's id, e.g. 2025-2027: it makes the plan's address and never changes")
    plan.add_argument("--title", help="the plan's title (default: Action plan ID)")
    plan.add_argument("--start", help="when it starts, as OGP gives it: 2025-09-01, 2025-09, 2025 (default: from ID)")
    plan.add_argument("--end", help="when it ends (default: from ID)")
    _root_option(plan)
    plan.set_defaults(run=_runs(run_new_plan))
    c = kinds.add_parser("commitment", help="a new commitment: content/plans/PLAN/commitments/ID.yml",
                         description="Write content/plans/PLAN/commitments/ID.yml: every field of OGP's commitment "
                                     "template, with one milestone to start from.")
    c.add_argument("plan", metavar="PLAN", help="the plan's id, e.g. 2025-2027")
    c.add_argument("id", metavar="ID", type=_checked(lambda v: scaffold.check_id(v, "commitment")),
                   help="the commitment's id, e.g. open-budget-data: it makes its address and never changes")
    c.add_argument("--title", required=True, help="the commitment's title")
    c.add_argument("--lead", help="the lead implementing agency, e.g. 'Ministry of Finance'")
    c.add_argument("--start", help="when it starts (default: the plan's start)")
    c.add_argument("--end", help="when it ends (default: the plan's end)")
    _root_option(c)
    c.set_defaults(run=_runs(run_new_commitment))


def _when(value: str | None, what: str) -> str | None:
    if value is not None and not dates.parse(value.strip()).value:
        raise Refused(f"'{value}' is not a valid {what}: write a day 2025-09-01, a month 2025-09, a quarter "
                      "2025-Q3, a half-year 2025-H2 or a year 2025")
    return value.strip() if value else None


def _in_order(start: str, end: str) -> None:
    first, last = dates.parse(start).start, dates.parse(end).end
    if first and last and last < first:
        raise Refused(f"it would end ({end}) before it starts ({start})")


def run_new_plan(args) -> int:
    repo = _repository(args.root)
    today = clock.build_time().date()
    start, end = scaffold.plan_dates(args.id, today)
    start, end = _when(args.start, "start") or start, _when(args.end, "end") or end
    _in_order(start, end)
    folder = repo.plan_folder(args.id)
    refs = {kind: repo.schema_ref(f"{folder}/{kind}.yml", kind) for kind in ("plan", "process")}
    files = scaffold.plan_files(args.id, args.title or f"Action plan {args.id}", start, end,
                                scaffold.plan_phase(start, today), repo.content, refs)
    _write(repo, files)
    print(f"next: write its TODOs, then `ogrepo new commitment {args.id} <commitment-id> --title \"…\"`")
    return 0


def run_new_commitment(args) -> int:
    repo = _repository(args.root)
    plan = _plan(repo, args.plan)
    if args.id in RESERVED_COMMITMENT_IDS or args.id == PROCESS:
        raise Refused(f"'{args.id}' cannot be a commitment id: '{args.id}' names another page or folder of the plan")
    start = _when(args.start, "start") or _date_of(plan.get("start")) or str(clock.build_time().year)
    end = _when(args.end, "end") or _date_of(plan.get("end")) or start
    _in_order(start, end)
    folder = f"{repo.plan_folder(args.plan)}/commitments"
    numbers = []
    for path in sorted((repo.root / folder).glob("*.yml")):
        doc, _ = yamlfile.load(path.read_text(encoding="utf-8-sig"), path.name)
        numbers.append(doc.data.get("number") if isinstance(doc.data, dict) else None)
    rel = f"{folder}/{args.id}.yml"
    text = scaffold.commitment_text(args.plan, args.id, args.title, args.lead, start, end,
                                    scaffold.next_number(numbers), repo.schema_ref(rel, "commitment"))
    _write(repo, {rel: text})
    print(f"next: write its TODOs; evidence: `ogrepo add-evidence {args.plan}/{args.id} FILE…`; "
          f"progress: `ogrepo update {args.plan}/{args.id}`")
    return 0


# --- ogrepo add-evidence ----------------------------------------------------------------------

def add_add_evidence(sub) -> None:
    p = sub.add_parser(
        "add-evidence", help="copy evidence files into their folder and describe them in its evidence.yml",
        description="Copy each FILE into evidence/PLAN/ITEM/ and describe it in that folder's evidence.yml (made "
                    "if missing; its comments are kept). ITEM is a commitment id, or 'process' for the "
                    "co-creation process. A file of the same name already there is never replaced.")
    p.add_argument("target", metavar="PLAN/ITEM", help="e.g. 2025-2027/open-budget-data or 2025-2027/process")
    p.add_argument("files", metavar="FILE", nargs="+", help="the files to add")
    p.add_argument("--title", help="its title (default: made from the file's name; check it)")
    p.add_argument("--date", help="the date of the document: 2026-10-14, or 2026-10, 2026")
    p.add_argument("--kind", help="what kind of evidence it is, e.g. minutes, dataset, regulation (default: "
                                  "dataset, photo or video by the file's type, else other)")
    p.add_argument("--milestone", help="the milestone or activity it proves: its id or code (commitments only)")
    p.add_argument("--language", type=_checked(scaffold.parse_languages), help="its language(s), e.g. en or en,fr")
    _root_option(p)
    p.set_defaults(run=_runs(run_add_evidence))


def _target(text: str) -> tuple[str, str]:
    plan_id, _, item = text.strip("/").partition("/")
    if not plan_id or not item or "/" in item:
        raise Refused(f"'{text}' should be PLAN/ITEM: a plan id and a commitment id (or process), e.g. "
                      "2025-2027/open-budget-data")
    return plan_id, item


def _commitment_file(repo: Repository, plan_id: str, commitment_id: str) -> str:
    rel = f"{repo.plan_folder(plan_id)}/commitments/{commitment_id}.yml"
    if not (repo.root / rel).is_file():
        known = sorted(p.stem for p in (repo.root / repo.plan_folder(plan_id) / "commitments").glob("*.yml"))
        raise Refused(f"there is no commitment '{commitment_id}' in plan {plan_id} ({rel})"
                      + (f"; commitments: {', '.join(known)}" if known else ""))
    return rel


def _step_names(data: dict) -> list[str]:
    names = []
    for m in data.get("milestones") or []:
        for step in [m, *(m.get("activities") or [])] if isinstance(m, dict) else []:
            if isinstance(step, dict):
                names += [str(n) for n in (step.get("id"), step.get("code"), *(step.get("aliases") or [])) if n]
    return names


def run_add_evidence(args) -> int:
    repo = _repository(args.root)
    plan_id, item = _target(args.target)
    _plan(repo, plan_id)
    names: list[str] = []
    if item != PROCESS:
        names = _step_names(repo.read(_commitment_file(repo, plan_id, item)))
    today = clock.build_time().date()
    folder = f"{repo.evidence}/{plan_id}/{item}"
    meta = repo.root / folder / METADATA
    described = (repo.read(f"{folder}/{METADATA}").get("files") or {}) if meta.is_file() else {}
    sources = [Path(f) for f in args.files]
    entries = [_entry(args, source, names, item, repo, today) for source in sources]
    for source, entry in zip(sources, entries):
        _can_add(repo, folder, source, entry.name, described)
    if len({e.name for e in entries}) != len(entries):
        raise Refused("two of the files have the same name")
    try:  # made before any file is copied: a metadata file that can't take them stops everything
        text = (scaffold.add_evidence(meta.read_text(encoding="utf-8"), entries) if meta.is_file() else
                scaffold.new_evidence_yml(entries, repo.schema_ref(f"{folder}/{METADATA}", "evidence"), folder))
    except scaffold.EditError as exc:
        raise Refused(f"{folder}/{METADATA}: {exc}; nothing was copied") from None
    for source, entry in zip(sources, entries):
        target = repo.root / folder / entry.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        print(f"{folder}/{entry.name}")
    _save(meta, text)
    print(f"{folder}/{METADATA}")
    print(f"next: check the titles in {folder}/{METADATA}, then cite the files in an update (`ogrepo update "
          f"{plan_id}/{item}`)" if item != PROCESS else f"next: check the titles in {folder}/{METADATA}")
    return 0


def _entry(args, source: Path, names: list[str], item: str, repo: Repository, today: date) -> scaffold.EvidenceEntry:
    kind = args.kind or scaffold.guess_kind(source.name)
    if kind not in repo.vocabularies.evidence_kinds:
        raise Refused(f"'{kind}' is not a kind of evidence: choose " + ", ".join(repo.vocabularies.evidence_kinds))
    if args.milestone and item == PROCESS:
        raise Refused("process evidence does not prove a milestone: leave out --milestone")
    if args.milestone and args.milestone not in names:
        raise Refused(f"no milestone or activity '{args.milestone}' in commitment {item}"
                      + (f"; known: {', '.join(names)}" if names else ""))
    try:
        when = scaffold.parse_day(args.date, today, "date") if args.date else None
    except ValueError as exc:
        raise Refused(str(exc)) from None
    language = args.language[0] if args.language and len(args.language) == 1 else args.language
    return scaffold.EvidenceEntry(source.name, args.title or scaffold.title_from_name(source.name), kind, when,
                                  args.milestone, language, commitment=item != PROCESS)


def _can_add(repo: Repository, folder: str, source: Path, name: str, described: dict) -> None:
    if not source.is_file():
        raise Refused(f"{source} is not a file")
    if name.startswith(".") or name == METADATA or any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise Refused(f"'{name}' cannot be published as evidence (a hidden name, evidence.yml itself, or an invisible "
                      "character): rename the file")
    if (repo.root / folder / name).exists():
        raise Refused(f"{folder}/{name} exists already: nothing was copied (rename the new file to keep both)")
    if name in described:
        raise Refused(f"{folder}/{METADATA} already describes '{name}': nothing was copied")


def _save(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(text)


# --- ogrepo update ----------------------------------------------------------------------------

def add_update(sub) -> None:
    p = sub.add_parser(
        "update", help="add a progress update to fill in, with each milestone's current status",
        description="Append a progress update to the commitment's file, dated today (or --date): the period since "
                    "the last update, each milestone's current status (change those that changed), the completion "
                    "level, the evidence no update cites yet, and the fields to write, commented. With --period, a "
                    "tracker's report for that reporting period instead, with each milestone's and activity's status.")
    p.add_argument("target", metavar="PLAN/COMMITMENT", help="e.g. 2025-2027/open-budget-data")
    p.add_argument("--period", type=_checked(scaffold.parse_period),
                   help="a reporting period: 2027-Q1 (or 'Q1 2027'), 2027-H2, 2027-03 or 2027")
    p.add_argument("--date", help="the day it is published, YYYY-MM-DD (default: today)")
    _root_option(p)
    p.set_defaults(run=_runs(run_update))


def run_update(args) -> int:
    from . import load
    from .history import ignored

    repo = _repository(args.root)
    plan_id, commitment_id = _target(args.target)
    _plan(repo, plan_id)
    rel = _commitment_file(repo, plan_id, commitment_id)
    today = clock.build_time().date()
    published = _published(args.date, today)
    layout = load.Layout(repo.root, repo.content, repo.evidence, ignored=ignored(repo.root, [repo.content, repo.evidence]),
                         vocabularies=repo.vocabularies)
    model, problems = load.load(layout, today)
    plan = next((p for p in model.plans if p.id == plan_id), None)
    commitment = plan.commitment(commitment_id) if plan else None
    if commitment is None:
        own = "\n".join(str(p) for p in problems if p.path == rel or p.path == f"{repo.plan_folder(plan_id)}/plan.yml")
        raise Refused(f"{rel} cannot be read; fix it first (`ogrepo check` lists every problem)" + (f":\n{own}" if own else ""))
    _not_yet_reported(commitment, published, args.period)
    skeleton = scaffold.update_skeleton(commitment, published, args.period)
    path = repo.root / rel
    try:
        text = scaffold.add_update(path.read_text(encoding="utf-8"), skeleton)
    except scaffold.EditError as exc:
        raise Refused(f"{rel}: the update could not be added ({exc}); add it by hand (see the authors' guide)") from None
    _save(path, text)
    print(rel)
    print(f"next: write the update's TODO and change the statuses that changed in {rel}, then `ogrepo check`")
    return 0


def _published(value: str | None, today: date) -> date:
    if value is None:
        return today
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise Refused(f"'{value}' is not a day: write YYYY-MM-DD, e.g. {today}") from None
    if day > today:
        raise Refused(f"an update is dated the day it is published, not later: {value} is after today ({today})")
    return day


def _not_yet_reported(c, published: date, period: str | None) -> None:
    """One update per date and one report per period: an existing one is edited, never doubled."""
    for u in c.updates:
        if period and u.key == period:
            raise Refused(f"there is already a report for the period {period} in {c.doc.path}: edit it there")
        if not period and not u.labelled and u.date == published.isoformat():
            raise Refused(f"there is already an update dated {published} in {c.doc.path}: edit it there, or give "
                          "another --date")
