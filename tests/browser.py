"""Helpers for the browser tests: build a site, serve it on 127.0.0.1, drive Debian's Chromium.

Playwright's own browser download cannot be used here, so the tests launch the system Chromium
(`apt-get install -y chromium`, /usr/bin/chromium) through Playwright's `executable_path`.
axe-core is the copy bundled with axe-playwright-python (axe.min.js), injected into each page.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]
# the fixture's site_url is https://ogp.example/repo/: the site is served under the same path
PREFIX = "/repo/"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_problem() -> str | None:
    """Why the browser tests cannot run here, or None when they can.

    A missing Chromium is installed with apt-get when this process may (root); only when that
    fails too is it a reason, and the tests that need it fail (never skip).
    """
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed: pip install -e '.[test]'"
    if not os.access(CHROMIUM, os.X_OK) and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], capture_output=True, timeout=600,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing and `apt-get install -y chromium` did not install it"
    return None


def build_site(root: Path, now: int, site: str = "site") -> Path:
    """`mkdocs build --strict -d site` in `root` at build time `now` (SOURCE_DATE_EPOCH); the site folder."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
           "SOURCE_DATE_EPOCH": str(now)}
    p = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", site], cwd=root, env=env,
                       capture_output=True, text=True)
    assert p.returncode == 0, f"mkdocs build failed:\n{p.stdout}{p.stderr}"
    return Path(root) / site


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` under PREFIX only, as a web server publishing the site at site_url would."""

    def translate_path(self, path):
        clean = urllib.parse.urlsplit(path).path
        if not clean.startswith(PREFIX) and clean != PREFIX.rstrip("/"):
            return os.path.join(self.directory, "\0no-such-file")  # a 404
        return super().translate_path("/" + path[len(PREFIX):])

    def log_message(self, format, *args):  # quiet
        pass


@contextlib.contextmanager
def serve(site: Path):
    """Serve `site` at http://127.0.0.1:PORT/repo/ (a free port) from a thread; yield that URL."""
    handler = functools.partial(_Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextlib.contextmanager
def chromium():
    """A headless Chromium (the system one) driven by Playwright; yields the Browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page, tags=WCAG_TAGS, rules=None) -> list[dict]:
    """axe-core's violations of the page as it is now: the rules with these tags, or these rules."""
    from axe_playwright_python.sync_playwright import Axe

    only = {"type": "rule", "values": list(rules)} if rules else {"type": "tag", "values": list(tags)}
    results = Axe().run(page, options={"runOnly": only, "resultTypes": ["violations"]})
    return results.response["violations"]


def describe(url: str, violations: list[dict], nodes: int = 3) -> str:
    """Each violation's id, impact, help and first target nodes, one block per violation."""
    lines = [f"{url}: {len(violations)} axe violation(s)"]
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} [{v.get('helpUrl', '')}]")
        for node in v["nodes"][:nodes]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '').strip()}"
                         .replace("\n", " "))
            lines.append(f"      {node.get('html', '')[:200]}")
        if len(v["nodes"]) > nodes:
            lines.append(f"    … and {len(v['nodes']) - nodes} more")
    return "\n".join(lines)
