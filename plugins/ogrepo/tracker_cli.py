"""`ogrepo import` and `ogrepo export`: the adapter between tracker.py and files, the repository and
the terminal. It reads the spreadsheet, the mapping and the plan's files, hands them to the tracker's
functions, checks what they would write as `ogrepo check` would, and writes only when all is well.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from . import clock, history, load, spreadsheet, tracker, yamlfile
from .problems import ERROR, WARNING, Problem, errors
from .spreadsheet import SheetError, column_letter


def add_tracker(sub) -> None:
    imp = sub.add_parser(
        "import", help="import a tracker spreadsheet (.xlsx or .csv) into a plan's commitments",
        description="Read a tracker (a row per indicator or milestone and reporting period) and write its "
                    "commitments, milestones, indicators and reports into content/plans/PLAN/commitments/ "
                    "(links to evidence into evidence/PLAN/<commitment>/evidence.yml). Importing a newer tracker "
                    "adds its new periods and keeps what the files say. Nothing is written when there is an "
                    "error: every problem is listed at once, as file:row:column.")
    imp.add_argument("file", metavar="FILE", nargs="?", help="the tracker: .xlsx (Excel) or .csv")
    imp.add_argument("--mapping", metavar="MAPPING.yml",
                     help=f"which column is which, what the status codes mean (default: {tracker.DEFAULT_MAPPING} "
                          "in the repository, if there is one)")
    imp.add_argument("--plan", help="the plan the tracker follows (default: the mapping's plan, else the only plan)")
    imp.add_argument("--dry-run", action="store_true", help="check everything and say what would be written; write nothing")
    imp.add_argument("--strict", action="store_true",
                     help="warnings are errors too, as in `ogrepo check --strict` and the published build")
    imp.add_argument("--root", default=".", help="the repository (the folder with mkdocs.yml); default: here")
    imp.add_argument("--mapping-schema", action="store_true",
                     help="print the JSON Schema of mapping files (for editors) and stop")
    imp.set_defaults(run=run_import)

    exp = sub.add_parser(
        "export", help="write a plan's tracker reports out as a spreadsheet (.xlsx or .csv)",
        description="Write a row per indicator (or milestone) and reporting period, with the columns, status codes "
                    "and period format of the mapping file (else the common columns): `ogrepo import` reads it back "
                    "and changes nothing. Progress updates that are not a tracker's reports (dated, with a "
                    "start and end) stay in the files.")
    exp.add_argument("--plan", help="the plan (default: the mapping's plan, else the only plan)")
    exp.add_argument("--format", choices=spreadsheet.FORMATS, help="csv or xlsx (default: from OUT's name, else xlsx)")
    exp.add_argument("-o", "--output", metavar="OUT", help="the file to write, which must not exist "
                                                           "(default: <plan>-tracker.<format>)")
    exp.add_argument("--mapping", metavar="MAPPING.yml",
                     help=f"the columns, codes and period format to write (default: {tracker.DEFAULT_MAPPING})")
    exp.add_argument("--root", default=".", help="the repository (the folder with mkdocs.yml); default: here")
    exp.set_defaults(run=run_export)


def progress(line: str) -> None:
    """How a long import is going, on stderr (stdout lists the files written)."""
    print(line, file=sys.stderr, flush=True)


class Stop(Exception):
    """The command cannot go on; the message says why (and what to do), the code is the exit status."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def run_import(args) -> int:
    if args.mapping_schema:
        print(json.dumps(tracker.MAPPING_SCHEMA, indent=2, ensure_ascii=False))
        return 0
    if not args.file:
        print("ogrepo import: give the tracker's file (.xlsx or .csv); see `ogrepo import --help`", file=sys.stderr)
        return 2
    try:
        return _import(Path(args.root).resolve(), args.file, args.mapping, args.plan, args.dry_run, args.strict)
    except Stop as stop:
        print(f"ogrepo: {stop}", file=sys.stderr)
        return stop.code


def run_export(args) -> int:
    try:
        return _export(Path(args.root).resolve(), args.plan, args.format, args.output, args.mapping)
    except Stop as stop:
        print(f"ogrepo: {stop}", file=sys.stderr)
        return stop.code


# --- the repository -----------------------------------------------------------------------------

def _settings(root: Path):
    from .config import SettingsError, load as load_settings

    try:
        options, _ = load_settings(root)
        return options, clock.build_time().date()
    except (SettingsError, clock.ClockError) as exc:
        raise Stop(str(exc)) from None


def _plain_file(root: Path, rel: str) -> yamlfile.YamlFile:
    """A content file as plain data; Stop when it cannot be read."""
    path = root / rel
    try:
        text, problems = yamlfile.decode(path.read_bytes(), rel)
    except OSError as exc:
        raise Stop(f"{rel} cannot be read: {exc.strerror or exc}") from None
    doc = None
    if text is not None:
        doc, problems = yamlfile.load(text, rel)
    if problems or not isinstance(doc.data, dict):
        raise Stop("\n".join(str(p) for p in problems) or f"{rel}: this file should hold 'key: value' lines"
                   + "\n(run `ogrepo check` to see every problem)")
    return doc


def _languages(root: Path, options) -> list[str]:
    member = _plain_file(root, f"{options.content}/member.yml").data
    languages = member.get("languages")
    return [str(x) for x in languages] if isinstance(languages, list) and languages else ["en"]


def _mapping(root: Path, given: str | None, options) -> tracker.Mapping:
    path = Path(given) if given else root / tracker.DEFAULT_MAPPING
    if not given and not path.is_file():
        return tracker.Mapping()
    shown = given or tracker.DEFAULT_MAPPING
    try:
        text, problems = yamlfile.decode(path.read_bytes(), shown)
    except OSError as exc:
        raise Stop(f"the mapping file {shown} cannot be read: {exc.strerror or exc}") from None
    mapping = None
    if text is not None:
        mapping, problems = tracker.load_mapping(text, shown, options.vocabularies)
    if problems:
        raise Stop("the mapping file has errors:\n" + "\n".join(str(p) for p in sorted(problems)))
    if not given:
        progress(f"using the mapping {tracker.DEFAULT_MAPPING}")
    return mapping


def _plan(root: Path, options, wanted: str | None) -> str:
    plans_dir = root / options.content / "plans"
    plans = sorted(p.name for p in plans_dir.iterdir() if (p / "plan.yml").is_file()) if plans_dir.is_dir() else []
    if wanted:
        if wanted not in plans:
            raise Stop(f"there is no plan '{wanted}' (no {options.content}/plans/{wanted}/plan.yml); the plans are: "
                       + (", ".join(plans) or "none yet (`ogrepo new plan ID` makes one)"))
        return wanted
    if len(plans) == 1:
        return plans[0]
    if not plans:
        raise Stop(f"there is no plan in {options.content}/plans/: `ogrepo new plan ID` makes one")
    raise Stop("which plan does the tracker follow? Give --plan: " + ", ".join(plans))


def _round_trip():
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line
    return yaml


def _load_round_trip(path: Path):
    """A YAML file for editing, with the indentation it was written with (so an edit changes only
    what it adds); (data, yaml) or (None, why)."""
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.util import load_yaml_guess_indent

    text = path.read_text(encoding="utf-8-sig")
    try:
        _, indent, offset = load_yaml_guess_indent(text)
        yaml = _round_trip()
        yaml.indent(mapping=2, sequence=max(indent or 4, (offset or 0) + 2), offset=offset if offset is not None else 2)
        data = yaml.load(text)
    except YAMLError as exc:
        return None, f"not valid YAML ({str(exc).splitlines()[0]})"
    if not isinstance(data, dict):
        return None, "it does not hold 'key: value' lines"
    return data, yaml


def _content(root: Path, options, plan_id: str, languages: list[str], today, source: str):
    plan = _plain_file(root, f"{options.content}/plans/{plan_id}/plan.yml").data
    content = tracker.Content(plan_id, plan, languages, {}, source=source, today=today)
    dumpers = {}
    folder = root / options.content / "plans" / plan_id / "commitments"
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        data, yaml = _load_round_trip(path)
        if data is None:
            content.unreadable[path.stem] = yaml
            continue
        content.commitments[path.stem] = data
        dumpers[("c", path.stem)] = yaml
        evidence = root / options.evidence / plan_id / path.stem
        meta = evidence / load.METADATA
        if meta.is_file():
            data, yaml = _load_round_trip(meta)
            if data is None:
                content.unreadable[path.stem] = f"its {load.METADATA} is {yaml}"
            else:
                content.evidence_docs[path.stem] = data
                dumpers[("e", path.stem)] = yaml
        content.evidence_files[path.stem] = {
            p.relative_to(evidence).as_posix() for p in evidence.rglob("*")
            if p.is_file() and p.name != load.METADATA and not any(part.startswith(".") for part in
                                                                     p.relative_to(evidence).parts)
        } if evidence.is_dir() else set()
    return content, dumpers


# --- import ----------------------------------------------------------------------------------------

def _import(root: Path, file: str, mapping_path: str | None, plan: str | None, dry_run: bool, strict: bool) -> int:
    options, today = _settings(root)
    languages = _languages(root, options)
    mapping = _mapping(root, mapping_path, options)
    plan_id = _plan(root, options, plan or mapping.plan)
    try:
        sheet = spreadsheet.read(Path(file), mapping.sheet, name=file)
    except SheetError as exc:
        raise Stop(str(exc)) from None
    progress(f"reading {sheet.name} for plan {plan_id}")
    found, problems = tracker.read_tracker(sheet, mapping, languages, today, progress)
    files: dict[str, str] = {}
    outcome = None
    if found is not None:  # rows with errors are left out: the others are still merged, to find every problem
        progress(f"{sheet.name}: {found.rows} rows, {len(found.commitments)} commitment(s)")
        content, dumpers = _content(root, options, plan_id, languages, today, Path(file).name)
        outcome = tracker.merge(found, content, mapping, None if errors(problems) else progress)
        problems += outcome.problems
        if not errors(problems):
            files = _render(root, options, content, outcome, dumpers)
            if files:
                progress(f"checking the {len(files)} file(s) to write, as `ogrepo check` would")
                problems += _check(root, options, files, today)
    if problems:
        print("\n".join(show(p, sheet.name) for p in sorted(problems, key=_order)), file=sys.stderr)
    n_errors, n_warnings = len(errors(problems)), sum(p.severity == WARNING for p in problems)
    if n_errors or (strict and n_warnings):
        print(f"{n_errors} error(s), {n_warnings} warning(s): nothing was written", file=sys.stderr)
        return 1
    if n_warnings:
        print(f"{n_warnings} warning(s): `ogrepo check --strict` and the published build will refuse them",
              file=sys.stderr)
    for line in outcome.kept:
        print(f"kept: {line}", file=sys.stderr)
    if outcome.kept:
        print(f"{len(outcome.kept)} value(s) of the files differ from the tracker's and were kept: an import adds "
              "to the files and never replaces what they say (edit a file by hand if the tracker is right)",
              file=sys.stderr)
    verb = "would write" if dry_run else "wrote"
    new = {rel for rel in files if not (root / rel).exists()}
    if not dry_run:
        _write(root, files)
    for rel in sorted(files):
        print(f"{verb}: {rel}" + (" (new)" if rel in new else ""))
    if not files:
        print("nothing to write: the repository already holds everything the tracker says")
    for line in outcome.todo:
        print(f"to write by hand: {options.content}/plans/{plan_id}/commitments/{line}")
    return 0


def _order(p: Problem):
    return (p.path, p.line, p.col, p.message)


def show(p: Problem, sheet: str) -> str:
    """A problem as file:row:column (the column's letter, as the spreadsheet names it) with its hint."""
    if p.path != sheet or not p.line:
        return str(p)
    where = f"{p.path}:{p.line}" + (f":{column_letter(p.col - 1)}" if p.col else "")
    text = f"{where}: {p.severity}: {p.message}"
    return text + (f"\n    hint: {p.hint}" if p.hint else "")


def _render(root: Path, options, content: tracker.Content, outcome: tracker.Outcome, dumpers: dict) -> dict[str, str]:
    """The text of every file the import changes or adds, by path."""
    from .scaffold import SCHEMAS, modeline, schema_ref

    local = (root / SCHEMAS).is_dir()  # a repository made by `ogrepo init` keeps the schemas for editors
    files = {}
    plan = content.plan_id
    for cid in sorted(outcome.new | outcome.changed):
        rel = f"{options.content}/plans/{plan}/commitments/{cid}.yml"
        text = _dump(content.commitments[cid], dumpers.get(("c", cid)))
        if cid in outcome.new:
            text = modeline(schema_ref(rel, "commitment", local, options.site_url)) + text
        files[rel] = text
    for cid in sorted(outcome.evidence_changed):
        rel = f"{options.evidence}/{plan}/{cid}/{load.METADATA}"
        text = _dump(content.evidence_docs[cid], dumpers.get(("e", cid)))
        if ("e", cid) not in dumpers:
            text = modeline(schema_ref(rel, "evidence", local, options.site_url)) + text
        files[rel] = text
    return files


def _dump(data, yaml=None) -> str:
    if yaml is None:
        yaml = _round_trip()
        yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _check(root: Path, options, files: dict[str, str], today) -> list[Problem]:
    """What `ogrepo check` would say of the files the import writes, found by reading the repository
    with them in place, in a scratch copy (YAML and pages as they are, evidence files empty: only
    their names matter here). Problems the files already had are not the import's."""
    layout = dict(content=options.content, evidence=options.evidence, max_file_bytes=options.max_file_mb * 2**20,
                  ignored=history.ignored(root, [options.content, options.evidence]),
                  vocabularies=options.vocabularies)
    with tempfile.TemporaryDirectory(prefix="ogrepo-import-") as scratch:
        scratch = Path(scratch)
        for folder in (options.content, options.evidence):
            for path in (root / folder).rglob("*") if (root / folder).is_dir() else []:
                rel = path.relative_to(root)
                if path.is_symlink() or not path.is_file():
                    continue
                target = scratch / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                if path.suffix in (".yml", ".yaml", ".md"):
                    shutil.copyfile(path, target)
                else:
                    target.touch()
        for rel, text in files.items():
            (scratch / rel).parent.mkdir(parents=True, exist_ok=True)
            (scratch / rel).write_text(text, encoding="utf-8")
        _, after = load.load(load.Layout(scratch, **layout), today)
    found = [p for p in after if p.path in files and p.severity in (ERROR, WARNING)]
    if not found:
        return []
    _, before = load.load(load.Layout(root, **layout), today)
    known = {(p.path, p.message) for p in before}
    return [Problem(p.path, p.line, p.col, f"the import would write this: {p.message}", p.hint, p.severity)
            for p in found if (p.path, p.message) not in known]


def _write(root: Path, files: dict[str, str]) -> None:
    """Each file through a temporary file beside it: a failure leaves no file half-written."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".ogrepo-", suffix=".yml")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


# --- export ----------------------------------------------------------------------------------------

def _export(root: Path, plan: str | None, fmt: str | None, output: str | None, mapping_path: str | None) -> int:
    options, _ = _settings(root)
    languages = _languages(root, options)
    mapping = _mapping(root, mapping_path, options)
    plan_id = _plan(root, options, plan or mapping.plan)
    if output and fmt and spreadsheet.format_of(Path(output)) not in (None, fmt):
        raise Stop(f"{output} is not a .{fmt} file: give -o a name ending in .{fmt}")
    fmt = fmt or (spreadsheet.format_of(Path(output)) if output else None) or spreadsheet.XLSX
    out = Path(output or f"{plan_id}-tracker.{fmt}")
    if spreadsheet.format_of(out) is None:
        raise Stop(f"{out}: give a name ending in .{fmt}")
    if out.exists():
        raise Stop(f"{out} exists already; nothing was written: give another name with -o, or move it away first")
    commitments, links = [], {}
    folder = root / options.content / "plans" / plan_id / "commitments"
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        doc = _plain_file(root, rel)
        commitments.append((path.stem, doc.data))
        meta = f"{options.evidence}/{plan_id}/{path.stem}/{load.METADATA}"
        if (root / meta).is_file():
            entries = _plain_file(root, meta).data.get("links") or []
            links[path.stem] = {str(e["id"]): e["url"] for e in entries
                                if isinstance(e, dict) and e.get("id") and e.get("url")}
    commitments.sort(key=lambda c: (_number(c[1].get("number")), c[0]))
    header, rows = tracker.export_rows(commitments, links, mapping, languages)
    spreadsheet.write(out, header, rows, fmt)
    print(f"wrote: {out} ({len(rows)} rows, {len(commitments)} commitments of plan {plan_id})")
    return 0


def _number(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 10**9

