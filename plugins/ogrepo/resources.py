"""The files the package reads at run time besides its modules: page templates, theme overrides,
the site's CSS and JavaScript.

A wheel built without one of them still imports, and MkDocs would quietly fall back to Material's
own partials (which call api.github.com and drop the footer's date): the build checks they are all
installed and stops otherwise. tests/test_packaging.py keeps this list equal to the source tree.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).parent
FILES = (
    "assets/evidence.js",
    "assets/ogrepo.css",
    "assets/ogrepo.js",
    "locale/es/LC_MESSAGES/ogrepo.po",
    "locale/fr/LC_MESSAGES/ogrepo.po",
    "locale/ogrepo.pot",
    "starter/authors-guide.md",
    "starter/dependabot.yml",
    "starter/workflows/check-links.yml",
    "starter/workflows/check.yml",
    "starter/workflows/publish.yml",
    "starter/workflows/stale-reminder.yml",
    "templates/_commitment_table.j2",
    "templates/_macros.j2",
    "templates/_updated.md.j2",
    "templates/all_evidence.md.j2",
    "templates/commitment.md.j2",
    "templates/compliance.md.j2",
    "templates/commitments.md.j2",
    "templates/evidence.md.j2",
    "templates/evidence_item.md.j2",
    "templates/home.md.j2",
    "templates/plan.md.j2",
    "templates/process.md.j2",
    "templates/self_assessment.md.j2",
    "theme/main.html",
    "theme/partials/alternate.html",
    "theme/partials/copyright.html",
    "theme/partials/search.html",
    "theme/partials/source.html",
    "theme/sitemap.xml",
)


def missing(package: Path = PACKAGE) -> list[str]:
    """The package files that are not installed."""
    return [name for name in FILES if not (package / name).is_file()]


def incomplete_message(names: list[str], package: Path = PACKAGE) -> str:
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return (f"the ogrepo package installed in {package} is incomplete: {shown} missing. Reinstall it "
            "(pip install --force-reinstall ogrepo); if you built it yourself, pyproject.toml's "
            "[tool.setuptools.package-data] must list every folder of plugins/ogrepo/")
