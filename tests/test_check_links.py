"""`ogrepo check-links`: every external link of the evidence checked against a real local web
server, the broken ones named with their file and line, archiving suggested where there is no
archived copy, exit status 1 only when a link is broken."""

from __future__ import annotations

import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import ogrepo
from factory import EVIDENCE_META, minimal_repo

from ogrepo import links

META = "evidence/2025-2027/open-budget/evidence.yml"


class Handler(BaseHTTPRequestHandler):
    """Answers by path, as the servers evidence links lead to do."""

    seen: list = []  # (method, path, user agent) of every request
    busy: dict = {}  # path -> how many times it answered 429

    def do_HEAD(self):
        self.answer(head=True)

    def do_GET(self):
        self.answer(head=False)

    def answer(self, head: bool):
        Handler.seen.append((self.command, self.path, self.headers.get("User-Agent")))
        path = self.path
        if path in ("/ok", "/page") or path.startswith("/archive/"):
            self.send(200)
        elif path == "/moved":
            self.send(301, Location="/page")
        elif path == "/for-now":
            self.send(302, Location="/page")
        elif path == "/no-head":
            self.send(405 if head else 200)
        elif path == "/busy":
            Handler.busy[path] = Handler.busy.get(path, 0) + 1
            self.send(429 if Handler.busy[path] == 1 else 200, **{"Retry-After": "0"})
        elif path == "/always-busy":
            self.send(503, **{"Retry-After": "0"})
        elif path == "/slow":
            time.sleep(3)
            self.send(200)
        elif path == "/error":
            self.send(500)
        elif path == "/to-local":  # a public page that redirects into the local network
            self.send(302, Location=f"http://127.0.0.2:{self.server.server_address[1]}/ok")
        else:
            self.send(404)

    def send(self, status: int, **headers):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Handler.seen, Handler.busy = [], {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def link(link_id: str, url: str, archived: str | None = None) -> str:
    entry = (f"  - id: {link_id}\n    title: {{en: Link {link_id}, fr: Lien {link_id}}}\n"
             f"    url: {url}\n    kind: other\n")
    return entry + (f"    archived_url: {archived}\n" if archived else "")


def with_links(tmp_path, *entries: str):
    repo = minimal_repo(tmp_path / "repo")
    repo.write({META: EVIDENCE_META + "links:\n" + "".join(entries)})
    return repo


def line_of(repo, text: str) -> int:
    lines = repo.path(META).read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def check(repo, *args, **env):
    return ogrepo(repo.root, "check-links", "--allow-private-addresses", "--timeout", "2", *args, **env)


def test_broken_links_are_named_with_file_line_and_reason_and_fail(tmp_path, server):
    dead = f"http://127.0.0.1:{closed_port()}/report"
    repo = with_links(tmp_path,
                      link("good", f"{server}/ok", f"{server}/archive/ok"),
                      link("gone", f"{server}/missing"),
                      link("moved", f"{server}/moved"),
                      link("for-now", f"{server}/for-now"),
                      link("no-head", f"{server}/no-head"),
                      link("failing", f"{server}/error"),
                      link("closed", dead))
    run = check(repo)
    assert run.code == 1, run.output
    out = run.out
    broken = [line for line in out.splitlines() if ": error: " in line]
    assert len(broken) == 3, out
    assert f"{META}:{line_of(repo, '/missing')}:10: error: broken link: {server}/missing (404 Not Found)" in out
    assert f"{META}:{line_of(repo, '/error')}:10: error: broken link: {server}/error (500 Internal Server Error)" in out
    assert re.search(rf"{META}:{line_of(repo, dead)}:10: error: broken link: {re.escape(dead)} \(the connection "
                     r"was refused", out)
    for good in ("/ok", "/moved", "/for-now", "/no-head", "/archive/ok"):  # none of them is broken
        assert f"broken link: {server}{good} " not in out
    # a permanent redirect says where the page is now; a temporary one says nothing
    assert (f"{META}:{line_of(repo, '/moved')}:10: notice: {server}/moved has moved permanently to {server}/page"
            in out)
    assert f"{server}/for-now has moved" not in out
    # the server that refuses HEAD was asked with GET
    assert [m for m, path, _ in Handler.seen if path == "/no-head"] == ["HEAD", "GET"]
    assert all(agent.startswith("ogrepo-check-links/") for _, _, agent in Handler.seen)
    # archiving is suggested for the working links that have no archived copy, not for the archived one
    suggested = re.findall(r"notice: no archived copy of (\S+):", out)
    assert sorted(suggested) == sorted(f"{server}{p}" for p in ("/moved", "/for-now", "/no-head"))
    assert f"https://web.archive.org/save/{server}/no-head" in out and "archived_url:" in out
    assert re.search(r"^8 link\(s\) to 8 address\(es\) checked: 3 broken, 0 could not be checked, 1 moved "
                     r"permanently, 5 working; 6 evidence link\(s\) without an archived copy", out, re.M), out


def test_only_working_links_exit_0(tmp_path, server):
    repo = with_links(tmp_path, link("good", f"{server}/ok", f"{server}/archive/ok"),
                      link("no-head", f"{server}/no-head", f"{server}/archive/no-head"))
    run = check(repo)
    assert run.code == 0, run.output
    assert "error" not in run.out and "notice" not in run.out
    assert "4 link(s) to 4 address(es) checked: 0 broken" in run.out


def test_a_server_that_asks_to_come_back_later_is_tried_again_then_not_counted_broken(tmp_path, server):
    repo = with_links(tmp_path, link("busy", f"{server}/busy", f"{server}/archive/busy"),
                      link("always-busy", f"{server}/always-busy", f"{server}/archive/b"))
    run = check(repo)
    assert run.code == 0, run.output  # could not be checked: a warning, not a broken link
    assert [p for _, p, _ in Handler.seen].count("/busy") == 2  # 429, then 200 on the second try
    assert f"broken link: {server}/busy" not in run.out and f"could not check {server}/busy" not in run.out
    assert re.search(rf"{META}:\d+:10: warning: could not check {server}/always-busy \(503 Service Unavailable, "
                     "twice", run.out)


def test_a_server_that_does_not_answer_in_time_is_broken(tmp_path, server):
    repo = with_links(tmp_path, link("slow", f"{server}/slow", f"{server}/archive/slow"))
    started = time.monotonic()
    run = ogrepo(repo.root, "check-links", "--allow-private-addresses", "--timeout", "1")
    assert run.code == 1 and f"broken link: {server}/slow (no answer within 1 s)" in run.out, run.output
    assert time.monotonic() - started < 30


def test_addresses_on_the_local_network_are_not_fetched(tmp_path, server):
    repo = with_links(tmp_path, link("intranet", f"{server}/ok", f"{server}/archive/ok"),
                      link("reserved", "https://gazette.testland.example/2026/41"))
    run = ogrepo(repo.root, "check-links", "--timeout", "2")
    assert run.code == 1
    assert f"broken link: {server}/ok (127.0.0.1 is on a private or local network (127.0.0.1): readers" in run.out
    assert "warning: example address https://gazette.testland.example/2026/41 (a name reserved for examples" in run.out
    assert Handler.seen == []  # nothing was asked of the local server


def test_example_addresses_are_warnings_not_broken_links(tmp_path):
    # the tool's own example (and a government's repository started from it) holds .example addresses
    repo = with_links(tmp_path, link("reserved", "https://gazette.testland.example/2026/41",
                                     "https://web.archive.org/web/2026/https://gazette.testland.example/2026/41"))
    run = ogrepo(repo.root, "check-links")
    assert run.code == 0, run.output
    assert "warning: example address https://gazette.testland.example/2026/41" in run.out
    assert "2 example address(es)" in run.out and "0 broken" in run.out
    assert "no archived copy" not in run.out


def test_a_redirect_into_the_local_network_is_not_followed(server):
    def resolve(host, port, **kwargs):  # the test server's address taken for a public one
        if host == "127.0.0.1":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))]
        return socket.getaddrinfo(host, port, **kwargs)

    found = links.Checker(timeout=2, resolve=resolve).check(f"{server}/to-local")
    assert found.state == links.BROKEN and "127.0.0.2 is on a private or local network" in found.reason
    assert [path for _, path, _ in Handler.seen] == ["/to-local"]


def test_every_address_of_the_content_is_checked_once(tmp_path, server):
    repo = with_links(tmp_path, link("a", f"{server}/ok", f"{server}/archive/a"),
                      link("b", f"{server}/ok", f"{server}/archive/b"))
    member = repo.path("content/member.yml")
    member.write_text(member.read_text() + f"forum:\n  name: Forum\n  url: {server}/missing\n")
    run = check(repo)
    assert run.code == 1
    assert re.search(rf"^content/member\.yml:\d+:8: error: broken link: {server}/missing \(404", run.out, re.M), run.out
    assert [p for _, p, _ in Handler.seen].count("/ok") == 1  # written twice, asked once
    assert "5 link(s) to 4 address(es) checked" in run.out


def test_github_annotations(tmp_path, server):
    repo = with_links(tmp_path, link("gone", f"{server}/missing"), link("moved", f"{server}/moved"))
    run = check(repo, GITHUB_ACTIONS="true")
    assert run.code == 1
    line = line_of(repo, "/missing")
    assert re.search(rf"^::error file={re.escape(META)},line={line},col=10,title=ogrepo::broken link: "
                     rf"{re.escape(server)}/missing \(404 Not Found\)%0Ahint: ", run.out, re.M), run.out
    assert re.search(rf"^::notice file={re.escape(META)},line={line_of(repo, '/moved')},col=10,title=ogrepo::"
                     rf"{re.escape(server)}/moved has moved permanently", run.out, re.M)
    assert "::error" not in check(repo).out  # only in GitHub Actions


def test_positions_survive_loading_and_values_the_schema_refused(tmp_path, server):
    # the second link lacks its kind (refused by the schema): the third's line is still its own
    repo = with_links(tmp_path, link("a", f"{server}/ok", f"{server}/archive/a"),
                      f"  - id: b\n    title: B\n    url: {server}/missing\n",
                      link("c", f"{server}/error", f"{server}/archive/c"))
    run = check(repo)
    assert f"{META}:{line_of(repo, '/missing')}:10: error: broken link: {server}/missing" in run.out
    assert f"{META}:{line_of(repo, '/error')}:10: error: broken link: {server}/error" in run.out
    assert "the content has 1 error(s)" in run.err


def test_archive_address():
    assert links.archive_save("https://a.example/x?y=1") == "https://web.archive.org/save/https://a.example/x?y=1"


def test_the_pages_show_the_archived_copy_beside_the_link(tmp_path):
    from conftest import mkdocs_build

    live = "https://gazette.testland.example/2026/41"
    copy = f"https://web.archive.org/web/2026/{live}"
    repo = with_links(tmp_path, link("gazette", live, copy), link("plain", "https://data.testland.example/budget"))
    run = mkdocs_build(repo.root)
    assert run.code == 0, run.output
    row = re.compile(rf'<a href="{re.escape(live)}">Link gazette</a>.*?'
                     rf'\(<a href="{re.escape(copy)}">archived copy</a>\)')
    for page in ("plans/2025-2027/commitments/open-budget/", "plans/2025-2027/evidence/"):
        assert row.search((run.site / page / "index.html").read_text()), page
    item = (run.site / "plans/2025-2027/evidence/open-budget/gazette/index.html").read_text()
    assert f'<a href="{copy}">archived copy</a>' in item
    assert "archived copy" not in (run.site / "plans/2025-2027/evidence/open-budget/plain/index.html").read_text()
