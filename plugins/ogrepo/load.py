"""Read a repository's content and evidence folders into the model, collecting every problem.

Layout:
    content/member.yml
    content/plans/<plan>/plan.yml, process.yml, commitments/<commitment>.yml
    content/**/*.md                                   hand-written pages
    evidence/<plan>/<commitment>/…, evidence/<plan>/process/…, each with an optional evidence.yml
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import validate, yamlfile
from .model import NOT_REPORTED, Commitment, Evidence, EvidenceFile, Item, Milestone, Plan, Process, Repository, Update
from .problems import WARNING, Problem
from .schema import ID_PATTERN

METADATA = "evidence.yml"
PROCESS = "process"
# GitHub Pages refuses files over 100 MB.
MAX_FILE_BYTES = 100 * 1024 * 1024
_ID = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class Layout:
    root: Path
    content: str = "content"
    evidence: str = "evidence"
    max_file_bytes: int = MAX_FILE_BYTES


def load(layout: Layout, today: date) -> tuple[Repository, list[Problem]]:
    """The repository and every problem found in it. Never raises on bad content."""
    loader = _Loader(layout)
    repo = loader.repository()
    loader.problems += validate.check_repository(repo, today)
    return repo, sorted(set(loader.problems))


class _Loader:
    def __init__(self, layout: Layout):
        self.layout = layout
        self.root = Path(layout.root)
        self.problems: list[Problem] = []
        # files that cannot be read: what depends on them is not checked again, to avoid echoes
        self.invalid_commitments: set[tuple[str, str]] = set()

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def problem(self, path: Path | str, message: str, hint: str = "", severity: str = "error"):
        where = path if isinstance(path, str) else self.rel(path)
        self.problems.append(Problem(where, 0, 0, message, hint, severity))

    def read(self, path: Path, kind: str) -> yamlfile.YamlFile | None:
        """A YAML file checked against its schema, or None when it cannot be read as a mapping.

        A file with schema errors is still returned, without the values the schema refused, so
        that the rules across files check the rest of it in the same run.
        """
        rel = self.rel(path)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            self.problem(rel, f"this file is not UTF-8 text (byte {exc.start})", "save it as UTF-8")
            return None
        doc, problems = yamlfile.load(text, rel)
        if not problems and not isinstance(doc.data, dict):
            problems = [doc.problem((), "this file should hold 'key: value' lines", f"see the {kind} example in the authors' guide")]
        self.problems += problems
        if any(p.severity == "error" for p in problems):
            return None
        self.problems += validate.check_schema(doc, kind)
        return doc

    # --- content ---------------------------------------------------------------------------

    def repository(self) -> Repository:
        content = self.root / self.layout.content
        member_path = content / "member.yml"
        member = None
        if member_path.is_file():
            member = self.read(member_path, "member")
        else:
            self.problem(member_path.relative_to(self.root).as_posix(), "the member file is missing",
                         "create it with the member's name, level, languages, lead agency and contacts")
        if (content / "index.md").exists():
            self.problem(content / "index.md", "the home page is generated from the data",
                         "move this text to another page, e.g. about.md")
        plans = self.plans(content / "plans")
        pages = sorted(self.rel(p) for p in content.rglob("*.md") if not _under(p, content / "plans"))
        return Repository(str(self.root), member.data if member else {}, plans, pages)

    def plans(self, folder: Path) -> list[Plan]:
        if not folder.is_dir():
            self.problem(self.rel(folder) if folder.exists() else f"{self.layout.content}/plans",
                         "there are no plans", "add content/plans/<plan id>/plan.yml")
            return []
        plans, ids = [], set()  # plans as folders: a plan.yml with errors still has its evidence
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith("."):
                continue
            if not entry.is_dir():
                self.unexpected(entry, "only one folder per plan goes here, named by the plan id (e.g. 2025-2027)")
                continue
            if not self.valid_id(entry):
                continue
            ids.add(entry.name)
            plans.append(self.plan(entry))
        self.evidence(ids, {p.id: p for p in plans})
        return sorted(plans, key=lambda p: (p.start or "", p.id), reverse=True)

    def valid_id(self, path: Path) -> bool:
        name = path.stem if path.is_file() else path.name
        if _ID.match(name):
            return True
        self.problem(path, f"'{name}' cannot be used as an id (it makes the page's address)",
                     "use only letters, digits, '.', '_' and '-', starting with a letter or digit")
        return False

    def unexpected(self, path: Path, hint: str):
        self.problem(path, "this file is not part of the repository's format and would not be published", hint)

    def plan(self, folder: Path) -> Plan:
        known = {"plan.yml", "process.yml", "commitments"}
        for entry in sorted(folder.iterdir()):
            if entry.name not in known and not entry.name.startswith("."):
                self.unexpected(entry, "a plan folder holds plan.yml, process.yml and commitments/")
        doc = None
        if (folder / "plan.yml").is_file():
            doc = self.read(folder / "plan.yml", "plan")
        else:
            self.problem(folder, f"plan {folder.name} has no plan.yml", "add plan.yml with its title, start, end and phase")
        process_doc = self.read(folder / "process.yml", "process") if (folder / "process.yml").is_file() else None
        process = Process(folder.name, process_doc, self.evidence_folder(folder.name, PROCESS),
                          data=process_doc.data if process_doc else {})
        commitments = self.commitments(folder / "commitments", folder.name)
        commitments.sort(key=lambda c: (_number(c.data.get("number")), c.id))
        broken = {cid for pid, cid in self.invalid_commitments if pid == folder.name}
        return Plan(folder.name, doc, process, commitments, broken=broken)

    def evidence_folder(self, plan_id: str, key: str) -> str:
        return f"{self.layout.evidence}/{plan_id}/{key}"

    def commitments(self, folder: Path, plan_id: str) -> list[Commitment]:
        if not folder.is_dir():
            return []
        result = []
        for path in sorted(folder.iterdir()):
            if path.name.startswith("."):
                continue
            if path.suffix != ".yml" or not path.is_file():
                hint = "rename it to .yml" if path.suffix == ".yaml" else "one <commitment id>.yml file per commitment goes here"
                self.unexpected(path, hint)
                continue
            if not self.valid_id(path):
                continue
            doc = self.read(path, "commitment")
            if doc is None:
                self.invalid_commitments.add((plan_id, path.stem))
                continue
            result.append(_commitment(plan_id, path.stem, doc, self.evidence_folder(plan_id, path.stem)))
        return result

    # --- evidence --------------------------------------------------------------------------

    def evidence(self, plan_ids: set[str], plans: dict[str, Plan]):
        base = self.root / self.layout.evidence
        if not base.is_dir():
            return
        folders: dict[tuple[str, str], list[EvidenceFile]] = {}
        for path in self.walk(base):
            parts = path.relative_to(base).parts
            if len(parts) < 3:
                self.unexpected(path, "evidence goes in evidence/<plan>/<commitment id>/ or evidence/<plan>/process/")
                continue
            plan_id, item_id = parts[0], parts[1]
            if plan_id not in plan_ids:
                self.problem(path, f"there is no plan '{plan_id}' for this evidence",
                             f"move it under an existing plan folder, or add content/plans/{plan_id}/plan.yml")
                continue
            if (plan_id, item_id) in self.invalid_commitments:
                continue  # its file cannot be read: that is reported, not every file of its folder
            item = self.item(plans[plan_id], item_id)
            if item is None:
                self.problem(path, f"there is no commitment '{item_id}' in plan {plan_id} for this evidence",
                             f"add content/plans/{plan_id}/commitments/{item_id}.yml, or move the file to the right folder")
                continue
            if len(parts) == 3 and parts[2] == METADATA:
                item.evidence_doc = self.read(path, "evidence")
                if item.evidence_doc is None:
                    item.evidence_unknown = True
                continue
            found = self.evidence_file(path)
            if found:
                folders.setdefault((plan_id, item_id), []).append(found)
        for plan in plans.values():
            for item in [plan.process, *plan.commitments]:
                key = (plan.id, item.id if isinstance(item, Commitment) else PROCESS)
                self.describe(item, folders.get(key, []))

    def item(self, plan: Plan, item_id: str) -> Item | None:
        return plan.process if item_id == PROCESS else plan.commitment(item_id)

    def walk(self, base: Path):
        """Every file under `base`, in a stable order, refusing links to folders."""
        for folder, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in list(dirnames):
                path = Path(folder) / name
                if path.is_symlink():
                    dirnames.remove(name)
                    self.problem(path, "this is a link to a folder; it is not followed or published",
                                 "copy the files into the repository instead of linking to them")
                elif name.startswith("."):
                    dirnames.remove(name)
            for name in sorted(filenames):
                if not name.startswith("."):
                    yield Path(folder) / name

    def evidence_file(self, path: Path) -> EvidenceFile | None:
        rel = self.rel(path)
        if path.is_symlink():
            target = os.path.realpath(path)
            if not _under(Path(target), Path(os.path.realpath(self.root))):
                self.problem(rel, "this is a link to a file outside the repository; it is refused, not followed",
                             "copy the file into the repository instead of linking to it")
                return None
            if not os.path.isfile(target):
                self.problem(rel, "this link points to nothing", "remove it or copy the file it meant")
                return None
        size = path.stat().st_size
        if size > self.layout.max_file_bytes:
            self.problem(rel, f"this file is {size / 2**20:.0f} MB, over the host's limit of "
                              f"{self.layout.max_file_bytes / 2**20:.0f} MB per file",
                         "publish a smaller version (compress it, or split it) or link to where it is hosted")
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        media_type, _ = mimetypes.guess_type(path.name)
        return EvidenceFile(rel, size, digest.hexdigest(), media_type)

    def describe(self, item: Item, files: list[EvidenceFile]):
        """Pair each file with its metadata and add the folder's external links."""
        folder = item.evidence_folder
        meta = item.evidence_doc.data if item.evidence_doc else {}
        entries = {k: v for k, v in (meta.get("files") or {}).items() if isinstance(v, dict)}
        for f in files:
            inner = f.source_path[len(folder) + 1:]
            item.evidence.append(Evidence(inner, folder, entries.get(inner, {}), file=f))
            if inner not in entries and not item.evidence_unknown:
                self.problem(f.source_path, "this evidence has no description; it is published without a title, date or kind",
                             f"describe it under 'files:' in {folder}/{METADATA}", severity=WARNING)
        names = {e.id for e in item.evidence}
        doc = item.evidence_doc
        for name in meta.get("files") or {}:
            if name not in names:
                self.problems.append(doc.problem(("files", name), f"'{name}' is described here but there is no such file in {folder}/",
                                                 "correct the name (it is case-sensitive) or add the file", key=True))
        for i, link in enumerate(meta.get("links") or []):
            if not isinstance(link, dict) or not link.get("id") or not link.get("url"):
                continue  # its own problem is reported
            if link["id"] in names:
                self.problems.append(doc.problem(("links", i, "id"), f"the id '{link['id']}' is already used in this folder",
                                                 "give the link an id of its own"))
                continue
            names.add(link["id"])
            item.evidence.append(Evidence(link["id"], folder, link, url=link["url"]))


def _under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
        return True
    except ValueError:
        return False


def _number(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 10**9


def _commitment(plan_id: str, commitment_id: str, doc: yamlfile.YamlFile, evidence_folder: str) -> Commitment:
    data = doc.data
    entries = data.get("updates") if isinstance(data.get("updates"), list) else []
    updates = sorted((Update(u) for u in entries if isinstance(u, dict)), key=lambda u: u.date or "", reverse=True)
    written = data.get("milestones") if isinstance(data.get("milestones"), list) else []
    milestones = [Milestone(m, status=m.get("status") or NOT_REPORTED, index=i)
                  for i, m in enumerate(written) if isinstance(m, dict)]
    for m in milestones:
        latest = next((u for u in updates if m.id in (u.milestones or {})), None)
        if latest and latest.milestones[m.id]:
            m.status, m.status_date = latest.milestones[m.id], latest.date
    status = next((u.data["completion"] for u in updates if u.data.get("completion")), NOT_REPORTED)
    return Commitment(plan_id, doc, evidence_folder, id=commitment_id, data=data, milestones=milestones,
                      updates=updates, status=status)
