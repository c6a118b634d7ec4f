"""The external links of a repository, where each is written, and whether each still works.

A commitment whose evidence cannot be found may be rated "No Evidence Available": an evidence link
that died since it was written is evidence lost. `ogrepo check-links` (links_cli.py) runs this in a
job with network access; the site's build never goes on the network.

What is collected: every web address (http or https) written in the content's YAML under a key
named `url` or ending in `_url` (evidence links and their `archived_url`, the forum's and the
feedback address, the monitoring body's, IRM reports…), with the file, line and column it is
written at. An evidence link with no `archived_url` gets a suggestion to archive it.

How it is checked: HEAD, then GET when the server refuses HEAD; redirects followed one by one (a
permanent one is reported with the new address); a few requests at a time, never more than two
to the same host; 429 and 503 retried once after a pause. Addresses on a private or local network
are not fetched: readers on the internet cannot open them either, so they are reported as broken
(and the check cannot be turned into a probe of the machine's own network).
"""

from __future__ import annotations

import email.utils
import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from urllib.parse import quote, urljoin, urlsplit

from . import __version__, yamlfile
from .model import Repository
from .problems import ERROR, NOTICE, WARNING, Problem

USER_AGENT = (f"ogrepo-check-links/{__version__} (link checker of an Open Government Partnership repository; "
              "one HEAD or GET request per address, once a week)")
OK, BROKEN, UNCHECKED, PLACEHOLDER = "ok", "broken", "unchecked", "placeholder"
REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT = {301, 308}
HEAD_REFUSED = {403, 405, 501}  # servers that refuse HEAD but answer GET
LATER = {429, 503}  # "come back later": retried once, then "could not check"
MAX_REDIRECTS = 10
MAX_PAUSE = 60  # seconds: a server asking to wait longer is not waited for
ARCHIVE_SAVE = "https://web.archive.org/save/"
ARCHIVE_FIND = "https://web.archive.org/web/*/"
# names that never resolve (RFC 2606, RFC 6761): an address left from an example
RESERVED_TOP = {"example", "test", "invalid", "localhost"}
RESERVED_DOMAINS = {"example.com", "example.org", "example.net"}


@dataclass(frozen=True)
class Link:
    """A web address as written in a file."""

    url: str
    path: str  # the file, relative to the repository root
    line: int
    col: int
    key: str  # the key it is written under: url, archived_url, ogp_url…
    evidence: bool = False  # an evidence link's own address (`links[].url` of an evidence.yml)
    archived_url: str | None = None  # for an evidence link: its archived copy, if written


@dataclass(frozen=True)
class Outcome:
    state: str  # OK, BROKEN or UNCHECKED
    reason: str = ""
    moved_to: str | None = None  # where a permanent redirect says the page now is


# --- what is collected ---------------------------------------------------------------------------

def collect(repo: Repository, member: yamlfile.YamlFile | None = None) -> list[Link]:
    """Every web address written in the content and the evidence folders' evidence.yml, in the
    order of the files. `member`: content/member.yml (the model keeps only its data)."""
    docs = [member] if member else []
    for plan in repo.plans:
        docs += [plan.doc, plan.process.doc]
        docs += [c.doc for c in plan.commitments]
        docs += [item.evidence_doc for item in [plan.process, *plan.commitments]]
    found: list[Link] = []
    seen: set[str] = set()
    for doc in docs:
        if doc is None or doc.path in seen:
            continue
        seen.add(doc.path)
        found += links_in(doc)
        doc.forget_positions()
    return found


def links_in(doc: yamlfile.YamlFile) -> list[Link]:
    """The web addresses of one file, as written (values the schema refused included: they are
    written there, and the positions are those of the text)."""
    out = []
    for at, value in _addresses(doc.written(), ()):
        line, col = doc.where(at)
        evidence_link = doc.path.endswith("/evidence.yml") and len(at) == 3 and at[0] == "links" and at[2] == "url"
        archived = None
        if evidence_link:
            entry = doc.written()["links"][at[1]]
            archived = entry.get("archived_url") if isinstance(entry.get("archived_url"), str) else None
        out.append(Link(value.strip(), doc.path, line, col, at[-1], evidence_link, archived))
    return out


def _addresses(data, at: tuple) -> Iterable[tuple[tuple, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and isinstance(key, str) and (key == "url" or key.endswith("_url")):
                if _web(value):
                    yield at + (key,), value
            else:
                yield from _addresses(value, at + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _addresses(value, at + (i,))


def _web(value: str) -> bool:
    return urlsplit(value.strip()).scheme.lower() in ("http", "https")


# --- checking ---------------------------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by the checker, one hop at a time: each new address is checked for
    where it leads (a private network) and a permanent one is reported."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Checker:
    def __init__(self, timeout: float = 20, workers: int = 8, per_host: int = 2, allow_private: bool = False,
                 pause: float = 10, resolve: Callable = socket.getaddrinfo, sleep: Callable = time.sleep):
        self.timeout, self.workers, self.per_host = timeout, workers, per_host
        self.allow_private, self.pause = allow_private, pause
        self.resolve, self.sleep = resolve, sleep
        self.opener = urllib.request.build_opener(_NoRedirect)
        self.hosts: dict[str, threading.Semaphore] = {}
        self.lock = threading.Lock()

    def check_all(self, urls: Iterable[str]) -> dict[str, Outcome]:
        """Each address once, a few at a time."""
        unique = sorted(set(urls))
        with ThreadPoolExecutor(max_workers=max(1, self.workers)) as pool:
            return dict(zip(unique, pool.map(self.check, unique)))

    def check(self, url: str) -> Outcome:
        current, method, hops, retried = url, "HEAD", 0, False
        moved_to, permanent = None, True
        while True:
            if current == url and _reserved(current):
                # an address left from an example or a template: not a broken server, so a warning
                # (a repository that still holds example content, like this tool's own, stays green)
                return Outcome(PLACEHOLDER, "a name reserved for examples (RFC 2606): not a real address")
            refused = None if self.allow_private else self.refused(current)
            if refused:
                return Outcome(BROKEN, refused)
            try:
                status, headers = self.request(current, method)
            except _Failed as failed:
                return Outcome(BROKEN, failed.reason + _after(url, current))
            if status in REDIRECTS:
                target = headers.get("Location")
                if not target:
                    return Outcome(BROKEN, f"{_status(status)} without a new address" + _after(url, current))
                target = urljoin(current, target.strip())
                if not _web(target):
                    return Outcome(BROKEN, f"redirected to {target}, not a web address")
                permanent = permanent and status in PERMANENT
                moved_to = target if permanent else moved_to
                hops += 1
                if hops > MAX_REDIRECTS:
                    return Outcome(BROKEN, f"more than {MAX_REDIRECTS} redirects")
                current = target
                continue
            if method == "HEAD" and status in HEAD_REFUSED:
                method = "GET"
                continue
            if status in LATER and not retried:
                wait = self.wait(headers)
                if wait is None:
                    return Outcome(UNCHECKED, f"{_status(status)}: the server asks to come back later")
                self.sleep(wait)
                retried = True
                continue
            if status in LATER:
                return Outcome(UNCHECKED, f"{_status(status)}, twice: the server asks to come back later")
            if status >= 400:
                return Outcome(BROKEN, _status(status) + _after(url, current))
            return Outcome(OK, _status(status), moved_to)

    def request(self, url: str, method: str) -> tuple[int, object]:
        """The status and headers of the answer, without reading its body."""
        req = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        with self.host_slot(url):
            try:
                with self.opener.open(req, timeout=self.timeout) as response:
                    return response.status, response.headers
            except urllib.error.HTTPError as exc:  # 3xx (not followed here), 4xx, 5xx
                exc.close()
                return exc.code, exc.headers
            except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
                raise _Failed(self.why(exc)) from None

    def host_slot(self, url: str) -> threading.Semaphore:
        """At most `per_host` requests at a time to one host: polite to small government servers."""
        host = (urlsplit(url).hostname or "").lower()
        with self.lock:
            return self.hosts.setdefault(host, threading.BoundedSemaphore(max(1, self.per_host)))

    def refused(self, url: str) -> str | None:
        """Why the address is not fetched: its host is a name reserved for examples, has no address,
        or is on a private or local network; None when it may be fetched. (Checked again at every
        redirect: a public address cannot lead the checker into the machine's own network.)"""
        parts = urlsplit(url)
        host = parts.hostname
        if not host:
            return "the address has no host name"
        labels = host.rstrip(".").lower().split(".")
        if labels[-1] in RESERVED_TOP or ".".join(labels[-2:]) in RESERVED_DOMAINS:
            return f"{host} is a name reserved for examples (RFC 2606): it leads nowhere"
        try:
            port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
            found = self.resolve(host, port, type=socket.SOCK_STREAM)
        except ValueError:
            return "the address has a port that is not a number"
        except (socket.gaierror, UnicodeError, OSError):
            return f"the server's name ({host}) was not found (DNS)"
        for *_, sockaddr in found:
            address = ipaddress.ip_address(sockaddr[0].split("%")[0])
            if not address.is_global:
                return (f"{host} is on a private or local network ({address}): readers on the internet cannot "
                        "open it")
        return None

    def wait(self, headers) -> float | None:
        """How long to wait before trying again: what Retry-After asks, if not too long."""
        value = (headers.get("Retry-After") or "").strip() if headers else ""
        if not value:
            return self.pause
        if value.isdigit():
            seconds = float(value)
        else:
            try:
                when = email.utils.parsedate_to_datetime(value)
                seconds = max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
            except (TypeError, ValueError):
                return self.pause
        return seconds if seconds <= MAX_PAUSE else None

    def why(self, exc: BaseException) -> str:
        """What went wrong, in words a reader of the report understands."""
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, ssl.SSLCertVerificationError):
            return f"the server's TLS certificate is not valid ({reason.verify_message})"
        if isinstance(reason, ssl.SSLError):
            return f"the secure connection (TLS) failed ({reason.reason or reason})"
        if isinstance(reason, socket.gaierror):
            return "the server's name was not found (DNS)"
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return f"no answer within {self.timeout:g} s"
        if isinstance(reason, ConnectionRefusedError):
            return "the connection was refused (no server answers at this address)"
        if isinstance(reason, ConnectionResetError):
            return "the connection was reset by the server"
        if isinstance(reason, http.client.RemoteDisconnected):
            return "the server closed the connection without answering"
        if isinstance(reason, OSError) and reason.strerror:
            return f"the connection failed ({reason.strerror})"
        return f"the request failed ({reason})"


class _Failed(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _reserved(url: str) -> bool:
    """An example address, or an archived copy of one (web.archive.org/web/<date>/https://x.example/)."""
    for host in re.findall(r"https?://([^/?#\s]+)", url):
        labels = urlsplit("//" + host).hostname or ""
        labels = labels.rstrip(".").lower().split(".")
        if labels[-1] in RESERVED_TOP or ".".join(labels[-2:]) in RESERVED_DOMAINS:
            return True
    return False


def _status(code: int) -> str:
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return f"HTTP status {code}"


def _after(url: str, current: str) -> str:
    return "" if current == url else f", after a redirect to {current}"


# --- what is reported -----------------------------------------------------------------------------

def archive_save(url: str) -> str:
    """The Wayback Machine's address that saves a copy of `url` (opened in a browser)."""
    return ARCHIVE_SAVE + quote(url, safe=":/?&=%#@+,;~")


def problems(links: list[Link], outcomes: dict[str, Outcome]) -> list[Problem]:
    """Each broken link, each that could not be checked and each that moved, on the line that
    writes it; each evidence link without an archived copy, with how to make one."""
    out = []
    for link in links:
        found = outcomes.get(link.url)
        if found is None:
            continue
        where = (link.path, link.line, link.col)
        if found.state == BROKEN:
            out.append(Problem(*where, f"broken link: {link.url} ({found.reason})", _fix(link, outcomes), ERROR))
        elif found.state == PLACEHOLDER:
            out.append(Problem(*where, f"example address {link.url} ({found.reason})",
                               "replace it with the real address of the document", WARNING))
        elif found.state == UNCHECKED:
            out.append(Problem(*where, f"could not check {link.url} ({found.reason})",
                               "run the check again later, or open the address in a browser", WARNING))
        elif found.moved_to:
            out.append(Problem(*where, f"{link.url} has moved permanently to {found.moved_to}",
                               f"write the new address here ({link.key}: {found.moved_to})", NOTICE))
        if link.evidence and not link.archived_url and found.state not in (BROKEN, PLACEHOLDER):
            out.append(Problem(*where, f"no archived copy of {link.url}: a page on another site can change or "
                                       "disappear, and the evidence with it",
                               f"save a copy at {archive_save(link.url)} and add its address under this link as "
                               "archived_url: (the site shows it beside the link)", NOTICE))
    return out


def _fix(link: Link, outcomes: dict[str, Outcome]) -> str:
    if link.key == "archived_url":
        return "correct the address of the archived copy (open it in a browser to find the right one)"
    if link.evidence and link.archived_url:
        archived = outcomes.get(link.archived_url)
        if archived and archived.state == OK:
            return ("correct the address if the page moved; meanwhile readers can open the archived copy "
                    f"({link.archived_url})")
        return "correct the address if the page moved, and the archived copy's if it moved too"
    if link.evidence:
        return (f"correct the address if the page moved, or look for an archived copy at {ARCHIVE_FIND}{link.url} "
                "and add its address under this link as archived_url:")
    return "correct the address if the page moved (open it in a browser to see where it went)"


def summary(links: list[Link], outcomes: dict[str, Outcome]) -> str:
    count = {state: sum(o.state == state for o in outcomes.values()) for state in (BROKEN, UNCHECKED, PLACEHOLDER)}
    moved = sum(1 for o in outcomes.values() if o.state == OK and o.moved_to)
    unarchived = sum(1 for link in links if link.evidence and not link.archived_url)
    return (f"{len(links)} link(s) to {len(outcomes)} address(es) checked: {count[BROKEN]} broken, "
            f"{count[UNCHECKED]} could not be checked, "
            + (f"{count[PLACEHOLDER]} example address(es), " if count[PLACEHOLDER] else "")
            + f"{moved} moved permanently, {len(outcomes) - count[BROKEN] - count[UNCHECKED] - count[PLACEHOLDER]} working; "
            f"{unarchived} evidence link(s) without an archived copy")
