"""The core outlives MkDocs: nothing but the adapters import it."""

import subprocess
import sys
from pathlib import Path

import ogrepo

# the adapters: the MkDocs plugin, its options read from mkdocs.yml, the command line
ADAPTERS = ("mkdocs_plugin", "config", "cli", "__main__")
CORE = sorted(p.stem for p in Path(ogrepo.__file__).parent.glob("*.py") if p.stem not in ADAPTERS)


def test_core_modules_do_not_import_mkdocs():
    code = ("import sys\n" + "".join(f"import ogrepo.{m}\n" for m in CORE)
            + "bad = sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith(('mkdocs.', 'material')))\n"
            + "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert len(CORE) >= 10
    assert out == "", f"the core imports {out}"
