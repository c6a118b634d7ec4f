"""The files of a new repository and of new content, for officials who are not developers.

`ogrepo init` writes a repository that builds at once; `ogrepo new plan|commitment` writes content
files with every field of the OGP template present (the optional ones commented out, each with
what it is for); `ogrepo add-evidence` describes copied files in their folder's evidence.yml;
`ogrepo update` appends a progress-update skeleton holding each milestone's current status. The
functions here make texts from values and edit texts; cli_scaffold.py asks, reads the repository,
copies files and prints what it wrote.

Every YAML file written starts with `# yaml-language-server: $schema=…`, so that editors complete
and check its fields. A text the official must write starts with TODO (a search finds them all);
a placeholder is still valid content, so the repository builds before it is filled in.

Entries are added to existing files as text, at the end of their list or map, so that the file's
comments and layout stay as they were; the result is read back and compared with what was meant
before it is kept (ruamel.yaml's round trip when the text can't be edited in place).
"""

from __future__ import annotations

import io
import json
import posixpath
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path, PurePosixPath
from string import Template
from urllib.parse import urlsplit

from . import __version__, dates, resources, schema, vocab, yamlfile
from .model import NOT_REPORTED, Commitment

TODO = "TODO"  # starts every text the official must write: `grep -rn TODO content/` finds them
STARTER = resources.PACKAGE / "starter"  # files copied into a new repository (package data)
SCHEMAS = "schemas"  # where a new repository keeps the schemas, for editors
WORKFLOW_SCHEMA = "https://json.schemastore.org/github-workflow.json"
DEPENDABOT_SCHEMA = "https://json.schemastore.org/dependabot-2.0.json"
COLUMN = 40  # where comments start on a line of YAML, when the value leaves room


class EditError(ValueError):
    """A file can't be changed as asked (the message says why and what to do)."""


# --- YAML as text -----------------------------------------------------------------------------

def scalar(value) -> str:
    """A value as YAML that reads back as the same value (YAML 1.2, as the build reads it), plain
    when that is unambiguous, else in double quotes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {scalar(v)}" for k, v in value.items()) + "}"
    text = str(value)
    if _PLAIN.match(text) and _reads_back(text):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


# plain in block and flow context: no indicator first, no ': ' or ' #', no flow punctuation
_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`](?:[^:,\[\]{}#]|:(?=\S)|#(?<!\s#))*(?<!\s)$")


def _reads_back(text: str) -> bool:
    doc, problems = yamlfile.load(f"v: {text}\n", "")
    return not problems and doc.data == {"v": text}


def line(body: str, comment: str = "", indent: int = 0) -> str:
    """One line of YAML with its comment, aligned at COLUMN when the value leaves room."""
    text = " " * indent + body
    if comment:
        text = text.ljust(COLUMN - 1) + " # " + comment if len(text) < COLUMN - 1 else text + "  # " + comment
    return text + "\n"


def commented(body: str, comment: str = "", indent: int = 0) -> str:
    """A line an official may uncomment: '# ' in front of the field, at the field's indentation."""
    return line("# " + body, comment, indent)


def quoted_key(name: str) -> str:
    """A milestone's or file's name as a key, always in quotes: "1.1" would otherwise be a number."""
    return json.dumps(str(name), ensure_ascii=False)


def modeline(schema_ref: str) -> str:
    """The first line of every YAML file written: the schema editors check and complete it with."""
    return f"# yaml-language-server: $schema={schema_ref}\n"


def schema_ref(yaml_path: str, kind: str, local: bool = True, site_url: str | None = None) -> str:
    """Where the schema of a file is, seen from the file: the repository's schemas/ folder
    (relative: editors resolve it from the file), else the copy the site publishes."""
    if local or not site_url:
        return posixpath.relpath(f"{SCHEMAS}/{kind}.schema.json", posixpath.dirname(yaml_path) or ".")
    return site_url.rstrip("/") + f"/data/schemas/{schema.FORMAT}/{kind}.schema.json"


def todo(what: str) -> str:
    return f"{TODO}: {what}"


# --- values an official gives -----------------------------------------------------------------

def parse_languages(text: str) -> list[str]:
    """'en, fr' -> ['en', 'fr']; ValueError naming a wrong code."""
    codes = [c.strip() for c in re.split(r"[,\s]+", text or "") if c.strip()]
    if not codes:
        raise ValueError("give at least one language code, e.g. en or en,fr")
    for code in codes:
        if not re.match(schema.LANGUAGE_CODE, code):
            raise ValueError(f"'{code}' is not a language code: write ISO 639 codes such as en, fr, es, si, ta")
    if len(set(codes)) != len(codes):
        raise ValueError("a language is given twice")
    return codes


def parse_level(text: str) -> str:
    level = (text or "").strip().lower()
    if level not in vocab.LEVELS:
        raise ValueError(f"'{text}' is not a level: choose " + ", ".join(vocab.LEVELS))
    return level


def parse_site_url(text: str) -> str:
    """The address where the site will be published, ending with '/'."""
    url = (text or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in url:
        raise ValueError(f"'{text}' is not a web address: write it in full, e.g. https://opengov.example.gov/ or "
                         "https://<your GitHub account>.github.io/<repository>/")
    return url if url.endswith("/") else url + "/"


def parse_email(text: str) -> str:
    if not re.match(schema.EMAIL["pattern"], (text or "").strip()):
        raise ValueError(f"'{text}' is not an e-mail address")
    return text.strip()


def parse_day(text: str, today: date, what: str = "date") -> str:
    """A date as precise as the source, never in the future (the schema's forms)."""
    value = (text or "").strip()
    when = dates.parse(value)
    if not when.value:
        raise ValueError(f"'{text}' is not a valid {what}: write a day 2026-03-31, a month 2026-03, a quarter "
                         "2026-Q1, a half-year 2026-H1 or a year 2026")
    if when.start and when.start > today:
        raise ValueError(f"the {what} {value} is after today ({today})")
    return value


def parse_period(text: str) -> str:
    """A reporting period as the tracker writes it ('Q1 2027', '2027 H2', '2027-03') -> its label."""
    value = re.sub(r"\s+", " ", (text or "").strip()).upper()
    found = re.fullmatch(r"(\d{4})[- ]?([QH]\d)", value) or re.fullmatch(r"([QH]\d)[- ]?(\d{4})", value)
    if found:
        year, part = sorted(found.groups(), key=lambda g: not g.isdigit())
        value = f"{year}-{part}"
    if not dates.parse(value).value:
        raise ValueError(f"'{text}' is not a reporting period: write 2027-Q1 (or Q1 2027), 2027-H2, 2027-03 or 2027")
    return value


def check_id(value: str, what: str) -> str:
    if not re.match(schema.ID_PATTERN, value or ""):
        raise ValueError(f"'{value}' cannot be a {what} id (it makes the page's address): use letters, digits, "
                         "'.', '_' and '-', starting with a letter or digit, e.g. 2025-2027 or open-budget-data")
    return value


def tag_authority(site_url: str | None, year: int) -> str | None:
    """The authority of the feeds' entry ids (RFC 4151): the site's host and the year it starts."""
    host = urlsplit(site_url or "").hostname or ""
    value = f"{host},{year}"
    return value if re.match(r"^[A-Za-z0-9.@-]+\.[A-Za-z]{2,},\d{4}$", value) else None


def requirement(version: str = __version__) -> str:
    """The tool as a versioned package: fixes come with `pip install -U`, breaking releases don't."""
    major, minor = (int(p) for p in version.split(".")[:2])
    return f"ogrepo>={major}.{minor},<{major + 1}"


# --- a new repository -------------------------------------------------------------------------

@dataclass
class Member:
    """What `ogrepo init` asks: enough for a repository that builds; the rest is filled in later."""

    name: str | None = None
    level: str = "national"
    languages: list[str] = field(default_factory=lambda: ["en"])
    site_url: str | None = None
    lead_agency: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None


def default_plan_id(today: date) -> str:
    return f"{today.year}-{today.year + 2}"


def new_repository(member: Member, today: date, plan_id: str) -> dict[str, str]:
    """Every file of a new repository: member, a first plan, settings, schemas, workflows, guide."""
    start, end = plan_dates(plan_id, today)
    files = {
        "README.md": readme(member, plan_id),
        "mkdocs.yml": mkdocs_yml(member, today.year),
        "content/member.yml": member_yml(member),
        "content/authors-guide.md": (STARTER / "authors-guide.md").read_text(encoding="utf-8"),
        **plan_files(plan_id, f"Action plan {plan_id}", start, end, plan_phase(start, today)),
    }
    return {**files, **common_files()}


def common_files(vocabularies: vocab.Vocabularies | None = None) -> dict[str, str]:
    """What every repository made by init holds besides its content: the tool's version, the
    workflows, the editors' schemas and settings."""
    return {
        "requirements.txt": requirements_txt(),
        ".gitignore": "site/\n__pycache__/\n.venv/\n",
        **workflow_files(),
        **schema_files(vocabularies),
        ".vscode/settings.json": vscode_settings(),
        ".vscode/extensions.json": json.dumps({"recommendations": ["redhat.vscode-yaml"]}, indent=2) + "\n",
    }


def requirements_txt() -> str:
    return (
        "# What the site's build installs: the workflows run `pip install -r requirements.txt`, and so do you\n"
        "# before `ogrepo check` or `mkdocs serve`. The tool is a versioned package: every build takes its\n"
        "# newest release within this range (fixes, never a breaking change); `pip install -U -r\n"
        "# requirements.txt` does the same on your computer. A release outside the range comes as a\n"
        "# Dependabot pull request (.github/dependabot.yml), checked before you merge it.\n"
        f"{requirement()}\n"
    )


def workflow_files() -> dict[str, str]:
    """The GitHub workflows and Dependabot's settings, copied from the package (starter/)."""
    files = {f".github/workflows/{p.name}": modeline(WORKFLOW_SCHEMA) + p.read_text(encoding="utf-8")
             for p in sorted((STARTER / "workflows").glob("*.yml"))}
    files[".github/dependabot.yml"] = modeline(DEPENDABOT_SCHEMA) + (STARTER / "dependabot.yml").read_text(
        encoding="utf-8")
    return files


EDITED = {  # the schema of each kind of file officials edit, and which files it is for (VS Code's globs)
    "member": "content/member.yml",
    "plan": "content/plans/*/plan.yml",
    "process": "content/plans/*/process.yml",
    "commitment": "content/plans/*/commitments/*.yml",
    "evidence": "evidence/**/evidence.yml",
    "mkdocs": "mkdocs.yml",
}


def schema_files(vocabularies: vocab.Vocabularies | None = None) -> dict[str, str]:
    files = {f"{SCHEMAS}/{kind}.schema.json": json.dumps(schema.input_schema(kind, vocabularies), indent=2,
                                                         ensure_ascii=False) + "\n" for kind in schema.KINDS}
    files[f"{SCHEMAS}/mkdocs.schema.json"] = json.dumps(MKDOCS_SCHEMA, indent=2, ensure_ascii=False) + "\n"
    return files


def vscode_settings() -> str:
    """VS Code's YAML extension checks and completes each file with its schema, as the modelines do."""
    settings = {"yaml.schemas": {f"./{SCHEMAS}/{kind}.schema.json": glob for kind, glob in EDITED.items()},
                "files.trimTrailingWhitespace": True, "editor.insertSpaces": True,
                "[yaml]": {"editor.tabSize": 2}}
    return json.dumps(settings, indent=2) + "\n"


# mkdocs.yml's schema for editors: the ogrepo plugin's options (config.OgrepoConfig; a test keeps
# them the same), and whatever else MkDocs and Material accept. Material's own schema would flag
# the ogrepo plugin as unknown.
PLUGIN_OPTIONS = {
    "stale_after_months": {"type": "integer", "minimum": 1, "maximum": 12, "default": 6,
                           "description": "Months without an update after which an item needs one (OGP asks for "
                                          "6; OGP Local members may choose 3)."},
    "tag_authority": {"type": "string", "pattern": r"^[A-Za-z0-9.@-]+\.[A-Za-z]{2,},\d{4}(-\d{2}(-\d{2})?)?$",
                      "description": "The site's domain, a comma and the year it started (opengov.example.gov,2026): "
                                     "it makes every feed entry's permanent id. Set it once, never change it."},
    "evidence_dir": {"type": "string", "default": "evidence", "description": "The folder of the evidence files."},
    "dates_from_files": {"type": "boolean", "default": False,
                         "description": "Date pages from file times when the folder is not a git clone."},
    "max_file_mb": {"type": "integer", "minimum": 1, "maximum": 2048, "default": 100,
                    "description": "The largest file the host publishes, in MB (100 on GitHub Pages)."},
    "evidence_bags": {"type": "boolean", "default": True,
                      "description": "Publish each plan's evidence as one BagIt ZIP to download. It takes as much "
                                     "room again as the evidence (GitHub Pages publishes up to 1 GB a site)."},
    "vocabularies": {"type": "object", "description": "Entries the member adds to the lists of policy areas, "
                                                      "sectors, evidence kinds and meeting kinds: {slug: label}.",
                     "propertyNames": {"enum": list(vocab.EXTENSIBLE)},
                     "additionalProperties": {"type": "object", "additionalProperties": schema.TEXT}},
}
MKDOCS_SCHEMA = {
    "$schema": schema.DIALECT,
    "title": "mkdocs.yml of an ogrepo repository",
    "type": "object",
    "properties": {
        "site_name": {"type": "string", "description": "The site's name, shown on every page."},
        "site_url": {"type": "string", "pattern": r"^https?://", "description": "Where the site is published."},
        "repo_url": {"type": "string", "pattern": r"^https?://", "description": "The repository on GitHub: every "
                                                                                "date links to its commit."},
        "plugins": {"type": "array", "items": {"anyOf": [
            {"type": "string"},
            {"type": "object", "properties": {"ogrepo": {"type": ["object", "null"], "properties": PLUGIN_OPTIONS,
                                                         "additionalProperties": False}}},
        ]}},
    },
}


def mkdocs_yml(member: Member, year: int) -> str:
    name = member.name
    site = member.site_url
    authority = tag_authority(site, year)
    repo = github_repository(site)
    title = f"{name} Open Government Repository" if name else "Open Government Repository"
    about = (f"Evidence and progress of the action plans of {name} in the Open Government Partnership." if name
             else "Evidence and progress of our action plans in the Open Government Partnership.")
    rights = f"{name}. Content published under CC BY 4.0." if name else "Content published under CC BY 4.0."
    body = [
        modeline(schema_ref("mkdocs.yml", "mkdocs")),
        "# The site's settings. The lines marked \"yours\" are yours to change; `ogrepo check` and\n",
        "# `mkdocs build --strict` say what is wrong here, if anything.\n",
        line(f"site_name: {scalar(title)}", "yours"),
        line(f"site_url: {scalar(site)}", "yours: where the site is published") if site else
        commented("site_url: https://opengov.example.gov/", "yours: where the site is published"),
        line(f"site_description: {scalar(about)}", "yours"),
        line(f"repo_url: {scalar(repo)}", "yours: links every date to its commit") if repo else
        commented("repo_url: https://github.com/<account>/<repository>", "yours: links every date to its commit"),
        'edit_uri: ""\n',
        line(f"copyright: {scalar(rights)}", "yours"),
        "docs_dir: content\n",
        "use_directory_urls: true\n",
        "\n",
        "theme:\n",
        "  name: material\n",
        line(f"language: {scalar(member.languages[0])}", "the interface's language (one site per language)", 2),
        line("font: false", "no request to Google Fonts: the site makes no third-party request", 2),
        "  features:\n",
        "    - navigation.sections\n",
        "    - navigation.indexes\n",
        "    - navigation.top\n",
        "    - search.highlight\n",
        "  palette:\n",
        line("primary: indigo", "yours", 4),
        "\n",
        "plugins:\n",
        "  - search\n",
        "  - ogrepo:\n",
        line("stale_after_months: 6", "OGP Local members may choose 3", 6),
        line(f"tag_authority: {authority}", "yours: set once, never change (feed entry ids)", 6) if authority else
        commented(f"tag_authority: opengov.example.gov,{year}", "your site's domain and this year: set it once "
                                                                "with site_url, never change it", 6),
        "\n",
        "markdown_extensions:\n",
        "  - attr_list\n",
        "  - toc:\n",
        "      permalink: true\n",
        "  - admonition\n",
        "\n",
        "validation:\n",
        "  nav:\n",
        "    omitted_files: info\n",
        "    not_found: warn\n",
        "  links:\n",
        "    not_found: warn\n",
        "    anchors: warn\n",
    ]
    return "".join(body)


def github_repository(site_url: str | None) -> str | None:
    """https://<account>.github.io/<repository>/ is published from github.com/<account>/<repository>."""
    parts = urlsplit(site_url or "")
    found = re.fullmatch(r"([A-Za-z0-9-]+)\.github\.io", parts.hostname or "")
    folders = [p for p in parts.path.split("/") if p]
    if not found:
        return None
    return f"https://github.com/{found[1]}/{folders[0] if folders else parts.hostname}"


_MEMBER = Template("""\
# The OGP member that keeps this repository. Write every text that starts with TODO; the lines
# starting with "# " are optional fields: remove the "# " to use one. The authors' guide
# (content/authors-guide.md) explains them; an editor with the YAML extension completes them.
format: 2
${name}
${level}
${languages}
${lead_agency}
contacts:                               # the point(s) of contact, one entry each
  - ${contact_name}
    # title: OGP point of contact
    # department: Open Government Office
    # organisation: Ministry of Public Administration
${contact_email}
    # phone: "+1 555 0100"              # in quotes
    # role: Publishes this repository; first contact for comments.
# ogp_url: https://www.opengovpartnership.org/members/<member>/   # the member's page on OGP's site
# forum:                                # the multi-stakeholder forum
#   name: Open Government Forum
#   description: Who sits on it, how it decides, how often it meets.
#   url: https://opengov.example.gov/forum
# feedback:                             # how the public comments on progress
#   email: comments@opengov.example.gov
#   url: https://opengov.example.gov/comment
# introduction: >-                      # the home page's introduction
#   When the member joined OGP, what this repository holds, and how often it is updated.
""")


def member_yml(member: Member) -> str:
    langs = member.languages
    return modeline(schema_ref("content/member.yml", "member")) + _tidy(_MEMBER.substitute(
        name=line(f"name: {scalar(member.name or todo('the member name'))}",
                  "one per language: {" + ", ".join(f"{lang}: …" for lang in langs[:2]) + "}"),
        level=line(f"level: {member.level}", "national, local or joint-local (OGP Local)"),
        languages=line(f"languages: {scalar(langs)}", "one site per language, the first at the site's root"),
        lead_agency=line(f"lead_agency: {scalar(member.lead_agency or todo('the agency that leads OGP work'))}"),
        contact_name=line(f"name: {scalar(member.contact_name or todo('the point of contact name'))}"),
        contact_email=line(f"email: {scalar(member.contact_email)}", indent=4) if member.contact_email else
        commented("email: name@agency.example.gov", indent=4),
    ))


def readme(member: Member, plan_id: str) -> str:
    name = member.name or "our government"
    return f"""# Open government repository of {name}

The action plans of {name} in the Open Government Partnership (OGP), how they were co-created,
the progress of each commitment and its evidence, published as a website by
[ogrepo](https://pypi.org/project/ogrepo/) at every change.

## First steps

1. Install the tool (Python 3.11 or later): `pip install -r requirements.txt`
2. Fill in `content/member.yml` and `content/plans/{plan_id}/plan.yml`: every text starting
   with `TODO` (`grep -rn TODO content/` lists them).
3. Check: `ogrepo check`. See the site on your computer: `mkdocs serve`.
4. Publish: push this repository to GitHub, then in Settings > Pages choose "GitHub Actions" as
   the source. `.github/workflows/publish.yml` builds and publishes the site at every push.

## Everyday work

```sh
ogrepo new commitment {plan_id} open-budget-data --title "Open budget data" --lead "Ministry of Finance"
ogrepo add-evidence {plan_id}/open-budget-data decree.pdf --title "Decree on open budget data" --date 2026-03-20 --kind regulation
ogrepo update {plan_id}/open-budget-data          # a progress update to fill in
ogrepo check --strict                             # every problem, with its file and line
```

The authors' guide (`content/authors-guide.md`, also a page of the site) explains every field
and every message.

## Upgrading the tool

`requirements.txt` names the tool with a range: every build installs its newest release within
it, and `pip install -U -r requirements.txt` does the same on your computer. A release outside
the range arrives as a Dependabot pull request; `ogrepo migrate` rewrites content written for an
older format.
"""


def kind_of(rel: str, content: str = "content", evidence: str = "evidence") -> str | None:
    """The kind of content file at `rel` (its schema), or None for any other file."""
    parts = PurePosixPath(rel).parts
    inner = parts[len(PurePosixPath(content).parts):] if rel.startswith(content + "/") else ()
    if inner == ("member.yml",):
        return "member"
    if len(inner) == 3 and inner[0] == "plans" and inner[2] in ("plan.yml", "process.yml"):
        return inner[2][:-4]
    if len(inner) == 4 and inner[0] == "plans" and inner[2] == "commitments" and inner[3].endswith(".yml"):
        return "commitment"
    if rel.startswith(evidence + "/") and parts[-1] == "evidence.yml":
        return "evidence"
    return None


def example_repository(source: Path) -> dict[str, str | bytes]:
    """The bundled example (this tool's own repository: Taprobane's content and evidence), as a
    repository of its own that names the tool as a package and has the editors' schemas."""
    files: dict[str, str | bytes] = {}
    for folder in ("content", "evidence"):
        for path in sorted((source / folder).rglob("*")):
            rel = path.relative_to(source).as_posix()
            if not path.is_file() or any(p.startswith(".") or p == "__pycache__" for p in PurePosixPath(rel).parts):
                continue
            kind = kind_of(rel)
            files[rel] = modeline(schema_ref(rel, kind)) + path.read_text(encoding="utf-8") if kind else path.read_bytes()
    files["mkdocs.yml"] = modeline(schema_ref("mkdocs.yml", "mkdocs")) + (source / "mkdocs.yml").read_text(encoding="utf-8")
    files["README.md"] = ("# The example repository of Taprobane\n\nA fictional Open Government Partnership member's "
                          "repository, made by `ogrepo init --example`: see\n`content/authors-guide.md`, then try "
                          "`pip install -r requirements.txt && mkdocs serve`.\n")
    return {**files, **common_files()}


def write_new(root: Path, files: dict[str, str | bytes]) -> list[Path]:
    """Write every file, or none: refused (FileExistsError naming them) if any of them exists."""
    existing = [rel for rel in files if (root / rel).exists() or (root / rel).is_symlink()]
    if existing:
        shown = ", ".join(existing[:5]) + (f" and {len(existing) - 5} more" if len(existing) > 5 else "")
        raise FileExistsError(f"{shown} exist(s) already; nothing was written")
    written = []
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            with open(target, "w", encoding="utf-8", newline="\n") as out:
                out.write(data)
        written.append(target)
    return written


# --- plans and commitments --------------------------------------------------------------------

def plan_dates(plan_id: str, today: date) -> tuple[str, str]:
    """A plan's start and end as precise as its id says (2025-2027: the years), else this year's."""
    found = re.fullmatch(r"(\d{4})-(\d{4})", plan_id)
    first, last = (found[1], found[2]) if found and found[1] <= found[2] else (str(today.year), str(today.year + 2))
    return first, last


def plan_phase(start: str, today: date) -> str:
    begins = dates.parse(start).start
    return "implementation" if begins and begins <= today else "co-creation"


_PLAN = Template("""\
# Action plan ${plan_id}. Its commitments are in commitments/ (`ogrepo new commitment ${plan_id} <id>`),
# how it was co-created in process.yml, and the evidence in evidence/${plan_id}/. The lines starting
# with "# " are optional fields: remove the "# " to use one.
format: 2
${title}
${start}
${end}
# local_end: 2027-12-31                 # OGP Local: when the plan ends locally, if not as OGP's
# period_as_submitted: 2026-2028        # the plan's period in its own words
${phase}
# introduction: >-                      # the plan's introduction
#   What the plan is about.
# efforts_to_date: >-                   # what earlier plans achieved
#   ...
# development: >-                       # how the plan was developed
#   ...
# documents:                            # the plan's documents: files of evidence/${plan_id}/process/ or link ids
#   - title: The action plan as submitted to OGP
#     evidence: action-plan.pdf
# strategic_vision: >-                  # OGP Local: the open government strategic vision
#   ...
# monitoring_body:                      # who follows the plan's implementation
#   name: Open Government Forum
#   description: ...
#   url: https://opengov.example.gov/forum
# endorsements:                         # organisations that endorsed the plan
#   - organisation: Open Data Network
#     name: its director
#     date: 2026-08
""")

_PROCESS = Template("""\
# How action plan ${plan_id} was co-created: its stages, meetings, the contributions received and the
# reasoned response to each. Evidence of the process goes in evidence/${plan_id}/process/
# (`ogrepo add-evidence ${plan_id}/process <file>`). Remove the "# " of the fields you use.
format: 2
# decision_making: >-                   # how the forum takes decisions
#   ...
# stages:                               # the stages of co-creation
#   - title: Call for proposals
#     start: 2026-02-17
#     end: 2026-03-21
#     description: ...
#     commitment: open-budget-data      # the commitment it concerns, if one
# meetings:
#   - id: 2026-03-10-forum              # makes its permanent link
#     date: 2026-03-10
#     kind: forum-meeting               # ${meeting_kinds}
#     title: First forum meeting
#     description: ...
#     location: ...
#     participants: {government: 5, civil_society: 7}   # ${groups}; or affiliations: [...]
#     evidence: [minutes.pdf]           # files of evidence/${plan_id}/process/
#     commitment: open-budget-data
# contributions:                        # proposals received, and the government's response
#   - id: C1
#     date: 2026-03-01
#     from: Open Data Network
#     summary: Publish the budget as open data
#     response: included                # included, amended or not-included
#     reason: It became commitment open-budget-data.
#     commitment: open-budget-data
#     evidence: [proposal.pdf]
# irm_recommendations:                  # the IRM's recommendations, and what was done about them
#   - recommendation: Widen participation beyond the capital
#     response: Consultations were held in every province.
#     commitments: [open-budget-data]
""")


def plan_files(plan_id: str, title: str, start: str, end: str, phase: str, content: str = "content",
               refs: dict[str, str] | None = None) -> dict[str, str]:
    """plan.yml and process.yml of a new plan."""
    folder = f"{content}/plans/{plan_id}"
    refs = refs or {kind: schema_ref(f"{folder}/{kind}.yml", kind) for kind in ("plan", "process")}
    plan = _PLAN.substitute(
        plan_id=plan_id,
        title=line(f"title: {scalar(title)}", "one per language: {en: …, fr: …}"),
        start=line(f"start: {scalar(start)}", "OGP's dates, as precise as known: 2026-09-01, 2026-09, 2026"),
        end=line(f"end: {scalar(end)}", "a year alone is written in quotes: \"2028\""),
        phase=line(f"phase: {phase}", "co-creation, implementation or ended"),
    )
    process = _PROCESS.substitute(plan_id=plan_id, meeting_kinds=", ".join(list(vocab.MEETING_KINDS)[:4]) + "…",
                                  groups=", ".join(vocab.PARTICIPANT_GROUPS))
    return {f"{folder}/plan.yml": modeline(refs["plan"]) + _tidy(plan),
            f"{folder}/process.yml": modeline(refs["process"]) + _tidy(process)}


def _tidy(text: str) -> str:
    """A filled template: lines filled with a whole line end with two newlines (one is enough), and
    comments are aligned."""
    return _realign(re.sub(r"\n\n+", "\n", text))


_COMMITMENT = Template("""\
# Commitment ${number} of action plan ${plan_id}. Write every text that starts with TODO. The lines
# starting with "# " are the other fields of OGP's template: remove the "# " to use one (the
# authors' guide explains each). Progress: `ogrepo update ${plan_id}/${commitment_id}` adds an update
# to fill in; evidence: `ogrepo add-evidence ${plan_id}/${commitment_id} <file>`.
format: 2
${number_line}
# ogp_id: AB0012                        # OGP's id, once OGP gives one
# code: C${number}                              # the code the plan shows for it
# aliases: [C0${number}]                        # other ways trackers write that code
${title}
${start}
${end}
# carried_over: true                    # carried over from an earlier plan (or that plan's id)
# challenge: true                       # a challenge commitment added during the plan
lead_agencies:                          # the lead implementing agencies: one or more
  - ${lead}
    # code: MoF                         # its code or acronym in the plan
    # branch: Budget Department
    # role: Leads the commitment
    # contact:                          # who to contact there
    #   name: Ana Point
    #   title: Director of Budget Transparency
    #   department: Budget Department
    #   organisation: Ministry of Finance
    #   email: ana.point@agency.example.gov
    #   phone: "+1 555 0100"
    #   role: Reports on the commitment's progress
# lead_stakeholders:                    # the lead non-governmental stakeholders
#   - organisation: Open Data Network
# other_actors:                         # others involved, by group
#   government: [National Statistics Office]
#   civil_society: [Budget Watch]
#   private_sector: []
#   multilaterals: []
#   academia: []
#   working_groups: []
${problem}
# status_quo: >-                        # the situation at the start (the baseline)
#   ...
${description}
# expected_results: >-                  # the results expected at the end
#   ...
# how_it_helps: >-                      # how it will help solve the problem
#   ...
# strategic_vision_link: >-             # OGP Local: how it relates to the strategic vision
#   ...
values: [${value}]                      # ${values_help}
# policy_areas: [${policy_area}]        # OGP's policy areas (OGP Local: at most two)
# sectors: [${sector}]                  # OGP's sectors (OGP Local: at most two)
# tags: [Summit for Democracy]          # free labels
# resources:
#   budget: {amount: 100000, currency: USD}
#   staff: 3                            # people working on it
#   months: 24
#   other: ...
#   secured: partially                  # yes, no or partially
# additional_information: >-
#   ...
# amendments:                           # changes agreed during the plan
#   - date: 2027-02-11
#     description: ...
#     agreed_with: Open Government Forum
# end_of_term:                          # at the end of the plan
#   results: ...
#   next_steps: ...
# irm:                                  # the IRM's assessment, shown beside what you report
#   verifiable: "yes"
#   relevant: [${value}]
#   potential: modest                   # unclear, modest or substantial
#   promising: false
#   completion: pending                 # pending until the IRM's results report
#   early_results: pending
#   summary: ...
#   reports:
#     - {title: Action Plan Review, url: "https://www.opengovpartnership.org/…", date: 2026-03}
milestones:                             # verifiable outputs with planned dates: one entry each
  - id: "${milestone}"                          # makes its permanent link: never change it
    # code: C${milestone}
    # aliases: [C0${milestone}]
    ${milestone_title}
    ${milestone_start}
    ${milestone_end}
    # responsible: Ministry of Finance  # or a list: [Ministry of Finance, Statistics Office]
    # contact: {name: Ana Point, email: ana.point@agency.example.gov}
    # status: not-started               # only until a progress update gives one
    # activities:                       # activities or indicators of this milestone
    #   - id: "${milestone}.1"
    #     code: C${milestone}.1
    #     aliases: [C0${milestone}.01]
    #     title: ...
    #     start: 2026-09
    #     due: 2027-Q1
    #     lead: Ministry of Finance
    #     status: not-started
# Progress updates follow, under `updates:`. `ogrepo update ${plan_id}/${commitment_id}` adds one:
# updates:
#   - date: 2027-04-15                  # the day it is published
#     period: {start: 2026-09-01, end: 2027-03-31}   # or a tracker's period: 2027-Q1
#     progress: What was done in the period, with figures.
#     delays: Why anything is late.
#     challenges: ...
#     next_steps: What happens next, and by when.
#     milestones: {"${milestone}": in-progress}   # status changes; or items: {"${milestone}": {status: …, progress: …}}
#     items: {}
#     completion: limited               # ${completion}
#     evidence: [decree.pdf]            # files of evidence/${plan_id}/${commitment_id}/
#     author: Ministry of Finance
""")


def commitment_text(plan_id: str, commitment_id: str, title: str, lead: str | None, start: str, end: str,
                    number: int, ref: str) -> str:
    """A new commitment: every field of OGP's template, the required ones valid and marked TODO."""
    milestone = f"{number}.1"
    text = _COMMITMENT.substitute(
        plan_id=plan_id, commitment_id=commitment_id, number=number, milestone=milestone,
        number_line=line(f"number: {number}", "its order in the plan"),
        title=line(f"title: {scalar(title)}", "one per language: {en: …, fr: …}"),
        start=line(f"start: {scalar(start)}", "2026-09-01, or as the plan says: 2026-09, 2026-Q3"),
        end=line(f"end: {scalar(end)}"),
        lead=line(f"organisation: {scalar(lead or todo('the lead agency'))}"),
        problem=line(f"problem: {scalar(todo('the public problem the commitment addresses'))}"),
        description=line(f"description: {scalar(todo('what the commitment does: the action, its results and objective'))}"),
        value=list(vocab.OGP_VALUES)[0],
        values_help=todo("keep those that apply: " + ", ".join(vocab.OGP_VALUES)),
        policy_area="open-data", sector="public-services",
        milestone_title=line(f"title: {scalar(todo('a verifiable output, e.g. Draft law published for consultation'))}").strip(),
        milestone_start=line(f"start: {scalar(start)}", "leave out when the plan does not say").strip(),
        milestone_end=line(f"end: {scalar(end)}", "when it is due").strip(),
        completion=", ".join(vocab.COMPLETION_LEVELS),
    )
    return modeline(ref) + _tidy(text)


def _realign(text: str) -> str:
    """Comments of template lines start at COLUMN once the values are in. A line whose quotes are
    not closed before '  # ' is left as it is: the '  # ' is part of a quoted value."""
    out = []
    for raw in text.splitlines(keepends=True):
        lead, rest = re.match(r"^(\s*(?:# )?)(.*)$", raw.rstrip("\n")).groups()
        body, sep, comment = rest.partition("  # ")
        closed = body.replace('\\"', "").count('"') % 2 == 0 and body.count("'") % 2 == 0
        if sep and body.strip() and closed:
            raw = line(lead + body.rstrip(), comment.strip())
        out.append(raw)
    return "".join(out)


def next_number(numbers: list) -> int:
    """The number of a new commitment: after the highest of the plan's."""
    taken = [n for n in numbers if isinstance(n, int) and not isinstance(n, bool)]
    return max(taken, default=len(numbers)) + 1


# --- evidence ---------------------------------------------------------------------------------

KIND_BY_SUFFIX = {".csv": "dataset", ".json": "dataset", ".xlsx": "dataset", ".ods": "dataset", ".xml": "dataset",
                  ".png": "photo", ".jpg": "photo", ".jpeg": "photo", ".webp": "photo",
                  ".mp4": "video", ".webm": "video"}


def guess_kind(name: str) -> str:
    return KIND_BY_SUFFIX.get(Path(name).suffix.lower(), "other")


def title_from_name(name: str) -> str:
    """'budget-release_2026-10.csv' -> 'Budget release 2026-10': a start, for the official to check."""
    words = re.sub(r"[_]+|(?<=[a-z])-(?=[a-z])", " ", Path(name).stem).strip() or name
    return words[:1].upper() + words[1:]


@dataclass
class EvidenceEntry:
    name: str  # the file's name in its folder
    title: str
    kind: str
    date: str | None = None
    milestone: str | None = None
    language: str | None = None
    commitment: bool = True  # a commitment's evidence may prove a milestone; the process's doesn't

    def data(self) -> dict:
        fields = {"title": self.title, "date": self.date, "kind": self.kind, "milestone": self.milestone,
                  "language": self.language}
        return {k: v for k, v in fields.items() if v is not None}

    def text(self) -> str:
        """Its entry under `files:`, at indentation 0, with the fields left to give commented out."""
        out = [line(f"{scalar(self.name)}:"), line(f"title: {scalar(self.title)}", indent=2)]
        out.append(line(f"date: {scalar(self.date)}", "the date of the document", 2) if self.date else
                   commented("date: 2026-10-14", "the date of the document", 2))
        out.append(line(f"kind: {self.kind}", "the kinds are listed in the authors' guide", 2))
        if self.milestone:
            out.append(line(f"milestone: {scalar(self.milestone)}", "the milestone it proves", 2))
        elif self.commitment:
            out.append(commented('milestone: "1.1"', "the milestone or activity it proves: its id or code", 2))
        out.append(commented("description: What it shows, in a sentence or two.", indent=2))
        out.append(line(f"language: {self.language}", indent=2) if self.language else
                   commented("language: en", "its language, or languages: [en, fr]", 2))
        out.append(commented("source: Who produced it", indent=2))
        return "".join(out)


def new_evidence_yml(entries: list[EvidenceEntry], ref: str, folder: str) -> str:
    head = (modeline(ref) +
            f"# What each file of {folder}/ is: its title, date, kind, and the milestone it proves.\n"
            "# Files published elsewhere are listed under links (see the authors' guide, \"Add evidence\").\n"
            "format: 2\n"
            "files:\n")
    links = ("# links:                                # evidence published elsewhere, by its address\n"
             "#   - id: gazette-2026-41                 # makes its permanent link, as a file name does\n"
             "#     title: Official Gazette no. 41 of 2026\n"
             "#     url: https://gazette.example.gov/2026/41\n"
             "#     archived_url: https://web.archive.org/web/2026/https://gazette.example.gov/2026/41\n"
             "#     kind: regulation\n"
             "#     date: 2026-10-14\n"
             "#     milestone: \"1.1\"\n"
             "#     description: ...\n"
             "#     language: en\n"
             "#     source: Official Gazette\n")
    return head + _realign(_indent("".join(e.text() for e in entries), 2)) + links


def add_evidence(text: str, entries: list[EvidenceEntry]) -> str:
    """evidence.yml with the entries added at the end of `files:`."""
    return add_entries(text, "files", "".join(e.text() for e in entries), {e.name: e.data() for e in entries})


# --- progress updates -------------------------------------------------------------------------

@dataclass
class Skeleton:
    data: dict  # what the text reads as: the new entry of `updates:`
    text: str  # the entry, at indentation 0, commented for the official


def update_skeleton(c: Commitment, published: date, period: str | None) -> Skeleton:
    """A progress update to fill in, with every milestone's (and, in a tracker's report, every
    activity's) current status already written: the official changes those that changed."""
    data: dict = {}
    out: list[str] = []
    if period:
        data["period"] = period
        out.append(line(f"- period: {scalar(period)}", "the reporting period: it identifies the report"))
        data["date"] = published.isoformat()
        out.append(line(f"date: {published.isoformat()}", "the day it is published (leave out if unknown)", 2))
    else:
        data["date"] = published.isoformat()
        out.append(line(f"- date: {published.isoformat()}", "the day it is published", 0))
        covered = _period_since_last(c, published)
        if covered:
            data["period"] = covered
            out.append(line(f"period: {scalar(covered)}", "what it reports on", 2))
    data["progress"] = todo("what was done in the period, with figures")
    out.append(line(f"progress: {scalar(data['progress'])}", indent=2))
    out.append(commented("delays: Why anything is late (leave out if nothing is).", indent=2))
    out.append(commented("challenges: The challenges met.", indent=2))
    out.append(commented("next_steps: What happens next, and by when.", indent=2))
    statuses, lines_ = (_items(c) if period else _milestones(c))
    key = "items" if period else "milestones"
    what = "each milestone and activity, by id" if period else "each milestone's status: change those that changed"
    if statuses:
        data[key] = statuses
        out.append(line(f"{key}:", what, 2))
    else:
        out.append(commented(f"{key}:", what + " (none reported yet)", 2))
    out += lines_
    levels = ", ".join(vocab.COMPLETION_LEVELS)
    if c.status != NOT_REPORTED:
        data["completion"] = c.status
        out.append(line(f"completion: {c.status}", f"the commitment's completion now: {levels}", 2))
    else:
        out.append(commented("completion: limited", f"not reported yet: {levels}", 2))
    uncited = _uncited_files(c)
    if uncited:
        data["evidence"] = uncited
        out.append(line(f"evidence: {scalar(uncited)}", "files no update cites yet: keep those it is about", 2))
    else:
        out.append(commented("evidence: [report.pdf]", f"files of {c.evidence_folder}/ it cites", 2))
    out.append(commented("author: Who wrote it", indent=2))
    return Skeleton(data, "".join(out))


def _since(step) -> str:
    event = step.since
    return f"{step.status} since {event.update.key}" if event and event.update.key else step.status


def _milestones(c: Commitment) -> tuple[dict, list[str]]:
    statuses, out = {}, []
    for m in c.milestones:
        if m.id is None:
            continue
        if m.status == NOT_REPORTED:
            out.append(commented(f"{quoted_key(m.id)}: not-started", "not reported yet: give its status", 4))
        else:
            statuses[str(m.id)] = m.status
            out.append(line(f"{quoted_key(m.id)}: {m.status}", _since(m), 4))
    return statuses, out


def _items(c: Commitment) -> tuple[dict, list[str]]:
    statuses, out = {}, []
    for step in c.steps:
        if step.id is None:
            continue
        name = quoted_key(step.id)
        if step.status == NOT_REPORTED:
            out.append(commented(f"{name}: {{status: not-started}}", "not reported yet", 4))
            continue
        statuses[str(step.id)] = {"status": step.status}
        out.append(line(f"{name}:", step.code or "", 4))
        out.append(line(f"status: {step.status}", _since(step), 6))
        out.append(commented("progress: What was done on it in the period.", indent=6))
        out.append(commented("challenges: ...", indent=6))
        out.append(commented("evidence: [report.pdf]", indent=6))
    return statuses, out


def _period_since_last(c: Commitment, published: date) -> dict | None:
    """From the day after the latest period reported (else the commitment's start) to `published`."""
    ends = [u.period.end for u in c.updates if u.period.end]
    start = max(ends) + timedelta(days=1) if ends else c.start.start
    if not start or start > published:
        return None
    return {"start": start.isoformat(), "end": published.isoformat()}


def _uncited_files(c: Commitment) -> list[str]:
    cited = {ref for u in c.updates for ref in u.evidence}
    cited |= {ref for u in c.updates for record in u.items.values() if isinstance(record, dict)
              for ref in record.get("evidence") or []}
    return [e.id for e in c.evidence if e.file and e.id not in cited]


def add_update(text: str, skeleton: Skeleton) -> str:
    return add_entries(text, "updates", skeleton.text, [skeleton.data])


# --- adding entries to a file's text ----------------------------------------------------------

def _indent(text: str, by: int) -> str:
    pad = " " * by
    return "".join(pad + raw if raw.strip() else raw for raw in text.splitlines(keepends=True))


_TOP = re.compile(r"^[^\s#\-]")  # a line that starts a top-level key (not a comment, not an entry)


def add_entries(text: str, key: str, entries: str, expected: list | dict) -> str:
    """`text` with `entries` (YAML at indentation 0) added at the end of the top-level `key`, which
    holds a list or a map; the file's other lines stay as they are. The result must read as the
    file's data with `expected` added, else the edit is made by ruamel.yaml's round trip."""
    before = _read(text)
    kind = list if isinstance(expected, list) else dict
    if before.get(key) is not None and not isinstance(before[key], kind):
        raise EditError(f"'{key}' should hold a {'list' if kind is list else 'map'}: correct it first")
    try:
        after = _insert(text, key, entries)
        if _read(after) == _added(before, key, expected):
            return after
    except EditError:
        pass
    return _round_trip(text, key, expected, before)


def _insert(text: str, key: str, entries: str) -> str:
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    at = next((i for i, raw in enumerate(lines) if re.match(rf"^(['\"]?){re.escape(key)}\1\s*:(\s|$)", raw)), None)
    if at is None:
        return "".join(lines) + f"{key}:{newline}" + _realign(_indent(entries, 2)).replace("\n", newline)
    rest = lines[at].split(":", 1)[1].split(" #", 1)[0].strip()
    if rest in ("[]", "{}", "~", "null"):
        comment = lines[at].split(":", 1)[1].partition(" #")[2].strip()
        lines[at] = f"{key}:" + (f"  # {comment}" if comment else "") + newline
    elif rest:
        raise EditError(f"'{key}' is written on one line")
    end = at + 1
    while end < len(lines) and not _TOP.match(lines[end]):
        end += 1
    while end > at + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1  # blank lines and comments at the margin belong to what follows
    content = [raw for raw in lines[at + 1:end] if raw.strip() and not raw.lstrip().startswith("#")]
    depth = len(content[0]) - len(content[0].lstrip()) if content else 2
    if content and entries.startswith("- ") != content[0].lstrip().startswith("-"):
        raise EditError(f"'{key}' holds another kind of value")
    block = _realign(_indent(entries, depth)).replace("\n", newline)
    return "".join(lines[:end]) + block + "".join(lines[end:])


def _read(text: str):
    doc, problems = yamlfile.load(text, "")
    if problems or not isinstance(doc.data, dict):
        raise EditError("the file is not valid YAML: " + "; ".join(p.message for p in problems[:3]))
    return doc.data


def _added(data: dict, key: str, expected: list | dict) -> dict:
    out = dict(data)
    current = out.get(key)
    if isinstance(expected, list):
        out[key] = [*(current or []), *expected]
    else:
        out[key] = {**(current or {}), **expected}
    return out


def _round_trip(text: str, key: str, expected: list | dict, before: dict) -> str:
    """The entries added by ruamel.yaml, which keeps comments and quotes (not the new entries' comments)."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(text)
    current = data.get(key)
    if current is None:
        data[key] = expected
    elif isinstance(expected, list) and isinstance(current, list):
        current.extend(expected)
    elif isinstance(expected, dict) and isinstance(current, dict):
        current.update(expected)
    else:
        raise EditError(f"'{key}' holds another kind of value than expected")
    out = io.StringIO()
    yaml.dump(data, out)
    result = out.getvalue()
    if _read(result) != _added(before, key, expected):
        raise EditError(f"'{key}' could not be added to without changing something else")
    return result
