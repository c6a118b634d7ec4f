"""The `ogrepo` command: check a repository without building the site.

    ogrepo check            every problem in content/ and evidence/, exit 1 on errors
    ogrepo check --strict   warnings fail too (as `mkdocs build --strict` does)
    ogrepo check --stale    also list items not updated in time; exit 3 when there are any
    ogrepo migrate          rewrite content files written for an older format, saying what changed
    ogrepo check-links      check every external link of the content and evidence (needs the network)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import build, clock, freshness, history, migrate
from .cli_scaffold import add_scaffold
from .generate import add_generate
from .links_cli import add_check_links
from .tracker_cli import add_tracker
from .schema import FORMAT
from .model import Milestone
from .problems import annotation, errors, report, warnings
from .text import pick

EXIT_STALE = 3


def add_check(sub) -> None:
    check = sub.add_parser("check", help="validate content/ and evidence/ and report every problem")
    check.add_argument("root", nargs="?", default=".", help="the repository (the folder with mkdocs.yml)")
    check.add_argument("--strict", action="store_true", help="warnings are errors")
    check.add_argument("--stale", action="store_true", help="list stale items and overdue milestones; exit 3 if any")
    check.add_argument("--progress", action="store_true",
                       help="say what is being done, on stderr (the default when stderr is a terminal)")
    check.set_defaults(run=lambda a: run_check(Path(a.root).resolve(), a.strict, a.stale,
                                               a.progress or sys.stderr.isatty()))


def add_migrate(sub) -> None:
    migrate = sub.add_parser("migrate", help=f"rewrite content files for the current format ({FORMAT}) and say what changed")
    migrate.add_argument("root", nargs="?", default=".", help="the repository (the folder with mkdocs.yml)")
    migrate.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file needs migrating")
    migrate.set_defaults(run=lambda a: run_migrate(Path(a.root).resolve(), a.check))


def commands() -> list:
    """Each command module adds its subcommands: `add(sub)` registers parsers with a `run` default."""
    return [add_check, add_migrate, add_generate, add_scaffold, add_tracker, add_check_links]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ogrepo", description="Keep an OGP repository: check, write and import its content.")
    sub = parser.add_subparsers(dest="command", required=True)
    for add in commands():
        add(sub)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except Exception as exc:  # a bug of ours: say so plainly; OGREPO_DEBUG=1 shows where
        if os.environ.get("OGREPO_DEBUG"):
            raise
        print(f"ogrepo: unexpected error, a bug in ogrepo ({type(exc).__name__}: {exc}). Please report it with the "
              "command you ran; OGREPO_DEBUG=1 shows where it happened.", file=sys.stderr)
        return 70


def run_check(root: Path, strict: bool, stale: bool, progress: bool = False) -> int:
    # MkDocs reads mkdocs.yml: the same settings as the build, and the same checks of its pages
    from .config import SettingsError, check_as_built, load

    started = time.perf_counter()
    try:
        options, config = load(root)
        now = clock.build_time()
    except (SettingsError, clock.ClockError) as exc:
        print(f"ogrepo: {exc}", file=sys.stderr)
        return 1
    say = (lambda line: print(line, file=sys.stderr, flush=True)) if progress else None
    try:
        result = check_as_built(config, options, now, say)
    except history.HistoryError as exc:
        print(f"ogrepo: {exc}", file=sys.stderr)
        return 2
    if result.problems:
        print(report(result.problems), file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":  # each problem on its file and line in a pull request
            print("\n".join(annotation(p) for p in sorted(result.problems)))
    if errors(result.problems) or (strict and warnings(result.problems)):
        return 1
    repo = result.repo
    n_commitments = sum(len(p.commitments) for p in repo.plans)
    n_evidence = sum(len(i.evidence) for i in repo.items())
    print(f"ok: {len(repo.plans)} plans, {n_commitments} commitments, {n_evidence} evidence items "
          f"checked in {time.perf_counter() - started:.2f} s")
    if not stale:
        return 0
    langs = repo.languages
    late = list(freshness.stale_items(repo))
    overdue = list(freshness.overdue_milestones(repo))
    for plan, item in late:
        name = pick(item.title, langs) if hasattr(item, "id") else "co-creation process"
        when = item.last_updated.date().isoformat() if item.last_updated else "never"
        print(f"stale: {plan.id}/{getattr(item, 'id', 'process')} ({name}): last updated {when}")
    for plan, c, m in overdue:
        why = f"not finished when the plan ended ({plan.end.value})" if plan.phase == "ended" else "overdue"
        what = "milestone" if isinstance(m, Milestone) else "activity"
        print(f"overdue: {plan.id}/{c.id} {what} {m.label}: planned end {m.due.value or pick(m.due.text, langs)}, "
              f"status {m.status}, {why}")
    if late:
        print(f"{len(late)} item(s) not updated for {options.stale_after_months} months")
        return EXIT_STALE
    return 0


def run_migrate(root: Path, check_only: bool) -> int:
    from .config import SettingsError, load

    try:
        options, _ = load(root)
    except SettingsError as exc:
        print(f"ogrepo: {exc}", file=sys.stderr)
        return 1
    changes = migrate.migrate(root, options.content, options.evidence, write=not check_only)
    changed = [c for c in changes if c.what]
    for c in changes:
        if c.error:
            print(f"{c.path}: not migrated: {c.error}", file=sys.stderr)
        elif c.what:
            print(f"{c.path}: {'needs' if check_only else 'migrated'}: {'; '.join(c.what)}")
    verb = "need migrating" if check_only else "rewritten"
    print(f"{len(changed)} of {len(changes)} content file(s) {verb} for format {FORMAT}")
    if check_only and changed:
        return 1
    return 1 if any(c.error for c in changes) else 0


if __name__ == "__main__":
    sys.exit(main())
