"""`ogrepo check-links`: check every external link of the content and the evidence (links.py).

For a scheduled job with network access (.github/workflows/check-links.yml); the site's build
never goes on the network. Reads the content as `ogrepo check` does, without git history (a
shallow clone will do), and prints each problem as `file:line:col: …` (and as a GitHub
annotation in GitHub Actions). Exit status 1 when a link is broken, else 0.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from . import clock, history, links, load, yamlfile
from .problems import annotation, errors, report


def add_check_links(sub) -> None:
    p = sub.add_parser(
        "check-links", help="check that every external link of the content and the evidence still works (network)",
        description="Check every web address written in content/ and in the evidence folders' evidence.yml (evidence "
                    "links, their archived copies, the forum's and IRM reports' addresses): each broken one is named "
                    "with its file and line. Suggests an archived copy for evidence links that have none. Exit status "
                    "1 when a link is broken. Needs network access; the site's build never does.")
    p.add_argument("root", nargs="?", default=".", help="the repository (the folder with mkdocs.yml)")
    p.add_argument("--timeout", type=float, default=20, metavar="SECONDS",
                   help="how long to wait for a server's answer (default: 20)")
    p.add_argument("--workers", type=int, default=8, metavar="N",
                   help="how many addresses to check at a time (default: 8; never more than 2 per host)")
    p.add_argument("--allow-private-addresses", action="store_true",
                   help="also fetch addresses on a private or local network (by default they are reported as "
                        "broken without being fetched: readers on the internet cannot open them)")
    p.set_defaults(run=lambda a: run_check_links(Path(a.root).resolve(), a.timeout, a.workers,
                                                 a.allow_private_addresses))


def run_check_links(root: Path, timeout: float, workers: int, allow_private: bool) -> int:
    from .config import SettingsError, load as load_settings  # MkDocs: imported only by the command

    if timeout <= 0 or workers < 1:
        print("ogrepo check-links: --timeout must be above 0 and --workers at least 1", file=sys.stderr)
        return 2
    try:
        options, _ = load_settings(root)
        today = clock.build_time().date()
    except (SettingsError, clock.ClockError) as exc:
        print(f"ogrepo: {exc}", file=sys.stderr)
        return 1
    ignored = history.ignored(options.root, [options.content, options.evidence])
    layout = load.Layout(options.root, options.content, options.evidence, options.max_file_mb * 2**20, ignored,
                         options.vocabularies)
    repo, content_problems = load.load(layout, today)
    if errors(content_problems):
        print(f"ogrepo check-links: the content has {len(errors(content_problems))} error(s) (`ogrepo check` lists "
              "them); the links of the files that could be read are checked", file=sys.stderr)
    found = links.collect(repo, _member(options.root, options.content))
    started = time.perf_counter()
    if sys.stderr.isatty():
        print(f"checking {len(set(link.url for link in found))} address(es) ...", file=sys.stderr, flush=True)
    outcomes = links.Checker(timeout=timeout, workers=workers, allow_private=allow_private).check_all(
        link.url for link in found)
    problems = links.problems(found, outcomes)
    if problems:
        print(report(problems))
        if os.environ.get("GITHUB_ACTIONS") == "true":  # each on its file and line in GitHub
            print("\n".join(annotation(p) for p in sorted(problems)))
    print(f"{links.summary(found, outcomes)} in {time.perf_counter() - started:.1f} s")
    return 1 if errors(problems) else 0


def _member(root: Path, content: str) -> yamlfile.YamlFile | None:
    """content/member.yml as written (the model keeps only its data), for its addresses."""
    path = root / content / "member.yml"
    try:
        text, _ = yamlfile.decode(path.read_bytes(), f"{content}/member.yml")
    except OSError:
        return None
    if text is None:
        return None
    doc, problems = yamlfile.load(text, f"{content}/member.yml")
    return doc if not problems and isinstance(doc.data, dict) else None
