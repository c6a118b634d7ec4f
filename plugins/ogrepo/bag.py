"""Each plan's evidence as one ZIP in the BagIt layout (RFC 8527), for a researcher or an archive to
take away intact and check with any BagIt tool.

data/bags/<plan id>.zip holds one bag, the folder <plan id>/:

    bagit.txt               BagIt-Version 1.0, tag files in UTF-8
    bag-info.txt            the plan's metadata: the member, its contacts, the plan's id, page and
                            title, the build's date, the payload's size
    manifest-sha256.txt     the SHA-256 of every evidence file (the checksums the site publishes)
    evidence.json           what each evidence item is (title, date, kind, milestone, checksum,
                            addresses), as in repository.json; external links included
    tagmanifest-sha256.txt  the SHA-256 of the four files above
    data/<commitment id or process>/<file>
                            the plan's evidence files, byte for byte, under their names in the
                            repository (a file the site publishes as .txt keeps its own name here)

Reproducible: the same sources and build date give the same bytes (entries in a fixed order, every
entry dated the build's day, the same permissions, nothing from the machine that builds).

Nothing is compressed (ZIP "stored"): evidence is mostly PDF, office documents and images, which
are compressed already; stored, the ZIP's exact size is known from the sizes of its files before
it is written, so the evidence page and repository.json can state it; and writing it is a copy.

Written once, in the first language's site, file by file from disk (a plan's evidence can be
hundreds of MB). A bag larger than the host publishes (max_file_mb) is not written: the page says so.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import __version__, urls
from .export import Exporter
from .model import Plan, Repository
from .pages import human_size
from .text import pick

FOLDER = "data/bags"
# ZIP without its 64-bit extension, whose sizes are then exact: no host publishes a bigger file
ZIP_LIMIT = 2_000_000_000
LOCAL_HEADER, CENTRAL_HEADER, END_RECORD = 30, 46, 22  # bytes, plus the name's in each header
CHUNK = 1 << 20
MODE = 0o100644  # a regular file, read-write for its owner, readable by all


class BagError(Exception):
    """A bag could not be written as planned (the message says which file and why)."""


@dataclass(frozen=True)
class Entry:
    name: str  # its path in the ZIP
    size: int
    data: bytes | None = None  # a tag file, made here
    source: str | None = None  # an evidence file: its path in the repository, streamed from disk
    sha256: str | None = None  # an evidence file's checksum, checked as it is written


@dataclass
class Bag:
    plan_id: str
    path: str  # where the site publishes it
    entries: list[Entry] = field(default_factory=list)
    bytes: int = 0  # the ZIP's exact size
    payload_bytes: int = 0
    files: int = 0
    date_time: tuple = (1980, 1, 1, 0, 0, 0)  # every entry's date in the ZIP
    limit: int = ZIP_LIMIT  # the largest file the host publishes

    @property
    def publishable(self) -> bool:
        return self.bytes <= self.limit


def path(plan_id: str) -> str:
    return f"{FOLDER}/{plan_id}.zip"


def bags(repo: Repository, exporter: Exporter, now: datetime, max_bytes: int) -> dict[str, Bag]:
    """The bag of each plan that has evidence files, by plan id (from the model: nothing is read)."""
    out = {}
    for plan in repo.plans:
        made = plan_bag(repo, plan, exporter, now, min(max_bytes, ZIP_LIMIT))
        if made.files:
            out[plan.id] = made
    return out


def plan_bag(repo: Repository, plan: Plan, exporter: Exporter, now: datetime, limit: int) -> Bag:
    base = plan.id + "/"
    payload = sorted(((f"data/{item.key}/{e.id}", e) for item in [plan.process, *plan.commitments]
                      for e in item.evidence if e.file), key=lambda pair: pair[0])
    payload_bytes = sum(e.file.bytes for _, e in payload)
    manifest = "".join(f"{e.file.sha256}  {_manifest_path(name)}\n" for name, e in payload).encode()
    tags = {
        "bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
        "manifest-sha256.txt": manifest,
        "evidence.json": evidence_json(plan, exporter, now),
    }
    size = payload_bytes + sum(len(data) for data in tags.values())  # bag-info.txt's own few hundred bytes aside
    tags["bag-info.txt"] = bag_info(repo, plan, exporter, now, payload_bytes, len(payload), size)
    tags["tagmanifest-sha256.txt"] = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                                             for name, data in sorted(tags.items())).encode()
    order = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", "evidence.json")
    entries = [Entry(base + name, len(tags[name]), data=tags[name]) for name in order]
    entries += [Entry(base + name, e.file.bytes, source=e.file.source_path, sha256=e.file.sha256)
                for name, e in payload]
    return Bag(plan.id, path(plan.id), entries, zip_size(entries), payload_bytes, len(payload), _date_time(now),
               limit)


def bag_info(repo: Repository, plan: Plan, exporter: Exporter, now: datetime, payload_bytes: int,
             count: int, size: int) -> bytes:
    """bag-info.txt: `Label: value` lines (RFC 8527 §2.2.2), a label repeated for each value."""
    member, langs = repo.member, repo.languages
    lines = [("Source-Organization", pick(member.get("name"), langs))]
    for contact in member.get("contacts") or []:
        if isinstance(contact, dict):
            lines += [("Contact-Name", pick(contact.get("name"), langs)), ("Contact-Phone", contact.get("phone")),
                      ("Contact-Email", contact.get("email"))]
    lines += [("External-Description", title) for title in _titles(plan.title, langs)]
    lines += [("External-Identifier", plan.id)]
    if exporter.site_url:
        lines += [("External-Identifier", exporter.url(urls.plan(plan)))]
    lines += [("Bagging-Date", now.date().isoformat()), ("Bag-Software-Agent", f"ogrepo {__version__}"),
              ("Payload-Oxum", f"{payload_bytes}.{count}"), ("Bag-Size", human_size(size))]
    return "".join(f"{label}: {_one_line(value)}\n" for label, value in lines if value).encode()


def evidence_json(plan: Plan, exporter: Exporter, now: datetime) -> bytes:
    """What each evidence item of the plan is, as repository.json says, with its path in the bag."""
    items = []
    for item in [plan.process, *plan.commitments]:
        for e in item.evidence:
            items.append({"item": item.key, "bag_path": f"data/{item.key}/{e.id}" if e.file else None,
                          **exporter.evidence(e, item)})
    data = {"plan": {"id": plan.id, "title": exporter.text(plan.title), "url": exporter.url(urls.plan(plan)),
                     "start": plan.start.value, "end": plan.end.value},
            "generated_at": now.isoformat(), "repository_data": exporter.url(urls.DATA), "evidence": items}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()


def zip_size(entries: list[Entry]) -> int:
    """The exact size of the ZIP `write` makes: stored entries, no 64-bit extension, no comment."""
    return END_RECORD + sum(LOCAL_HEADER + CENTRAL_HEADER + 2 * len(e.name.encode()) + e.size for e in entries)


def write(bag: Bag, root: Path, target: Path) -> None:
    """Write the bag's ZIP at `target`, each evidence file streamed from the repository and checked
    against its checksum on the way (a file changed since the build read it stops the write)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    try:
        with zipfile.ZipFile(part, "w", zipfile.ZIP_STORED, allowZip64=False) as zf:
            for entry in bag.entries:
                info = _info(entry, bag.date_time)
                if entry.data is not None:
                    zf.writestr(info, entry.data)
                else:
                    _copy(zf, info, root / entry.source, entry)
        written = part.stat().st_size
        if written != bag.bytes:
            raise BagError(f"{bag.path}: {written} bytes written, {bag.bytes} expected (a bug in ogrepo)")
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)


def _copy(zf: zipfile.ZipFile, info: zipfile.ZipInfo, source: Path, entry: Entry) -> None:
    digest = hashlib.sha256()
    try:
        with open(source, "rb") as src, zf.open(info, "w") as out:
            for chunk in iter(lambda: src.read(CHUNK), b""):
                digest.update(chunk)
                out.write(chunk)
    except OSError as exc:
        raise BagError(f"{entry.source}: cannot be read for the evidence bag ({exc.strerror or exc})") from None
    if digest.hexdigest() != entry.sha256:
        raise BagError(f"{entry.source}: the file changed while the site was being built; build again")


def _info(entry: Entry, date_time: tuple) -> zipfile.ZipInfo:
    """The same header on every machine: date, permissions and 'made on Unix' fixed."""
    info = zipfile.ZipInfo(entry.name, date_time)
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = 3
    info.external_attr = MODE << 16
    info.file_size = entry.size
    return info


def _date_time(now: datetime) -> tuple:
    """The build's moment (UTC) as a ZIP date, which holds 1980 to 2107 only."""
    now = now.astimezone(timezone.utc)
    if now.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    if now.year > 2107:
        return (2107, 12, 31, 23, 59, 58)
    return (now.year, now.month, now.day, now.hour, now.minute, now.second - now.second % 2)


def _manifest_path(name: str) -> str:
    """RFC 8527 §2.1.3: in a manifest, only CR, LF and % are percent-encoded."""
    return name.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _titles(title, languages: list[str]) -> list[str]:
    """The plan's title in each language it is written in, the member's first language first."""
    if isinstance(title, str):
        return [title]
    if not isinstance(title, dict):
        return []
    order = [lang for lang in languages if title.get(lang)] + [lang for lang in title if lang not in languages]
    return [title[lang] for lang in order if isinstance(title.get(lang), str)]


def _one_line(value) -> str:
    return " ".join(str(value).split())
