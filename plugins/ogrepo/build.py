"""The whole pipeline without MkDocs: sources -> validated model -> dated model -> outputs.

Used by the command line (`ogrepo check`) and by the MkDocs plugin.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

from . import freshness, history, load, vocab
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
    repo_url: str | None = None
    tag_authority: str | None = None
    dates_from_files: bool = False
    max_file_mb: int = 100
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


def check(options: Options, now: datetime) -> Result:
    """Load, validate and date the repository (raises history.HistoryError when dates can't be true)."""
    ignored = history.ignored(options.root, [options.content, options.evidence])
    layout = load.Layout(options.root, options.content, options.evidence, options.max_file_mb * 2**20, ignored,
                         options.vocabularies)
    # git walks the history on the other core while Python reads the content
    with ThreadPoolExecutor(max_workers=1) as pool:
        dates = pool.submit(history.read, options.root, now, dates_from_files_allowed(options))
        repo, problems = load.load(layout, now.date())
        result = Result(repo, problems, now, ignored=ignored)
        if result.ok:
            result.history = dates.result()
            freshness.apply(repo, result.history, now, options.stale_after_months, (options.content, options.evidence))
    return result


def build(options: Options, now: datetime) -> Result:
    """`check`, then every generated page, feed and data file."""
    result = check(options, now)
    if not result.ok:
        return result
    settings = Settings(options.stale_after_months, options.repo_url, options.vocabularies)
    result.pages = Pages(result.repo, settings, now).files()
    result.outputs.update(Exporter(result.repo, options.site_url, now, options.vocabularies).files())
    recorded = freshness.recorded_meetings(result.repo, result.history, now)
    result.outputs.update(Feeds(result.repo, options.site_url, tag_authority(options), recorded).files())
    return result


def tag_authority(options: Options) -> str:
    """The authority of feed entry ids; set it once, since changing it changes every id."""
    if options.tag_authority:
        return options.tag_authority
    host = urlparse(options.site_url or "").hostname or "localhost"
    return f"{host},2000"
