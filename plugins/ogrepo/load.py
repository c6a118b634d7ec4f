"""Read a repository's content and evidence folders into the model, collecting every problem.

Layout:
    content/member.yml
    content/plans/<plan>/plan.yml, process.yml, commitments/<commitment>.yml
    content/**/*.md                                   hand-written pages
    evidence/<plan>/<commitment>/…, evidence/<plan>/process/…, each with an optional evidence.yml

Only files that `files.walk` accepts are read: regular files inside the repository (refused files
and left-out files are reported there, once each).
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from . import dates, files, validate, vocab, yamlfile
from .model import Activity, Commitment, Evidence, EvidenceFile, Item, Milestone, Plan, Process, Repository, Update
from .problems import ERROR, NOTICE, WARNING, Problem
from . import schema
from .schema import ID_PATTERN

METADATA = "evidence.yml"
PROCESS = "process"
# GitHub Pages refuses files over 100 MB.
MAX_FILE_BYTES = 100 * 1024 * 1024
_ID = re.compile(ID_PATTERN)
# a commitment's page is plans/<plan>/commitments/<id>/: "index" is the list of commitments
RESERVED_COMMITMENT_IDS = {"index"}
# folders of the site that the build writes: a page or file of content/ there would be replaced
GENERATED_FOLDERS = ("data", "feeds", "plans", "search", "assets")


@dataclass(frozen=True)
class Layout:
    root: Path
    content: str = "content"
    evidence: str = "evidence"
    max_file_bytes: int = MAX_FILE_BYTES
    ignored: frozenset[str] = frozenset()  # paths git ignores (relative to the root)
    vocabularies: vocab.Vocabularies = field(default_factory=vocab.Vocabularies)


def load(layout: Layout, today: date) -> tuple[Repository, list[Problem]]:
    """The repository and every problem found in it. Never raises on bad content."""
    loader = _Loader(layout)
    repo = loader.repository()
    loader.problems += validate.check_repository(repo, today)
    if loader.format_1:
        shown = ", ".join(loader.format_1[:3]) + (f" and {len(loader.format_1) - 3} more" if len(loader.format_1) > 3 else "")
        loader.problems.append(Problem(loader.format_1[0], 0, 0,
                                       f"{len(loader.format_1)} file(s) are written for format 1 ({shown}): they "
                                       f"are read as format {schema.FORMAT}",
                                       "`ogrepo migrate` rewrites them for the current format and says what it changed",
                                       NOTICE))
    for doc in loader.documents:  # every problem is found: positions are not needed any more
        doc.forget_positions()
    return repo, sorted(set(loader.problems))


class _Loader:
    def __init__(self, layout: Layout):
        self.layout = layout
        self.root = Path(layout.root)
        self.problems: list[Problem] = []
        # files that cannot be read: what depends on them is not checked again, to avoid echoes
        self.invalid_commitments: set[tuple[str, str]] = set()
        self.format_1: list[str] = []  # files written for format 1 (no `format:` key)
        self.documents: list[yamlfile.YamlFile] = []
        content = files.walk(self.root, self.root / layout.content, layout.ignored)
        evidence = files.walk(self.root, self.root / layout.evidence, layout.ignored)
        self.problems += content.problems + evidence.problems
        self.content_files = [self.rel(p) for p in content.files]
        self.evidence_files = evidence.files
        # evidence files refused (reported as errors) or left out (hidden, ignored), by path
        self.refused = {p.path for p in evidence.problems if p.severity == ERROR}
        self.left_out = {p.path: p.message for p in evidence.problems if p.severity != ERROR}

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def problem(self, path: Path | str, message: str, hint: str = "", severity: str = ERROR):
        where = path if isinstance(path, str) else self.rel(path)
        self.problems.append(Problem(where, 0, 0, message, hint, severity))

    def read(self, path: Path, kind: str) -> yamlfile.YamlFile | None:
        """A YAML file checked against its schema, or None when it cannot be read as a mapping.

        A file with schema errors is still returned, without the values the schema refused, so
        that the rules across files check the rest of it in the same run.
        """
        rel = self.rel(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.problem(rel, f"this file cannot be read: {exc.strerror or exc}", "check its permissions")
            return None
        text, problems = yamlfile.decode(data, rel)
        if text is None:
            self.problems += problems
            return None
        doc, problems = yamlfile.load(text, rel)
        self.documents.append(doc)
        if not problems and not isinstance(doc.data, dict):
            problems = [doc.problem((), "this file should hold 'key: value' lines", f"see the {kind} example in the authors' guide")]
        self.problems += problems
        if any(p.severity == ERROR for p in problems):
            return None
        self.problems += validate.check_schema(doc, kind, self.layout.vocabularies)
        if doc.data.get("format") is None:
            self.format_1.append(rel)
        return doc

    # --- content ---------------------------------------------------------------------------

    def repository(self) -> Repository:
        content = self.layout.content
        member = None
        pages, plan_files = [], {}
        for rel in self.content_files:
            inner = PurePosixPath(rel).relative_to(content)
            top = inner.parts[0]
            if inner.as_posix() == "member.yml":
                member = self.read(self.root / rel, "member")
            elif inner.as_posix() == "index.md":
                self.problem(rel, "the home page is generated from the data", "move this text to another page, e.g. about.md")
            elif top == "plans":
                plan_files[rel] = inner.parts[1:]
            elif top in GENERATED_FOLDERS and len(inner.parts) > 1:
                self.problem(rel, f"the build writes the site's {top}/ folder: this file would be replaced",
                             f"move it out of {content}/{top}/")
            elif inner.suffix == ".md":
                pages.append(rel)
        if member is None and f"{content}/member.yml" not in self.content_files:
            self.problem(f"{content}/member.yml", "the member file is missing",
                         "create it with the member's name, level, languages, lead agency and contacts")
        if member is not None:
            self.check_languages(member)
        plans = self.plans(plan_files)
        return Repository(str(self.root), member.data if member else {}, plans, sorted(pages))

    def check_languages(self, member: yamlfile.YamlFile):
        for i, code in enumerate(member.data.get("languages") or []):
            if isinstance(code, str) and not dates.known(code):
                self.problems.append(member.problem(
                    ("languages", i), f"there are no date and number formats for the language '{code}': "
                                      "they are shown as in English", "check the code (ISO 639, e.g. fr, es, si, ta)",
                    severity=NOTICE))

    def plans(self, plan_files: dict[str, tuple[str, ...]]) -> list[Plan]:
        """Plans from the files under content/plans/: <plan>/plan.yml, process.yml, commitments/<id>.yml."""
        content = self.layout.content
        if not plan_files:
            self.problem(f"{content}/plans", "there are no plans", f"add {content}/plans/<plan id>/plan.yml")
        by_plan: dict[str, dict[str, str]] = {}
        commitments: dict[str, list[str]] = {}
        for rel, parts in plan_files.items():
            if len(parts) == 1:
                self.unexpected(rel, "only one folder per plan goes here, named by the plan id (e.g. 2025-2027)")
                continue
            plan_id = parts[0]
            by_plan.setdefault(plan_id, {})
            if len(parts) == 2 and parts[1] in ("plan.yml", "process.yml"):
                by_plan[plan_id][parts[1]] = rel
            elif len(parts) == 3 and parts[1] == "commitments" and parts[2].endswith(".yml"):
                commitments.setdefault(plan_id, []).append(rel)
            elif len(parts) == 3 and parts[1] == "commitments":
                hint = "rename it to .yml" if parts[2].endswith(".yaml") else "one <commitment id>.yml file per commitment goes here"
                self.unexpected(rel, hint)
            else:
                self.unexpected(rel, "a plan folder holds plan.yml, process.yml and commitments/<commitment id>.yml")
        plans = []
        for plan_id in sorted(by_plan):
            if self.valid_id(f"{content}/plans/{plan_id}", plan_id):
                plans.append(self.plan(plan_id, by_plan[plan_id], sorted(commitments.get(plan_id, []))))
        self.evidence({p.id: p for p in plans}, set(by_plan))
        return sorted(plans, key=lambda p: (p.start.sort_key, p.id), reverse=True)

    def valid_id(self, where: str, name: str) -> bool:
        if _ID.match(name):
            return True
        self.problem(where, f"'{name}' cannot be used as an id (it makes the page's address)",
                     "use only letters, digits, '.', '_' and '-', starting with a letter or digit")
        return False

    def unexpected(self, path: str, hint: str):
        self.problem(path, "this file is not part of the repository's format and would not be published", hint)

    def plan(self, plan_id: str, own: dict[str, str], commitment_files: list[str]) -> Plan:
        doc = self.read(self.root / own["plan.yml"], "plan") if "plan.yml" in own else None
        if "plan.yml" not in own:
            self.problem(f"{self.layout.content}/plans/{plan_id}", f"plan {plan_id} has no plan.yml",
                         "add plan.yml with its title, start, end and phase")
        process_doc = self.read(self.root / own["process.yml"], "process") if "process.yml" in own else None
        process = Process(plan_id, process_doc, self.evidence_folder(plan_id, PROCESS),
                          data=process_doc.data if process_doc else {})
        commitments = self.commitments(commitment_files, plan_id)
        commitments.sort(key=lambda c: (_number(c.data.get("number")), c.id))
        broken = {cid for pid, cid in self.invalid_commitments if pid == plan_id}
        return Plan(plan_id, doc, process, commitments, broken=broken)

    def evidence_folder(self, plan_id: str, key: str) -> str:
        return f"{self.layout.evidence}/{plan_id}/{key}"

    def commitments(self, paths: list[str], plan_id: str) -> list[Commitment]:
        result = []
        for rel in paths:
            commitment_id = PurePosixPath(rel).stem
            if not self.valid_id(rel, commitment_id):
                continue
            if commitment_id in RESERVED_COMMITMENT_IDS:
                self.problem(rel, f"'{commitment_id}' cannot be a commitment id: its page would replace the list of "
                                  "the plan's commitments", "rename the file, e.g. to the commitment's topic")
                continue
            doc = self.read(self.root / rel, "commitment")
            if doc is None:
                self.invalid_commitments.add((plan_id, commitment_id))
                continue
            result.append(_commitment(plan_id, commitment_id, doc, self.evidence_folder(plan_id, commitment_id)))
        return result

    # --- evidence --------------------------------------------------------------------------

    def evidence(self, plans: dict[str, Plan], plan_folders: set[str]):
        base = self.layout.evidence
        folders: dict[tuple[str, str], list[EvidenceFile]] = {}
        homeless: dict[str, list[str]] = {}  # folder without a plan or commitment -> its files
        for path in self.evidence_files:
            parts = PurePosixPath(self.rel(path)).relative_to(base).parts
            if len(parts) < 3:
                self.unexpected(self.rel(path), f"evidence goes in {base}/<plan>/<commitment id>/ or {base}/<plan>/process/")
                continue
            plan_id, item_id = parts[0], parts[1]
            if plan_id not in plans:
                if plan_id not in plan_folders:  # a plan folder with a wrong id is reported already
                    homeless.setdefault(f"{base}/{plan_id}", []).append("/".join(parts[1:]))
                continue
            if (plan_id, item_id) in self.invalid_commitments:
                continue  # its file cannot be read: that is reported, not every file of its folder
            item = plans[plan_id].process if item_id == PROCESS else plans[plan_id].commitment(item_id)
            if item is None:
                homeless.setdefault(f"{base}/{plan_id}/{item_id}", []).append("/".join(parts[2:]))
                continue
            if len(parts) == 3 and parts[2] == METADATA:
                item.evidence_doc = self.read(path, "evidence")
                if item.evidence_doc is None:
                    item.evidence_unknown = True
                continue
            found = self.evidence_file(path)
            if found:
                folders.setdefault((plan_id, item_id), []).append(found)
        for folder, names in homeless.items():
            self.homeless(folder, names)
        for plan in plans.values():
            for item in [plan.process, *plan.commitments]:
                self.mark_unpublished(item)
                self.describe(item, folders.get((plan.id, item.key), []))

    def homeless(self, folder: str, names: list[str]):
        """One problem for a folder of evidence that belongs to no plan or commitment, naming its files."""
        parts = PurePosixPath(folder).parts
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        files_ = f"{len(names)} file(s), not published: {shown}"
        content = self.layout.content
        if len(parts) == 2:
            self.problem(folder, f"there is no plan '{parts[1]}' for the evidence in this folder ({files_})",
                         f"move it under an existing plan folder, or add {content}/plans/{parts[1]}/plan.yml")
        else:
            self.problem(folder, f"there is no commitment '{parts[2]}' in plan {parts[1]} for the evidence in this "
                                 f"folder ({files_})",
                         f"add {content}/plans/{parts[1]}/commitments/{parts[2]}.yml, or move the files to the right folder")

    def mark_unpublished(self, item: Item):
        """The item's files that are not published: references to them are reported as such."""
        prefix = item.evidence_folder + "/"
        item.refused = {p[len(prefix):] for p in self.refused if p.startswith(prefix)}
        item.left_out = {p[len(prefix):]: why for p, why in self.left_out.items() if p.startswith(prefix)}

    def evidence_file(self, path: Path) -> EvidenceFile | None:
        rel = self.rel(path)
        try:
            size = path.stat().st_size
            if size > self.layout.max_file_bytes:
                self.problem(rel, f"this file is {size / 2**20:.0f} MB, over the host's limit of "
                                  f"{self.layout.max_file_bytes / 2**20:.0f} MB per file",
                             "publish a smaller version (compress it, or split it) or link to where it is hosted")
                return None
            if files.lfs_pointer(path, size):
                self.problem(rel, "this is a Git LFS pointer, not the file itself: the real file was not checked out",
                             "run `git lfs pull` before building; in GitHub Actions give actions/checkout `lfs: true`")
                return None
            digest = hashlib.sha256()
            with open(path, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
        except OSError as exc:
            self.problem(rel, f"this file cannot be read: {exc.strerror or exc}", "check its permissions")
            return None
        media_type, _ = mimetypes.guess_type(path.name, strict=False)
        return EvidenceFile(rel, size, digest.hexdigest(), media_type, files.published_name(rel))

    def describe(self, item: Item, found: list[EvidenceFile]):
        """Pair each file with its metadata and add the folder's external links."""
        folder = item.evidence_folder
        meta = item.evidence_doc.data if item.evidence_doc else {}
        entries = {k: v for k, v in (meta.get("files") or {}).items() if isinstance(v, dict)}
        for f in found:
            inner = f.source_path[len(folder) + 1:]
            item.evidence.append(Evidence(inner, folder, entries.get(inner, {}), file=f))
            if inner not in entries and not item.evidence_unknown:
                self.problem(f.source_path, "this evidence has no description; it is published without a title, date or kind",
                             f"describe it under 'files:' in {folder}/{METADATA}", severity=WARNING)
        names = {e.id for e in item.evidence}
        doc = item.evidence_doc
        for name in meta.get("files") or {}:
            if name not in names and name not in item.refused:
                left_out = item.left_out.get(name)
                self.problems.append(doc.problem(
                    ("files", name), f"'{name}' is described here but " +
                    (f"it is not published: {left_out}" if left_out else f"there is no such file in {folder}/"),
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


def _number(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 10**9


def _commitment(plan_id: str, commitment_id: str, doc: yamlfile.YamlFile, evidence_folder: str) -> Commitment:
    data = doc.data
    updates = [Update(u) for u in _dicts(data.get("updates"))]
    for u in updates:
        if u.date:
            u.published, u.published_from = date.fromisoformat(u.date), "record"
    milestones = []
    for i, m in enumerate(_dicts(data.get("milestones"), keep_index=True)):
        if m is None:
            continue
        activities = [Activity(a, index=j) for j, a in enumerate(_dicts(m.get("activities"), keep_index=True)) if a]
        milestones.append(Milestone(m, index=i, activities=activities))
    c = Commitment(plan_id, doc, evidence_folder, id=commitment_id, data=data, milestones=milestones)
    c.set_updates(updates)
    return c


def _dicts(values, keep_index: bool = False) -> list:
    """The mappings of a list field (its other entries are reported by the schema)."""
    values = values if isinstance(values, list) else []
    return [v if isinstance(v, dict) else None for v in values] if keep_index else [v for v in values if isinstance(v, dict)]
