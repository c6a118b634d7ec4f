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

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from .build import Options

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


class OgrepoConfig(Config):
    """Options under `plugins: - ogrepo:` in mkdocs.yml."""

    evidence_dir = _Folder(default="evidence")
    stale_after_months = _Bounded(MONTHS, "OGP asks for an update at least every 6 months; "
                                          "OGP Local members may choose 3", default=6)
    tag_authority = c.Optional(_TagAuthority())
    dates_from_files = c.Type(bool, default=False)
    max_file_mb = _Bounded(FILE_MB, "the largest file the host publishes, in MB: 100 on GitHub Pages",
                           default=100)


class SettingsError(Exception):
    """mkdocs.yml cannot give the settings of a build (what is wrong is in the message)."""


def options(config, plugin: OgrepoConfig) -> Options:
    """The core's options from MkDocs' validated config and the plugin's."""
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
        repo_url=config.repo_url or None,
        tag_authority=plugin.tag_authority,
        dates_from_files=plugin.dates_from_files,
        max_file_mb=plugin.max_file_mb,
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
    """MkDocs reports what is wrong in a config through its logger before it gives up."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(f"mkdocs.yml: {record.levelname.lower()}: {record.getMessage()}")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _overlap(a: str, b: str) -> bool:
    pa, pb = PurePosixPath(os.path.normpath(a)), PurePosixPath(os.path.normpath(b))
    return pa == pb or pa in pb.parents or pb in pa.parents
