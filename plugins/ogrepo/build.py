"""The whole pipeline without MkDocs: sources -> validated model -> dated model -> outputs.

Used by the command line (`ogrepo check`) and by the MkDocs plugin.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

from . import bag, compliance, freshness, history, load, self_assessment, vocab
from .export import Exporter
from .feeds import Feeds
from .model import Repository
from .pages import Pages, Settings
from .problems import Problem, errors


@dataclass
class Options:
    root: Path
    content: str = "content"
    evidence: str = "evidence"
    stale_after_months: int = 6
    site_url: str | None = None
    site_name: str | None = None
    repo_url: str | None = None
    tag_authority: str | None = None
    dates_from_files: bool = False
    max_file_mb: int = 100
    evidence_bags: bool = True  # each plan's evidence as a BagIt ZIP (bag.py)
    vocabularies: vocab.Vocabularies = field(default_factory=vocab.Vocabularies)


@dataclass
class Result:
    repo: Repository
    problems: list[Problem]
    now: datetime
    history: history.History | None = None
    outputs: dict[str, str | bytes] = field(default_factory=dict)  # site path -> data
    ignored: frozenset[str] = frozenset()  # files git ignores under content/ and evidence/
    pages: dict[str, str] = field(default_factory=dict)  # Markdown source path -> text

    @property
    def ok(self) -> bool:
        return not errors(self.problems)


def dates_from_files_allowed(options: Options) -> bool:
    return options.dates_from_files or os.environ.get("OGREPO_DATES_FROM_FILES", "") not in ("", "0")


def check(options: Options, now: datetime, progress: Callable[[str], None] | None = None) -> Result:
    """Load, validate and date the repository (raises history.HistoryError when dates can't be true).
    `progress` is told what is being done, for a long check in a terminal."""
    say = progress or (lambda line: None)
    started = time.perf_counter()
    ignored = history.ignored(options.root, [options.content, options.evidence])
    layout = load.Layout(options.root, options.content, options.evidence, options.max_file_mb * 2**20, ignored,
                         options.vocabularies)
    # git walks the history on the other core while Python reads the content
    with ThreadPoolExecutor(max_workers=1) as pool:
        dates = pool.submit(history.read, options.root, now, dates_from_files_allowed(options))
        say(f"reading and validating {options.content}/ and {options.evidence}/ (git history is read meanwhile) ...")
        repo, problems = load.load(layout, now.date())
        n_items = sum(1 for _ in repo.items())
        say(f"  {len(repo.plans)} plan(s), {n_items} commitment(s) and process record(s) read and validated "
            f"in {time.perf_counter() - started:.1f} s")
        result = Result(repo, problems, now, ignored=ignored)
        if result.ok:
            result.history = dates.result()
            say(f"  dated from git history in {time.perf_counter() - started:.1f} s")
            freshness.apply(repo, result.history, now, options.stale_after_months, (options.content, options.evidence))
            result.problems += freshness.stale_translations(repo, result.history)
    return result


def build(options: Options, now: datetime) -> Result:
    """`check`, then every generated page, feed and data file of the site in the first language."""
    result = check(options, now)
    if result.ok:
        site = render(result, options, result.repo.languages[0])
        result.pages, result.outputs = site.pages, site.outputs
    return result


@dataclass
class Site:
    """What the build writes for one language: the first at the site's root, the others under /<language>/."""

    language: str
    pages: dict[str, str]  # Markdown source path -> text
    outputs: dict[str, str | bytes]  # site path -> data
    bags: dict[str, bag.Bag] = field(default_factory=dict)  # plan id -> its evidence bag (the first site writes them)


def render(result: Result, options: Options, language: str) -> Site:
    """The pages, feeds and trackers of one language, from a checked repository (read once for all
    languages)."""
    pages = renderer(result, options, language)
    return Site(language, pages.files(), outputs(result, options, language, pages), pages.settings.evidence_bags)


def renderer(result: Result, options: Options, language: str) -> Pages:
    """What renders the pages of one language."""
    bags = evidence_bags(result, options)
    checks = compliance.repository_checks(result.repo, result.now, options.stale_after_months)
    settings = Settings(options.stale_after_months, options.repo_url, options.vocabularies, options.site_url,
                        options.site_name, evidence_bags=bags, compliance=checks)
    return Pages(result.repo, settings, result.now, language)


def outputs(result: Result, options: Options, language: str, pages: Pages) -> dict[str, str | bytes]:
    """The feeds and data files of one language. repository.json and the schemas hold every
    language: only the first site has them."""
    repo = result.repo
    site_url = language_url(options.site_url, language, repo.languages)
    exporter = Exporter(repo, options.site_url, result.now, options.vocabularies, language,
                        bags=pages.settings.evidence_bags, compliance=pages.settings.compliance)
    out = exporter.files() if language == repo.languages[0] else exporter.trackers()
    recorded = freshness.recorded_meetings(repo, result.history, result.now)
    out.update(Feeds(repo, site_url, tag_authority(options), recorded, language, options.site_url).files())
    out.update(self_assessment.files(repo, pages, site_url, options.site_url, result.now.date()))
    return out


def evidence_bags(result: Result, options: Options) -> dict[str, bag.Bag]:
    """Each plan's evidence as a BagIt ZIP (bag.py), planned from the model (the files are read
    only when the first site writes them), unless the plugin's option turns them off."""
    if not options.evidence_bags:
        return {}
    exporter = Exporter(result.repo, options.site_url, result.now, options.vocabularies)
    return bag.bags(result.repo, exporter, result.now, options.max_file_mb * 2**20)


def language_url(site_url: str | None, language: str, languages: list[str]) -> str | None:
    """Where a language's site is published: the first at site_url, the others at site_url/<language>/."""
    if language == languages[0] or not site_url:
        return site_url
    return site_url.rstrip("/") + f"/{language}/"


def tag_authority(options: Options) -> str:
    """The authority of feed entry ids; set it once, since changing it changes every id."""
    if options.tag_authority:
        return options.tag_authority
    host = urlparse(options.site_url or "").hostname or "localhost"
    return f"{host},2000"
