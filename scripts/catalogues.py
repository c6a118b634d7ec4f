"""Update the message catalogues of the site's labels: extract every label from the templates and
the code (babel.cfg), then merge the new template into each language's catalogue.

    python scripts/catalogues.py          # update plugins/ogrepo/locale/*/LC_MESSAGES/ogrepo.po
    python scripts/catalogues.py --check  # exit 1 if a catalogue lacks a label or a translation

A new language is `pybabel init -D ogrepo -i plugins/ogrepo/locale/ogrepo.pot -d plugins/ogrepo/locale
-l <code>`, then its translations: no code changes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "plugins/ogrepo/locale"
TEMPLATE = LOCALE / "ogrepo.pot"


def extract(into: Path = TEMPLATE):
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract", "-F", str(ROOT / "babel.cfg"),
                    "-k", "N_", "-k", "_", "-k", "gettext", "-k", "ngettext:1,2", "--no-location", "--sort-output",
                    "--omit-header", "-o", str(into), str(ROOT)], check=True, cwd=ROOT)


def labels(path: Path) -> set[str]:
    with open(path, "rb") as fh:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}


def update():
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "update", "-D", "ogrepo", "-i", str(TEMPLATE), "-d", str(LOCALE),
                    "--no-fuzzy-matching", "--ignore-obsolete"], check=True)


def missing(used: set[str]) -> dict[str, list[str]]:
    """Per language, the labels the code uses without a translation in its catalogue."""
    out = {}
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/ogrepo.po")):
        with open(po, "rb") as fh:
            catalog = read_po(fh)
        untranslated = {m.id if isinstance(m.id, str) else m.id[0]
                        for m in catalog if m.id and (not m.string or m.fuzzy or
                                                      (isinstance(m.string, tuple) and not all(m.string)))}
        out[po.parent.parent.name] = sorted(untranslated | (used - labels(po)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    if args.check:  # against the labels the code uses now, without touching the catalogues
        with tempfile.TemporaryDirectory() as tmp:
            extract(Path(tmp) / "ogrepo.pot")
            used = labels(Path(tmp) / "ogrepo.pot")
    else:
        extract()
        update()
        used = labels(TEMPLATE)
    gaps = missing(used)
    for language, untranslated in gaps.items():
        print(f"{language}: {len(untranslated)} label(s) without a translation")
        for label in untranslated[:20]:
            print(f"    {label}")
    return 1 if args.check and any(gaps.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
