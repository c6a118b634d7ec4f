"""The plugin's options, declared once, and the settings of a build read through MkDocs' own
config loading (so `!ENV`, `INHERIT:` and every form of `plugins:` mean the same to `ogrepo
check` as to `mkdocs build`).

This is an adapter: it imports MkDocs. The core receives a plain `build.Options`.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from . import build, htmlcheck, vocab
from .build import Options
from .problems import NOTICE, WARNING, Problem

# OGP asks for an update at least every six months; OGP Local members may choose quarterly.
MONTHS = range(1, 13)
# GitHub Pages refuses files over 100 MB; other hosts may take more.
FILE_MB = range(1, 2049)
# RFC 4151: a tag URI's authority is a domain or e-mail address, a comma, and a date
TAG_AUTHORITY = re.compile(r"^[A-Za-z0-9.@-]+\.[A-Za-z]{2,},\d{4}(-\d{2}(-\d{2})?)?$")


class _Bounded(c.Type):
    """A whole number within a range, with a message that says which and why."""

    def __init__(self, bounds: range, what: str, default: int):
        super().__init__(int, default=default)
        self.bounds, self.what = bounds, what

    def run_validation(self, value):
        if isinstance(value, bool) or not isinstance(value, int) or value not in self.bounds:
            raise ValidationError(f"must be a whole number from {self.bounds.start} to {self.bounds.stop - 1} "
                                  f"({self.what}), not {value!r}")
        return value


class _Folder(c.Type):
    """A folder of the repository, written relative to mkdocs.yml."""

    def __init__(self, default: str):
        super().__init__(str, default=default)

    def run_validation(self, value):
        value = super().run_validation(value)
        path = PurePosixPath(value.replace("\\", "/"))
        if not value.strip() or path.is_absolute() or re.match(r"^[A-Za-z]:", value):
            raise ValidationError(f"must be a folder inside the repository, written relative to mkdocs.yml "
                                  f"(e.g. 'evidence'), not {value!r}")
        if ".." in path.parts or any(p.startswith(".") for p in path.parts if p != "."):
            raise ValidationError(f"must be a folder inside the repository that is not hidden, not {value!r}")
        if any(ord(ch) < 32 for ch in value):
            raise ValidationError("must not contain control characters")
        return path.as_posix()


class _TagAuthority(c.Type):
    def __init__(self):
        super().__init__(str)

    def run_validation(self, value):
        value = super().run_validation(value)
        if not TAG_AUTHORITY.match(value):
            raise ValidationError(f"must be a domain you control, a comma and a date (e.g. "
                                  f"'opengov.example.gov,2025'), not {value!r}")
        return value


class _Vocabularies(c.Type):
    """Labels a member adds to a vocabulary: {policy_areas: {slug: label}, …}."""

    def __init__(self):
        super().__init__(dict, default={})

    def run_validation(self, value):
        value = super().run_validation(value)
        for name, labels in value.items():
            if name not in vocab.EXTENSIBLE:
                raise ValidationError(f"'{name}' is not a vocabulary that can be extended; these can: "
                                      + ", ".join(vocab.EXTENSIBLE))
            if not isinstance(labels, dict) or not labels:
                raise ValidationError(f"{name} must map each new slug to its label, e.g. {{my-area: My area}}")
            for slug, label in labels.items():
                if not isinstance(slug, str) or not re.match(r"^[a-z0-9][a-z0-9-]*$", slug):
                    raise ValidationError(f"'{slug}' in {name} must be a slug: lowercase letters, digits and '-'")
                if not (isinstance(label, str) and label) and not (
                        isinstance(label, dict) and label and all(isinstance(t, str) and t for t in label.values())):
                    raise ValidationError(f"the label of '{slug}' in {name} must be text, or {{en: …, fr: …}}")
        return value


class OgrepoConfig(Config):
    """Options under `plugins: - ogrepo:` in mkdocs.yml."""

    evidence_dir = _Folder(default="evidence")
    stale_after_months = _Bounded(MONTHS, "OGP asks for an update at least every 6 months; "
                                          "OGP Local members may choose 3", default=6)
    tag_authority = c.Optional(_TagAuthority())
    dates_from_files = c.Type(bool, default=False)
    max_file_mb = _Bounded(FILE_MB, "the largest file the host publishes, in MB: 100 on GitHub Pages",
                           default=100)
    # each plan's evidence as one BagIt ZIP: doubles the evidence's room in the site (1 GB on GitHub Pages)
    evidence_bags = c.Type(bool, default=True)
    vocabularies = _Vocabularies()


class SettingsError(Exception):
    """mkdocs.yml cannot give the settings of a build (what is wrong is in the message)."""


def options(config, plugin: OgrepoConfig) -> Options:
    """The core's options from MkDocs' validated config and the plugin's."""
    if not config.use_directory_urls:
        raise SettingsError("ogrepo needs `use_directory_urls: true` in mkdocs.yml: its permalinks are folders")
    root = Path(config.config_file_path).parent.resolve()
    docs = Path(config.docs_dir).resolve()
    if not _inside(docs, root):
        raise SettingsError(f"docs_dir ({config.docs_dir}) is outside the repository ({root}): "
                            "the content must be a folder of the repository")
    content = docs.relative_to(root).as_posix()
    evidence = plugin.evidence_dir
    if content == "." or _overlap(content, evidence):
        raise SettingsError(f"docs_dir ({content}) and the ogrepo option evidence_dir ({evidence}) must be "
                            "two separate folders of the repository, neither inside the other")
    return Options(
        root=root,
        content=content,
        evidence=evidence,
        stale_after_months=plugin.stale_after_months,
        site_url=config.site_url or None,
        site_name=config.site_name or None,
        repo_url=config.repo_url or None,
        tag_authority=plugin.tag_authority,
        dates_from_files=plugin.dates_from_files,
        max_file_mb=plugin.max_file_mb,
        evidence_bags=plugin.evidence_bags,
        vocabularies=vocab.Vocabularies(plugin.vocabularies),
    )


def load(root: Path) -> tuple[Options, object]:
    """The options `mkdocs build` would use in `root`, and MkDocs' config; SettingsError if none."""
    from mkdocs import exceptions
    from mkdocs.config import load_config

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise SettingsError(f"there is no mkdocs.yml in {root}: run ogrepo in the repository's folder, "
                            "or give that folder as an argument")
    messages = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(messages)
    try:
        config = load_config(config_file=str(config_file))
    except (exceptions.MkDocsException, OSError, ValueError, RecursionError) as exc:
        found = "\n".join(messages.lines) or str(exc)
        raise SettingsError(f"mkdocs.yml cannot be used:\n{found}") from None
    finally:
        logger.removeHandler(messages)
    plugin = next((p for name, p in config.plugins.items() if name.split("/")[-1] == "ogrepo"), None)
    if plugin is None:
        raise SettingsError("mkdocs.yml does not use the ogrepo plugin: add it under plugins: (- ogrepo)")
    return options(config, plugin.config), config


class _Collect(logging.Handler):
    """What MkDocs reports through its logger (what is wrong in a config, a link that leads nowhere)."""

    def __init__(self, level=logging.WARNING):
        super().__init__(level)
        self.lines: list[str] = []
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)
        self.lines.append(f"mkdocs.yml: {record.levelname.lower()}: {record.getMessage()}")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _overlap(a: str, b: str) -> bool:
    pa, pb = PurePosixPath(os.path.normpath(a)), PurePosixPath(os.path.normpath(b))
    return pa == pb or pa in pb.parents or pb in pa.parents


# Material's plugins that fetch from the network while building (and then serve what they fetched)
NETWORK_PLUGINS = {"privacy", "social", "material/privacy", "material/social"}


def site_problems(config) -> list[Problem]:
    """What in mkdocs.yml would make every page ask another host for something."""
    problems = []
    own = urlsplit(config.site_url or "").hostname
    if (config.theme.get("font") or False) is not False:
        problems.append(Problem("mkdocs.yml", 0, 0, "theme.font is set: every page would load its fonts from "
                                "fonts.googleapis.com, a third-party request", "set `font: false` under theme: "
                                "the pages then use the reader's system fonts", WARNING))
    for setting in ("extra_css", "extra_javascript"):
        for entry in config[setting]:
            url = str(getattr(entry, "path", entry))
            if htmlcheck.third_party(f'<img src="{url}">', own):
                problems.append(Problem("mkdocs.yml", 0, 0, f"{setting} loads {url} from another host on every page",
                                        "put a copy of the file in the repository and list that instead", WARNING))
    for name in config.plugins:
        if name in NETWORK_PLUGINS:
            problems.append(Problem("mkdocs.yml", 0, 0, f"the {name} plugin fetches from the network while building",
                                    "remove it: the site makes no third-party request and the build needs no network",
                                    WARNING))
    return problems


def page_problems(config, options: Options, result) -> list[Problem]:
    """The hand-written pages rendered as `mkdocs build` renders them (MkDocs' own Page and Files,
    the site's Markdown extensions), and checked as the build checks them: the links MkDocs
    validates, nothing that runs, nothing from another host."""
    import markdown  # noqa: F401  (MkDocs' renderer: imported here so the command starts fast)
    from mkdocs.structure.files import File, Files, get_files
    from mkdocs.structure.pages import Page

    from .pages import Pages, Settings

    own = urlsplit(config.site_url or "").hostname
    content = options.content + "/"
    hand_written = {p[len(content):] for p in result.repo.pages if p.startswith(content)}
    ignored = {p[len(content):] for p in result.ignored if p.startswith(content)}
    files = Files([f for f in get_files(config) if f.src_uri not in ignored and not _source_yaml(f.src_uri)])
    config.plugins._current_plugin = "ogrepo"  # File.generated() records who made the file, as in a build
    # the generated pages as the build makes them, each rendered only if a hand-written page links
    # into it (for its anchors)
    generated = Pages(result.repo, Settings(options.stale_after_months, options.repo_url, options.vocabularies),
                      result.now).sources()
    for src_uri in generated:
        files.append(File.generated(config, src_uri, content=""))
    for item in result.repo.items():
        for e in item.evidence:
            if e.file:
                files.append(File.generated(config, e.file.published_path, content=b""))
    bags = [b.path for b in build.evidence_bags(result, options).values() if b.publishable]
    for path in _output_paths(result.repo) + bags:
        files.append(File.generated(config, path, content=b""))

    messages = _Collect(logging.INFO)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(messages)
    problems: list[Problem] = []
    try:
        pages = []
        for file in files.documentation_pages():
            if file.src_uri not in hand_written:
                continue
            page = Page(None, file, config)
            page.read_source(config)
            page.render(config, files)
            pages.append(page)
            problems += htmlcheck.page_problems(content + file.src_uri, file.content_string, page.content, own)
        for page in pages:
            for target in page.links_to_anchors or {}:
                if target.src_uri in generated and target.page is None:
                    linked = Page(None, target, config)
                    linked.markdown = generated[target.src_uri]()
                    linked.render(config, files)
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    finally:
        logger.removeHandler(messages)
    return problems + [_link_problem(record, content, options.root) for record in messages.records
                       if record.name.startswith("mkdocs.structure")]


def _source_yaml(src_uri: str) -> bool:
    return src_uri == "member.yml" or (src_uri.startswith("plans/") and src_uri.endswith(".yml"))


def _output_paths(repo) -> list[str]:
    from . import export, urls

    paths = export.data_paths()
    pages = [urls.HOME] + [urls.plan(p) for p in repo.plans] + [urls.commitment(c) for p in repo.plans
                                                               for c in p.commitments]
    paths += [path for page in pages for path in (urls.feeds(page) if page else urls.SITE_FEEDS).values()]
    return paths


def _link_problem(record, content: str, root: Path) -> Problem:
    """MkDocs' own message about a link, on the line of the page that writes the link."""
    text = record.getMessage()
    found = re.match(r"Doc file '([^']+)' contains (?:a link|an unrecognized relative link|an absolute link) '([^']+)'",
                     text)
    severity = WARNING if record.levelno >= logging.WARNING else NOTICE
    if not found:
        return Problem("mkdocs.yml", 0, 0, text, "see the MkDocs documentation of `validation`", severity)
    page, url = found.groups()
    line = col = 0
    try:
        source = (root / content / page).read_text(encoding="utf-8-sig")
        at = source.find(url)
        if at >= 0:
            line, col = source.count("\n", 0, at) + 1, at - source.rfind("\n", 0, at)
    except (OSError, UnicodeDecodeError):
        pass
    return Problem(content + page, line, col, text,
                   "correct the link: pages are linked by their .md file, relative to this one", severity)


def check_as_built(config, options: Options, now, progress=None) -> build.Result:
    """The content checked as `mkdocs build` checks it: the repository, the site's settings, and
    the hand-written pages rendered by MkDocs (once the content has no error: they are checked
    against the site's files). Raises history.HistoryError when dates cannot be true."""
    result = build.check(options, now, progress)
    result.problems += site_problems(config)
    if result.ok:
        result.problems += page_problems(config, options, result)
    return result
