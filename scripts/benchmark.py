"""Benchmark ogrepo on a large synthetic repository and print the figures side by side.

What it does:

1. Generates a valid OGP repository with `git fast-import` (one process fed a stream on stdin):
   N commitments with 3 milestones and a few progress updates each, evidence files spread over
   the commitment folders (each folder with an evidence.yml describing every file), hand-written
   pages, and a history of M commits over two years: fixed committer dates, varied time zones,
   paths with spaces and non-ASCII characters, a few renames and withdrawn files, and a few merge
   commits of side branches on the first-parent line. Then `git reset --hard` makes the work tree.
2. Measures, with SOURCE_DATE_EPOCH fixed one day after the last commit:
   - `ogrepo.history.read` (one walk over git history, the dates of every file), against one
     `git log -1 --format=%cI -- <file>` process per file (what mkdocs-git-revision-date-
     localized-plugin does), timed on a random sample of files and extrapolated to all files;
   - `ogrepo.build.check` (what `ogrepo check` runs) and `ogrepo.build.build` (pages, data,
     feeds, without MkDocs), each in a fresh Python process, as a command would run;
   - `mkdocs build` of the repository, against plain MkDocs + Material building the very same
     Markdown (the pages our plugin generates plus the hand-written ones, with the same evidence,
     data and feed files, theme overrides, CSS and JavaScript) with no ogrepo plugin: the median
     of --runs runs each, interleaved;
   - peak memory: the maximum resident set size of each build (os.wait4's rusage: the counter of
     RUSAGE_CHILDREN, for that one process and its children, so the two builds don't mask each
     other), and of the process that walks the history and of its `git log`. Every measured
     command starts from a small launcher process: Linux starts a child's peak-RSS counter at its
     parent's, and this script is large once the repository is generated;
   - CPU time (user + system) of each build besides wall time: steadier when the machine is busy.

Run it from the repository root (after `pip install -e .`); to measure a fixed copy of the plugin
while it is being edited, put that copy first: `PYTHONPATH=/tmp/copy/plugins python scripts/benchmark.py`.

    python scripts/benchmark.py --quick                 # 100 commitments, 1,000 files, 2,000 commits
    python scripts/benchmark.py                         # 1,000 / 10,000 / 20,000: several minutes
    python scripts/benchmark.py --out bench-out --keep  # keep the generated folders to look at
    python scripts/benchmark.py --languages 2           # the member in English and French: our one build
                                                        # against two plain builds, one per language

Targets: the history walk under 2 s at the default size; our build at most 1.15 x plain MkDocs (of
the same pages, in every language), with a peak memory at most 1.5 x.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import yaml

from ogrepo import build, config, schema, urls, vocab
from ogrepo.mkdocs_plugin import NAV_COMMITMENTS

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
T0 = int(datetime(2024, 1, 1, tzinfo=timezone.utc).timestamp())  # the first commit
SPAN = 2 * 365 * 86400  # the history covers two years
EPOCH = T0 + SPAN + 86400  # SOURCE_DATE_EPOCH: one day after the last commit
PLUGIN_THEME = Path(build.__file__).parent / "theme"
PLUGIN_ASSETS = Path(build.__file__).parent / "assets"
HISTORY_TARGET_S = 2.0
BUILD_TARGET_RATIO = 1.15
MEMORY_TARGET_RATIO = 1.5

# --- what the synthetic content is made of ----------------------------------------------------

TIME_ZONES = ["+0000", "+0100", "+0200", "-0500", "-0300", "+0530", "+0900", "-0800", "+1245", "-0930"]
PEOPLE = [("Ana Point", "ana.point@gov.example"), ("José Núñez", "jose.nunez@gov.example"),
          ("Chloé Lefèvre", "chloe@civil.example"), ("Kwame Mensah", "kwame@gov.example"),
          ("Li Wei", "li.wei@data.example"), ("Søren Østergaard", "soren@audit.example")]
MAINTAINERS = PEOPLE[:2]
ORGANISATIONS = ["Ministry of Finance", "Open Government Office", "Ministère de l'Intérieur",
                 "National Statistics Office", "Public Procurement Authority", "City of São Tomé",
                 "Office of the Auditor General", "Ministry of Health"]
TOPICS = [("open-budget", "Open budget data", "Données budgétaires ouvertes"),
          ("beneficial-ownership", "Beneficial ownership register", "Registre des bénéficiaires effectifs"),
          ("open-contracting", "Open contracting", "Contrats publics ouverts"),
          ("access-to-information", "Access to information law", "Loi d'accès à l'information"),
          ("participatory-budget", "Participatory budgeting", "Budget participatif"),
          ("lobbying-register", "Lobbying register", "Registre des lobbyistes"),
          ("health-data", "Open health data", "Données de santé ouvertes"),
          ("whistleblowers", "Whistleblower protection", "Protection des lanceurs d'alerte"),
          ("climate-finance", "Climate finance tracking", "Suivi de la finance climat"),
          ("e-petitions", "E-petitions portal", "Portail de pétitions en ligne")]
EN_WORDS = ("open data budget citizens portal register procurement contracts transparency council ministry "
            "agency report standard forum civil society access information publish quarterly review audit "
            "public feedback service digital local government plan monitoring indicators training officials "
            "community consultation dataset").split()
FR_WORDS = ("données ouvertes budget citoyens portail registre marchés transparence conseil ministère agence "
            "rapport norme forum société civile accès information publier trimestriel révision audit retour "
            "service numérique collectivité gouvernement suivi indicateurs formation élus communauté").split()
# (stem, extension) of evidence files; some with spaces, some with non-ASCII characters
STEMS = ["decree", "minutes", "progress-report", "dataset", "budget", "terms-of-reference", "photo",
         "meeting minutes", "signed agreement", "acta de reunión", "procès-verbal", "отчёт", "報告書"]
EXTENSIONS = [("pdf", 40), ("docx", 10), ("xlsx", 8), ("csv", 10), ("txt", 7), ("jpg", 10), ("png", 8),
              ("odt", 4), ("json", 3)]
HEADERS = {"pdf": b"%PDF-1.4\n", "png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff\xe0", "docx": b"PK\x03\x04",
           "xlsx": b"PK\x03\x04", "odt": b"PK\x03\x04"}

MKDOCS_YML = {
    "site_name": "Testland Open Government Repository",
    "site_url": "https://ogp.example/testland/",
    "repo_url": "https://github.com/testland/open-government",
    "edit_uri": "",
    "docs_dir": "content",
    "theme": {"name": "material", "language": "en", "font": False,
              "features": ["navigation.sections", "navigation.indexes", "navigation.top", "search.highlight"]},
    "plugins": ["search", {"ogrepo": {"tag_authority": "ogp.example,2024"}}],
    "markdown_extensions": ["attr_list", "admonition"],
}
LANGUAGES = ["en", "fr", "es"]
MEMBER = {
    "name": {"en": "Republic of Testland", "fr": "République du Testland"},
    "level": "national",
    "languages": ["en", "fr"],
    "lead_agency": "Open Government Office",
    "contacts": [{"name": "Ana Point", "title": "OGP point of contact", "department": "Open Government Office",
                  "email": "ana.point@gov.example", "phone": "+1 555 0100"}],
}
PAGES = {
    "content/about.md": "# About this repository\n\nThe evidence of Testland's action plans.\n",
    "content/guide/how-to-contribute.md": "# How to contribute\n\nSee [about](../about.md).\n",
    "content/guide/données-ouvertes.md": "# Données ouvertes\n\nLes données sont publiées sous licence ouverte.\n",
}


def dump(data: dict, comment: str = "") -> bytes:
    text = yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=100)
    return ((f"# {comment}\n" if comment else "") + text).encode()


def content(data: dict, comment: str = "") -> bytes:
    """A content file, written for the current format."""
    return dump({"format": schema.FORMAT, **data}, comment)


def words(rng: random.Random, vocabulary: list[str], n: int) -> str:
    return " ".join(rng.choice(vocabulary) for _ in range(n))


def sentence(rng: random.Random, vocabulary: list[str] = EN_WORDS) -> str:
    return words(rng, vocabulary, rng.randint(8, 18)).capitalize() + "."


def prose(rng: random.Random, sentences: int = 3, bilingual: float = 0.2):
    """A paragraph; sometimes in English and French ({en: ..., fr: ...})."""
    en = " ".join(sentence(rng) for _ in range(sentences))
    if rng.random() < bilingual:
        return {"en": en, "fr": " ".join(sentence(rng, FR_WORDS) for _ in range(sentences))}
    return en


def day(when: date, days: int) -> str:
    return (when + timedelta(days=days)).isoformat()


# --- the planned content ------------------------------------------------------------------------

@dataclass
class EvidencePlan:
    name: str  # its name in the final tree, inside the commitment's folder
    first_name: str  # the name it is added under (differs when it is renamed later)
    ext: str
    withdrawn: bool = False  # added, then deleted


@dataclass
class CommitmentPlan:
    id: str
    plan_id: str
    doc: dict  # the YAML document without updates
    evidence: list[EvidencePlan] = field(default_factory=list)
    updates: int = 3

    @property
    def folder(self) -> str:
        return f"evidence/{self.plan_id}/{self.id}"

    @property
    def path(self) -> str:
        return f"content/plans/{self.plan_id}/commitments/{self.id}.yml"


@dataclass
class Sizes:
    commitments: int
    evidence: int
    commits: int
    plans: int
    languages: int = 1


def plan_ids(n: int) -> list[tuple[str, int]]:
    """(id, start year) of each plan, newest first: 2024-2026, 2022-2024, ..."""
    return [(f"{y}-{y + 2}", y) for y in (2024 - 2 * k for k in range(n))]


def plan_commitments(sizes: Sizes, rng: random.Random) -> list[CommitmentPlan]:
    plans = plan_ids(sizes.plans)
    commitments = []
    for i in range(sizes.commitments):
        plan_id, year = plans[i % len(plans)]
        number = i // len(plans) + 1
        slug, en, fr = TOPICS[i % len(TOPICS)]
        cid = f"c{i + 1:04d}-{slug}"
        doc = commitment_doc(rng, i, number, en, fr, date(year, 9, 1), date(year + 2, 8, 31))
        commitments.append(CommitmentPlan(cid, plan_id, doc, updates=rng.randint(2, 4)))
    plan_evidence(commitments, sizes.evidence, rng)
    return commitments


def commitment_doc(rng: random.Random, i: int, number: int, en: str, fr: str, plan_start: date, plan_end: date) -> dict:
    start, end = plan_start + timedelta(days=rng.randint(0, 60)), plan_end - timedelta(days=rng.randint(0, 60))
    third = (end - start).days // 3
    bounds = [(start.isoformat(), day(start, third)), (day(start, third + 1), day(start, 2 * third)),
              (day(start, 2 * third + 1), end.isoformat())]
    org = rng.choice(ORGANISATIONS)
    title = {"en": f"{en} ({number})", "fr": f"{fr} ({number})"} if i % 3 == 0 else f"{en} ({number})"
    return {
        "ogp_id": f"TL{i + 1:04d}",
        "number": number,
        "title": title,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "lead_agencies": [{"organisation": org, "contact": {"name": rng.choice(PEOPLE)[0],
                                                            "email": f"lead{i + 1}@gov.example"}}],
        "problem": prose(rng),
        "description": prose(rng, 4),
        "expected_results": prose(rng, 2),
        "values": rng.sample(list(vocab.OGP_VALUES), rng.randint(1, 2)),
        "policy_areas": [rng.choice(list(vocab.POLICY_AREAS))],
        "sectors": [rng.choice(list(vocab.SECTORS))],
        "milestones": [{"id": f"{number}.{k + 1}", "title": words(rng, EN_WORDS, 6).capitalize(),
                        "start": s, "end": e, "responsible": org} for k, (s, e) in enumerate(bounds)],
    }


def plan_evidence(commitments: list[CommitmentPlan], total: int, rng: random.Random):
    """Spread `total` files over the folders; a few are renamed later, a few extra are withdrawn."""
    for n in range(total):
        c = rng.choice(commitments)
        ext = rng.choices([e for e, _ in EXTENSIONS], [w for _, w in EXTENSIONS])[0]
        stem = rng.choice(STEMS)
        name = f"{stem} {n + 1:05d}.{ext}" if " " in stem else f"{stem}-{n + 1:05d}.{ext}"
        if ext == "jpg" and rng.random() < 0.3:
            name = "photos/" + name
        c.evidence.append(EvidencePlan(name, name, ext))
    files = [e for c in commitments for e in c.evidence]
    for e in rng.sample(files, min(len(files), max(3, total // 1000))):
        e.first_name = f"scan-{rng.randrange(10**6):06d}.{e.ext}"  # a scanner's name, renamed later
    for k in range(max(2, total // 2000)):
        rng.choice(commitments).evidence.append(EvidencePlan(f"draft-{k + 1}.pdf", f"draft-{k + 1}.pdf", "pdf", True))


def file_bytes(rng: random.Random, ext: str) -> bytes:
    """Made-up file content: a plausible header, then 200 B to 40 KB (log-uniform)."""
    size = int(200 * 200 ** rng.random())
    if ext in ("csv", "txt", "json"):
        return (words(rng, EN_WORDS, size // 7) + "\n").encode()
    return HEADERS.get(ext, b"") + rng.randbytes(size)


def evidence_meta(rng: random.Random, c: CommitmentPlan, when: date) -> dict:
    meta = {"title": words(rng, EN_WORDS, rng.randint(3, 9)).capitalize(), "date": day(when, -rng.randint(0, 20)),
            "kind": rng.choice(list(vocab.EVIDENCE_KINDS))}
    if rng.random() < 0.7:
        meta["milestone"] = rng.choice(c.doc["milestones"])["id"]
    if rng.random() < 0.3:
        meta["description"] = prose(rng, 1)
    return meta


# --- the timeline: events, grouped into commits ------------------------------------------------

@dataclass(order=True)
class Event:
    t: float
    seq: int
    kind: str = field(compare=False)
    args: tuple = field(compare=False, default=())


def timeline(commitments: list[CommitmentPlan], sizes: Sizes, rng: random.Random) -> list[Event]:
    events: list[Event] = [Event(T0, 0, "setup")]

    def add(t: float, kind: str, *args):
        events.append(Event(t, len(events), kind, args))

    end = T0 + SPAN
    for c in commitments:
        created = T0 + 3600 + rng.random() * 0.2 * SPAN
        add(created, "create", c)
        started = datetime.fromisoformat(c.doc["start"] + "T12:00:00+00:00").timestamp()
        for _ in range(c.updates):  # progress is reported once the commitment has started
            add(rng.uniform(max(created, started), end), "update", c)
        files, i = list(c.evidence), 0
        while i < len(files):
            group = files[i:i + rng.randint(1, 3)]
            i += len(group)
            t = rng.uniform(created, end - 3600)
            add(t, "evidence", c, group)
            for e in group:
                if e.withdrawn:
                    add(rng.uniform(t, end), "withdraw", c, e)
                elif e.first_name != e.name:
                    add(rng.uniform(t, end), "rename", c, e)
    for plan_id, _ in plan_ids(sizes.plans):
        add(T0 + 0.21 * SPAN, "contributions", plan_id)
    return sorted(events)


def commits_of(events: list[Event], n: int, rng: random.Random) -> list[list[Event]]:
    """Exactly n commits: pad with small edits, or put several events in one commit."""
    events = list(events)
    for _ in range(max(0, n - len(events))):
        events.append(Event(rng.uniform(T0 + 60, T0 + SPAN), len(events), "edit"))
    events.sort()
    per = len(events) / n
    return [events[round(k * per):round((k + 1) * per)] for k in range(n)]


# --- git fast-import ----------------------------------------------------------------------------

def quote(path: str) -> bytes:
    return ('"' + path.replace("\\", "\\\\").replace('"', '\\"') + '"').encode()


class FastImport:
    """One `git fast-import` process; blobs and commits are written to its stdin as they come."""

    def __init__(self, repo: Path):
        self.proc = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=repo, stdin=subprocess.PIPE)
        self.marks = 0
        self.size = 0

    def write(self, data: bytes):
        self.proc.stdin.write(data)
        self.size += len(data)

    def mark(self) -> int:
        self.marks += 1
        return self.marks

    def blob(self, data: bytes) -> int:
        m = self.mark()
        self.write(b"blob\nmark :%d\ndata %d\n%s\n" % (m, len(data), data))
        return m

    def commit(self, ref: str, author: bytes, committer: bytes, message: str, parents: list[int], ops: list) -> int:
        m, msg = self.mark(), message.encode()
        lines = [b"commit %s\nmark :%d\nauthor %s\ncommitter %s\ndata %d\n%s\n" % (ref.encode(), m, author, committer,
                                                                                 len(msg), msg)]
        lines += [b"from :%d\n" % parents[0]] if parents else []
        lines += [b"merge :%d\n" % p for p in parents[1:]]
        for op in ops:
            if op[0] == "M":
                lines.append(b"M 100644 :%d %s\n" % (op[2], quote(op[1])))
            elif op[0] == "D":
                lines.append(b"D %s\n" % quote(op[1]))
            else:
                lines.append(b"R %s %s\n" % (quote(op[1]), quote(op[2])))
        self.write(b"".join(lines) + b"\n")
        return m

    def close(self):
        self.write(b"done\n")
        self.proc.stdin.close()
        if self.proc.wait():
            raise SystemExit("git fast-import failed")


def person(who: tuple[str, str], t: float, tz: str) -> bytes:
    return f"{who[0]} <{who[1]}> {int(t)} {tz}".encode()


def local_date(t: float, tz: str) -> date:
    sign = -1 if tz[0] == "-" else 1
    offset = timedelta(hours=int(tz[1:3]), minutes=int(tz[3:5])) * sign
    return datetime.fromtimestamp(t, timezone(offset)).date()


class Writer:
    """Applies events to the current tree and writes them as commits (main line and side branches)."""

    def __init__(self, fi: FastImport, commitments: list[CommitmentPlan], sizes: Sizes, rng: random.Random):
        self.fi, self.commitments, self.sizes, self.rng = fi, commitments, sizes, rng
        self.tree: dict[str, int] = {}  # path -> blob mark
        self.meta: dict[str, dict] = {}  # evidence folder -> evidence.yml data
        self.docs: dict[str, dict] = {}  # commitment id -> current YAML document
        self.process: dict[str, dict] = {}  # plan id -> current process.yml
        self.present: dict[str, list[str]] = {}  # commitment id -> files an update may cite
        self.created: list[CommitmentPlan] = []
        self.when: tuple[float, str] = (T0, "+0000")
        self.stats = {"renames": 0, "withdrawn": 0, "merges": 0, "side commits": 0}

    # --- tree changes ----------------------------------------------------------------------

    def put(self, ops: list, path: str, data: bytes):
        self.tree[path] = self.fi.blob(data)
        ops.append(("M", path, self.tree[path]))

    def put_meta(self, ops: list, folder: str):
        self.put(ops, f"{folder}/evidence.yml", content(self.meta[folder]))

    def put_doc(self, ops: list, c: CommitmentPlan):
        self.put(ops, c.path, content(self.docs[c.id], f"Commitment {c.id}"))

    @property
    def today(self) -> date:
        return local_date(*self.when)

    # --- events: each changes the tree and returns a commit message -------------------------

    def on_setup(self, ops) -> str:
        self.put(ops, "mkdocs.yml", dump(MKDOCS_YML))
        self.put(ops, ".gitignore", b"site/\n")
        self.put(ops, "content/member.yml", content({**MEMBER, "languages": LANGUAGES[:self.sizes.languages]}))
        for path, text in PAGES.items():
            self.put(ops, path, text.encode())
        for plan_id, year in plan_ids(self.sizes.plans):
            self.setup_plan(ops, plan_id, year)
        return "Publish the repository"

    def setup_plan(self, ops, plan_id: str, year: int):
        base, folder = f"content/plans/{plan_id}", f"evidence/{plan_id}/process"
        plan = {"title": {"en": f"Action plan {plan_id}", "fr": f"Plan d'action {plan_id}"},
                "start": f"{year}-09-01", "end": f"{year + 2}-08-31",
                "phase": "implementation" if year == 2024 else "ended", "introduction": prose(self.rng),
                "documents": [{"title": f"Action plan {plan_id}", "evidence": "action-plan.pdf"}]}
        meetings = [{"id": f"{year}-0{k + 3}-10-forum", "date": f"{year}-0{k + 3}-10", "kind": "forum-meeting",
                     "title": f"Forum meeting {k + 1}", "participants": {"government": 5, "civil_society": 7},
                     "evidence": [f"minutes forum {k + 1}.txt"]} for k in range(3)]
        self.put(ops, f"{base}/plan.yml", content(plan))
        self.process[plan_id] = {"meetings": meetings}
        self.put(ops, f"{base}/process.yml", content(self.process[plan_id]))
        files = {"action-plan.pdf": ("action-plan", "pdf"), "liste des participants é.csv": ("participant-list", "csv"),
                 **{f"minutes forum {k + 1}.txt": ("minutes", "txt") for k in range(3)}}
        self.meta[folder] = {"files": {}}
        for name, (kind, ext) in files.items():
            self.put(ops, f"{folder}/{name}", file_bytes(self.rng, ext))
            self.meta[folder]["files"][name] = {"title": name.rsplit(".", 1)[0].capitalize(), "kind": kind}
        self.put_meta(ops, folder)

    def on_contributions(self, ops, plan_id: str) -> str:
        ours = [c for c in self.commitments if c.plan_id == plan_id][:3]
        self.process[plan_id]["contributions"] = [
            {"id": f"C{k + 1}", "from": "Open Data Network", "summary": sentence(self.rng), "response": "included",
             "reason": f"It became commitment {c.id}.", "commitment": c.id} for k, c in enumerate(ours)]
        self.put(ops, f"content/plans/{plan_id}/process.yml", content(self.process[plan_id]))
        return f"Record the contributions to plan {plan_id}"

    def on_create(self, ops, c: CommitmentPlan) -> str:
        self.docs[c.id] = json.loads(json.dumps(c.doc))
        self.present[c.id] = []
        self.put_doc(ops, c)
        self.created.append(c)
        return f"Add commitment {c.id}"

    def on_update(self, ops, c: CommitmentPlan) -> str:
        updates = self.docs[c.id].setdefault("updates", [])
        today = self.today.isoformat()
        same_day = next((u for u in updates if u["date"] == today), None)
        if same_day:
            same_day["progress"] = str(same_day["progress"]) + " " + sentence(self.rng)
            self.put_doc(ops, c)
            return f"Correct the {today} update of {c.id}"
        updates.append(self.new_update(c, updates, today))
        self.put_doc(ops, c)
        return f"Progress update of {c.id} ({today})"

    def new_update(self, c: CommitmentPlan, updates: list[dict], today: str) -> dict:
        n, ids = len(updates), [m["id"] for m in c.doc["milestones"]]
        entry: dict = {"date": today}
        since = updates[-1]["date"] if updates else c.doc["start"]
        if since <= today:
            entry["period"] = {"start": since, "end": today}
        entry["progress"] = prose(self.rng, 2)
        statuses = [{ids[0]: "in-progress"}, {ids[0]: "finished", ids[1]: "in-progress"},
                    {ids[1]: "finished", ids[2]: "in-progress"}, {ids[2]: "finished"}][min(n, 3)]
        entry["milestones"] = {k: ("stuck" if v == "in-progress" and self.rng.random() < 0.1 else v)
                               for k, v in statuses.items()}
        entry["completion"] = ["limited", "limited", "substantial", "complete"][min(n, 3)]
        cited = self.rng.sample(self.present[c.id], min(len(self.present[c.id]), self.rng.randint(0, 2)))
        if cited:
            entry["evidence"] = cited
        if self.rng.random() < 0.5:
            entry["next_steps"] = prose(self.rng, 1)
        return entry

    def on_evidence(self, ops, c: CommitmentPlan, group: list[EvidencePlan]) -> str:
        files = self.meta.setdefault(c.folder, {"files": {}})["files"]
        for e in group:
            self.put(ops, f"{c.folder}/{e.first_name}", file_bytes(self.rng, e.ext))
            files[e.first_name] = evidence_meta(self.rng, c, self.today)
            if e.first_name == e.name and not e.withdrawn:
                self.present[c.id].append(e.name)
        self.put_meta(ops, c.folder)
        return f"Add evidence for {c.id}: {files[group[0].first_name]['title']}"

    def on_rename(self, ops, c: CommitmentPlan, e: EvidencePlan) -> str:
        old, new = f"{c.folder}/{e.first_name}", f"{c.folder}/{e.name}"
        self.tree[new] = self.tree.pop(old)
        ops.append(("R", old, new))
        files = self.meta[c.folder]["files"]
        files[e.name] = files.pop(e.first_name)
        self.present[c.id].append(e.name)
        self.put_meta(ops, c.folder)
        self.stats["renames"] += 1
        return f"Rename {e.first_name} to {e.name}"

    def on_withdraw(self, ops, c: CommitmentPlan, e: EvidencePlan) -> str:
        path = f"{c.folder}/{e.first_name}"
        del self.tree[path]
        ops.append(("D", path))
        del self.meta[c.folder]["files"][e.first_name]
        self.put_meta(ops, c.folder)
        self.stats["withdrawn"] += 1
        return f"Withdraw {e.first_name}: published by mistake"

    def on_edit(self, ops) -> str:
        """A small change: a new version of a file, a corrected description or text, a page edit."""
        kind = self.rng.choices(["file", "meta", "text", "page"], [45, 25, 20, 10])[0]
        folders = [c for c in self.created if self.meta.get(c.folder, {}).get("files")]
        if kind in ("file", "meta") and folders:
            c = self.rng.choice(folders)
            name = self.rng.choice(list(self.meta[c.folder]["files"]))
            if kind == "file":
                self.put(ops, f"{c.folder}/{name}", file_bytes(self.rng, name.rsplit(".", 1)[-1]))
                return f"Replace {name} with the signed version"
            self.meta[c.folder]["files"][name]["description"] = f"{sentence(self.rng)} (revised {self.today})"
            self.put_meta(ops, c.folder)
            return f"Describe {name} better"
        if kind == "text" and self.created:
            c = self.rng.choice(self.created)
            self.docs[c.id]["description"] = prose(self.rng, 4)
            self.put_doc(ops, c)
            return f"Clarify the description of {c.id}"
        path = self.rng.choice(list(PAGES))
        self.put(ops, path, (PAGES[path] + f"\nRevised on {self.today}: {sentence(self.rng)}\n").encode())
        return f"Edit {path.removeprefix('content/')}"

    # --- commits ---------------------------------------------------------------------------

    def apply(self, events: list[Event], tz: str, touched: set[str] | None = None) -> tuple[str, list]:
        ops, messages = [], []
        self.when = (events[-1].t, tz)
        for e in events:
            messages.append(getattr(self, "on_" + e.kind)(ops, *e.args))
        if touched is not None:
            touched.update(p for op in ops for p in op[1:] if isinstance(p, str))
        extra = "\n\nAlso:\n" + "\n".join(f"- {m}" for m in messages[1:]) if len(messages) > 1 else ""
        return messages[0] + extra + "\n", ops

    def commit(self, ref: str, events: list[Event], parents: list[int], touched: set[str] | None = None) -> int:
        tz = self.rng.choice(TIME_ZONES) if events[0].kind != "setup" else "+0000"
        message, ops = self.apply(events, tz, touched)
        t = events[-1].t
        committer = self.rng.choice(MAINTAINERS)
        author, author_t = (self.rng.choice(PEOPLE), t - self.rng.randint(0, 2 * 86400)) if self.rng.random() < 0.3 \
            else (committer, t)
        return self.fi.commit(ref, person(author, author_t, self.rng.choice(TIME_ZONES)), person(committer, t, tz),
                              message, parents, ops)

    def write(self, commits: list[list[Event]], merges: dict[int, int]):
        """Commit everything on main; at each index in `merges`, that many commits go on a side branch."""
        main, i = None, 0
        while i < len(commits):
            if i not in merges:
                main = self.commit("refs/heads/main", commits[i], [main] if main else [])
                i += 1
                continue
            k, touched, side = merges[i], set(), main
            for events in commits[i:i + k]:
                side = self.commit("refs/heads/side", events, [side], touched)
            main = self.commit("refs/heads/main", commits[i + k], [main])
            t = commits[i + k][-1].t + 60
            ops = [("M", p, self.tree[p]) if p in self.tree else ("D", p) for p in sorted(touched)]
            who = person(MAINTAINERS[0], t, "+0100")
            self.stats["merges"] += 1
            self.stats["side commits"] += k
            main = self.fi.commit("refs/heads/main", who, who, f"Merge pull request #{self.stats['merges']} from "
                                  f"ministry/batch-{i}\n", [main, side], ops)
            i += k + 1


def merge_points(n_commits: int, rng: random.Random) -> dict[int, int]:
    """{index of the first side-branch commit: how many}: a few merges, spread evenly."""
    n_merges = 0 if n_commits < 100 else max(3, n_commits // 2000)
    step = n_commits // (n_merges + 1)
    return {step * (j + 1): rng.randint(2, 4) for j in range(n_merges)}


def generate(repo: Path, sizes: Sizes, seed: int) -> dict:
    """Write the repository with one `git fast-import`; return counts and timings."""
    started = time.perf_counter()
    rng = random.Random(seed)
    commitments = plan_commitments(sizes, rng)
    events = timeline(commitments, sizes, rng)
    merges = merge_points(sizes.commits, rng)
    commits = commits_of(events, sizes.commits - len(merges), rng)
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    fi = FastImport(repo)
    writer = Writer(fi, commitments, sizes, rng)
    writer.write(commits, merges)
    fi.close()
    imported = time.perf_counter()
    subprocess.run(["git", "update-ref", "-d", "refs/heads/side"], cwd=repo, check=False)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=repo, check=True)
    done = time.perf_counter()
    return {**writer.stats, "events": len(events), "stream MB": fi.size / 2**20, "import s": imported - started,
            "checkout s": done - imported, "total s": done - started}


# --- measurements -------------------------------------------------------------------------------

LAUNCHER = r"""
import json, os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump({"s": time.perf_counter() - start, "code": os.waitstatus_to_exitcode(status),
               "cpu": usage.ru_utime + usage.ru_stime, "rss_kb": usage.ru_maxrss}, out)
"""


def launch(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[dict, str]:
    """Run `cmd` from a small launcher process; return its wall time, CPU time, peak RSS and output.

    Linux starts a child's peak-RSS counter at its parent's peak (it survives fork and exec), and
    this process is large after generating the repository: measured from here, every child would
    report at least our size. The launcher is small, so the figures are the command's own (with
    its children, e.g. git). os.wait4 gives the rusage of that one child: RUSAGE_CHILDREN's
    counter, but per process, so two builds don't mask each other.
    """
    with tempfile.TemporaryDirectory() as tmp:
        result, log = Path(tmp) / "result.json", Path(tmp) / "output.log"
        with open(log, "wb") as out:
            subprocess.run([sys.executable, "-c", LAUNCHER, str(result), *cmd], cwd=cwd, env=env,
                           stdout=out, stderr=subprocess.STDOUT, check=True)
        usage, text = json.loads(result.read_text()), log.read_text(errors="replace")
    if usage["code"]:
        raise SystemExit(f"{' '.join(cmd[:4])} failed in {cwd}:\n{text[-3000:]}")
    return usage, text


CHILD = r"""
import json, resource, sys, time
from datetime import datetime, timezone
from pathlib import Path
from ogrepo import build, config, history
root, now, what = Path(sys.argv[1]), datetime.fromtimestamp(int(sys.argv[2]), timezone.utc), sys.argv[3]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
if what == "history":
    history.read(root, now)
else:
    result = getattr(build, what)(config.load(root)[0], now)
    assert result.ok, result.problems[:5]
seconds = time.perf_counter() - start
print(json.dumps({"s": seconds, "rss_before_kb": before, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""
# The command history.read runs (plugins/ogrepo/history.py), run alone to measure git's own memory: run by
# the Python process, its peak-RSS counter would start at that process's size.
HISTORY_GIT_LOG = ["git", "-c", "core.quotePath=false", "log", "--first-parent", "--diff-merges=first-parent",
                   "--format=%x1e%H %cI", "--name-status", "-M", "-z", "--relative", "HEAD", "--", "."]


def in_child(repo: Path, what: str) -> dict:
    """Time `history.read`, `build.check` or `build.build` in a fresh Python process (imports not timed)."""
    _, out = launch([sys.executable, "-c", CHILD, str(repo), str(EPOCH), what], repo)
    return json.loads(out.strip().splitlines()[-1])


def git_log_per_file(repo: Path, files: list[str], sample: int, rng: random.Random) -> dict:
    """What mkdocs-git-revision-date-localized-plugin does: one `git log -1` process per file."""
    chosen = rng.sample(files, min(sample, len(files)))
    start = time.perf_counter()
    for path in chosen:
        subprocess.run(["git", "log", "-1", "--format=%cI", "--", path], cwd=repo, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    return {"sample": len(chosen), "sample s": seconds, "s": seconds / len(chosen) * len(files)}


@dataclass
class BuildRun:
    seconds: float  # wall time
    cpu: float  # user + system time of the build and its children (git): steadier on a busy machine
    rss_kb: int
    warnings: int


def combined(runs: list[BuildRun]) -> BuildRun:
    """Plain builds one after the other: their times add up, their peak memory is the largest."""
    return BuildRun(sum(r.seconds for r in runs), sum(r.cpu for r in runs), max(r.rss_kb for r in runs),
                    sum(r.warnings for r in runs))


def mkdocs_build(project: Path, env: dict) -> BuildRun:
    usage, text = launch([sys.executable, "-m", "mkdocs", "build"], project, env)
    warnings = [line for line in text.splitlines() if line.startswith("WARNING")]
    for line in warnings[:5]:
        print(f"  {project.name}: {line}")
    return BuildRun(usage["s"], usage["cpu"], usage["rss_kb"], len(warnings))


def plain_project(folder: Path, repo: Path, site: build.Site, first: bool):
    """The same Markdown, files, theme overrides and assets as our build of one language, for
    plain MkDocs (the first language's site also holds the evidence, as ours does)."""
    docs = folder / "docs"
    for src, text in site.pages.items():
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_text(text, encoding="utf-8")
    content = repo / MKDOCS_YML["docs_dir"]
    for page in content.rglob("*.md"):
        target = docs / page.relative_to(content)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(page, target)
    if first:
        shutil.copytree(repo / "evidence", docs / "evidence", ignore=shutil.ignore_patterns("evidence.yml"))
    for path, data in site.outputs.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_bytes(data if isinstance(data, bytes) else data.encode())
    shutil.copytree(PLUGIN_ASSETS, docs / "assets")
    config = {k: v for k, v in MKDOCS_YML.items() if k not in ("docs_dir", "plugins")}
    config["theme"] = {**config["theme"], "custom_dir": str(PLUGIN_THEME), "language": site.language}
    config.update(plugins=["search"], markdown_extensions=[*MKDOCS_YML["markdown_extensions"], "toc"],
                  extra_css=["assets/ogrepo.css"], extra_javascript=["assets/ogrepo.js"])
    hidden = out_of_nav(site)
    if hidden:  # the same navigation as ours: MkDocs' own setting for pages built but not in the menu
        config["not_in_nav"] = "\n".join(hidden)
    (folder / "mkdocs.yml").write_bytes(dump(config))


def out_of_nav(site: build.Site) -> list[str]:
    """not_in_nav patterns for the pages that ours keeps out of the menu: the commitment pages of
    plans too long, every evidence item's page."""
    counts: dict[str, int] = {}
    for src in site.pages:
        parts = src.split("/")
        if len(parts) == 4 and parts[0] == "plans" and parts[2] == "commitments" and parts[3] != "index.md":
            counts[parts[1]] = counts.get(parts[1], 0) + 1
    return [pattern for plan, n in sorted(counts.items()) if n > NAV_COMMITMENTS
            for pattern in (f"/plans/{plan}/commitments/*.md", f"!/plans/{plan}/commitments/index.md")] + [
        "/" + urls.EVIDENCE_PAGES]


def tracked(repo: Path, *folders: str) -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z", "--", *folders], cwd=repo, check=True, capture_output=True).stdout
    return [p for p in out.decode().split("\0") if p]


def git_count(repo: Path, *args: str) -> int:
    return int(subprocess.run(["git", "rev-list", "--count", *args, "HEAD"], cwd=repo, check=True,
                              capture_output=True, text=True).stdout)


# --- report -------------------------------------------------------------------------------------

def mb(kb: float) -> str:
    return f"{kb / 1024:,.1f} MB" if kb < 100 * 1024 else f"{kb / 1024:,.0f} MB"


def secs(s: float) -> str:
    return f"{s:,.2f} s" if s < 100 else f"{s:,.0f} s"


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def plugin_version() -> str:
    """The project's commit and a digest of the ogrepo package's files, to tell if they change mid-run."""
    package = Path(build.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=package, capture_output=True, text=True)
    return f"{package} (commit {commit.stdout.strip() or '?'}, package files {digest.hexdigest()[:12]})"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


# --- main ---------------------------------------------------------------------------------------

def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--commitments", type=int, help="commitments (default 1000; 100 with --quick)")
    p.add_argument("--evidence", type=int, help="evidence files (default 10000; 1000 with --quick)")
    p.add_argument("--commits", type=int, help="commits (default 20000; 2000 with --quick)")
    p.add_argument("--plans", type=int, default=2, help="action plans (default 2)")
    p.add_argument("--languages", type=int, default=1, choices=[1, 2, 3],
                   help="languages of the member (en, fr, es): ours builds them all in one run, plain MkDocs "
                        "builds each language's pages in a run of its own (default 1)")
    p.add_argument("--runs", type=int, default=3, help="runs of each measurement; the median is shown (default 3)")
    p.add_argument("--sample", type=int, default=300, help="files timed with one `git log` each (default 300)")
    p.add_argument("--seed", type=int, default=1, help="random seed of the synthetic content (default 1)")
    p.add_argument("--out", type=Path, help="where to generate (default: a temporary folder); must be empty")
    p.add_argument("--quick", action="store_true", help="a small repository for a fast run")
    p.add_argument("--keep", action="store_true", help="keep the temporary folder (an --out folder is always kept)")
    args = p.parse_args(argv)
    quick = {"commitments": 100, "evidence": 1000, "commits": 2000}
    full = {"commitments": 1000, "evidence": 10000, "commits": 20000}
    for name, value in (quick if args.quick else full).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def out_folder(args) -> Path:
    if args.out is None:
        return Path(tempfile.mkdtemp(prefix="ogrepo-bench-"))
    if args.out.exists() and any(args.out.iterdir()):
        raise SystemExit(f"{args.out} is not empty; give an empty or new folder")
    args.out.mkdir(parents=True, exist_ok=True)
    return args.out.resolve()


def main(argv=None) -> int:
    args = parse_args(argv)
    sizes = Sizes(args.commitments, args.evidence, args.commits, args.plans, args.languages)
    out = out_folder(args)
    repo, plain = out / "repo", out / "plain"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "NO_MKDOCS_2_WARNING": "1"}
    version = plugin_version()
    try:
        print(f"ogrepo: {version}")
        print(f"Generating {sizes} in {repo} ...", flush=True)
        gen = generate(repo, sizes, args.seed)
        print(f"  generated in {gen['total s']:.1f} s (fast-import {gen['import s']:.1f} s, "
              f"{gen['stream MB']:.0f} MB stream; checkout {gen['checkout s']:.1f} s)", flush=True)
        report(measure(repo, plain, env, args), gen, repo, sizes, args)
        if plugin_version() != version:
            print(f"\nWARNING: ogrepo changed during the run (was {version}, now {plugin_version()}): "
                  "the figures mix two versions; run again.")
    finally:
        if args.out is None and not args.keep:
            shutil.rmtree(out, ignore_errors=True)
        else:
            print(f"\nKept {out}")
    return 0


def measure(repo: Path, plain: Path, env: dict, args) -> dict:
    now = datetime.fromtimestamp(EPOCH, timezone.utc)
    result = build.build(config.load(repo)[0], now)
    if result.problems:
        print("\n".join(map(str, result.problems[:20])))
        raise SystemExit(f"the synthetic repository has {len(result.problems)} problem(s); fix the generator")
    m: dict = {"result": result, "files": tracked(repo, "content", "evidence")}
    print(f"Timing the history walk, check and core build ({args.runs} runs each) ...", flush=True)
    for what in ("history", "check", "build"):
        m[what] = [in_child(repo, what) for _ in range(args.runs)]
    m["git log"] = launch(HISTORY_GIT_LOG, repo)[0]
    print(f"Timing `git log -1` on {args.sample} of {len(m['files']):,} files ...", flush=True)
    m["per file"] = git_log_per_file(repo, m["files"], args.sample, random.Random(args.seed))
    options = config.load(repo)[0]
    languages = result.repo.languages
    plains = [plain / lang for lang in languages]
    for i, (lang, folder) in enumerate(zip(languages, plains)):
        plain_project(folder, repo, build.render(result, options, lang), first=i == 0)
    m["ours"], m["plain"] = [], []
    for run in range(args.runs):
        print(f"Building, run {run + 1} of {args.runs}: ours ({len(languages)} language(s)) ...", end=" ", flush=True)
        m["ours"].append(mkdocs_build(repo, env))
        print(f"{m['ours'][-1].seconds:.1f} s; plain MkDocs ({len(languages)} build(s)) ...", end=" ", flush=True)
        m["plain"].append(combined([mkdocs_build(folder, env) for folder in plains]))
        print(f"{m['plain'][-1].seconds:.1f} s", flush=True)
    m["load"] = os.getloadavg()
    return m


def median(runs: list, key) -> float:
    return statistics.median(key(r) for r in runs)


def report(m: dict, gen: dict, repo: Path, sizes: Sizes, args):
    result, n_files = m["result"], len(m["files"])
    n_evidence = sum(1 for i in result.repo.items() for e in i.evidence if e.file)
    hist, check, core = (median(m[k], lambda r: r["s"]) for k in ("history", "check", "build"))
    per_file = m["per file"]
    ours, plain = median(m["ours"], lambda r: r.seconds), median(m["plain"], lambda r: r.seconds)
    ours_cpu, plain_cpu = median(m["ours"], lambda r: r.cpu), median(m["plain"], lambda r: r.cpu)
    ours_rss, plain_rss = median(m["ours"], lambda r: r.rss_kb), median(m["plain"], lambda r: r.rss_kb)
    h_rss = median(m["history"], lambda r: r["rss_kb"] - r["rss_before_kb"])
    h_git = m["git log"]["rss_kb"]
    h_total = median(m["history"], lambda r: r["rss_kb"])
    runs = f"median of {args.runs}"
    rows = [
        ("measure", "ours", "baseline", "ours/baseline", "target"),
        (f"dates of all {n_files:,} files", f"{secs(hist)} (history.read, {runs})",
         f"{secs(per_file['s'])} (git log -1 per file, EXTRAPOLATED from {per_file['sample']} files "
         f"timed in {secs(per_file['sample s'])})", f"{hist / per_file['s']:.4f}x",
         f"< {HISTORY_TARGET_S:.0f} s: {verdict(hist < HISTORY_TARGET_S)}"),
        ("ogrepo check (build.check)", f"{secs(check)} ({runs})", "-", "-", "-"),
        ("core build (build.build, no MkDocs)", f"{secs(core)} ({runs})", "-", "-", "-"),
        ("site build (mkdocs build)", f"{secs(ours)} ({runs})", f"{secs(plain)} (plain MkDocs + Material, {runs})",
         f"{ours / plain:.2f}x", f"<= {BUILD_TARGET_RATIO}x: {verdict(ours / plain <= BUILD_TARGET_RATIO)}"),
        ("site build, CPU time (user+sys)", f"{secs(ours_cpu)} ({runs})", f"{secs(plain_cpu)} ({runs})",
         f"{ours_cpu / plain_cpu:.2f}x", f"<= {BUILD_TARGET_RATIO}x: {verdict(ours_cpu / plain_cpu <= BUILD_TARGET_RATIO)}"),
        ("peak RSS of the build", mb(ours_rss), f"{mb(plain_rss)} (the largest plain build)",
         f"{ours_rss / plain_rss:.2f}x", f"<= {MEMORY_TARGET_RATIO}x: {verdict(ours_rss / plain_rss <= MEMORY_TARGET_RATIO)}"),
        ("peak RSS of the history walk", f"+{mb(h_rss)} Python ({mb(h_total)} in all); its git log {mb(h_git)}",
         "-", "-", "-"),
    ]
    first_parent = git_count(repo, "--first-parent")
    print(f"\nRepository in {sizes.languages} language(s): {sizes.plans} plans, {sizes.commitments:,} commitments, {n_evidence:,} evidence files, "
          f"{len(result.pages):,} generated pages, {len(result.outputs):,} data and feed files; "
          f"{git_count(repo):,} commits ({first_parent:,} on the first-parent line, {gen['merges']} merges of "
          f"{gen['side commits']} side-branch commits, {gen['renames']} renames, {gen['withdrawn']} files withdrawn), "
          f"{n_files:,} files under content/ and evidence/.")
    print(f"Generated with git fast-import in {gen['total s']:.1f} s; SOURCE_DATE_EPOCH={EPOCH} "
          f"({datetime.fromtimestamp(EPOCH, timezone.utc).isoformat()}).\n")
    print(table(rows))
    print(f"\nBuild runs (s): ours {[round(r.seconds, 1) for r in m['ours']]}, "
          f"plain {[round(r.seconds, 1) for r in m['plain']]}; CPU (s): ours {[round(r.cpu, 1) for r in m['ours']]}, "
          f"plain {[round(r.cpu, 1) for r in m['plain']]}; warnings: ours {m['ours'][0].warnings}, "
          f"plain {m['plain'][0].warnings}.")
    pairs = [o.seconds / p.seconds for o, p in zip(m["ours"], m["plain"])]
    print(f"Paired ratios (each of our builds / the plain build run right after it; steadier when the machine's "
          f"speed drifts): {', '.join(f'{x:.2f}' for x in pairs)}; median {statistics.median(pairs):.2f}x.")
    load = " / ".join(f"{x:.1f}" for x in m["load"])
    print(f"Load average (1 / 5 / 15 min) at the end: {load} on {os.cpu_count()} CPUs"
          + (": other work was running, so the timings are noisy; try more --runs." if m["load"][1] > 1.2 else "."))
    print(f"Our overhead over plain MkDocs: {ours - plain:+.1f} s; the core build (load, validate, history, pages, "
          f"data, feeds) alone takes {core:.1f} s.")


if __name__ == "__main__":
    sys.exit(main())
