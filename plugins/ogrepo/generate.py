"""`ogrepo generate DIR`: the site as plain files, built without the ogrepo plugin.

MkDocs 1.x is frozen and Material for MkDocs reaches its end of life on 2027-05-05. Its
successors build a folder of Markdown pages and a settings file, but not necessarily a plugin
such as ours (Zensical ignores third-party plugins). This writes everything the plugin makes in
memory during `mkdocs build` as files, one plain MkDocs project per language of the member:

    DIR/mkdocs.yml           the first language's settings: the repository's, without the ogrepo
    DIR/mkdocs.<lang>.yml    plugin, in that language; one for each other language
    DIR/docs/<lang>/         hand-written pages (translated), generated pages, data, feeds, assets;
                             the first language's also evidence and repository.json
    DIR/overrides/           our theme overrides (the site's own custom_dir copied over them)
    DIR/README.md            how to build it

The languages combine into one site as the plugin's do: the first language is built into DIR/site/,
each other into DIR/site/<lang>/ (their site_dir). Evidence, repository.json and the schemas are in
the first language's tree only, published once at the root, and the other languages link up to
them. The first language must be built first: a build empties its site_dir, and the first's holds
the others'. Every settings file is at the top of DIR because Zensical wants docs_dir and site_dir
inside the folder of the settings file.

The content is read, validated and dated once, by the same pipeline as the plugin's (build.check,
build.render), and the plugin's own decisions are reused (which files are published, the
navigation's order, the commitments left out of it). What the plugin does to the HTML is done here
to the Markdown instead: the "last updated" line of hand-written pages, the notice on a page not
translated, the links of other languages to files published once. What the plugin hands the theme
at build time goes into `extra.ogrepo` of each mkdocs.yml, and the copy of the overrides reads it
from there. The pages are dated at generation time (SOURCE_DATE_EPOCH, or now), as a build would
be: generate again to publish again.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from . import bag, build, clock, history, languages, resources, urls
from .pages import Pages, Settings
from .problems import NOTICE, Problem, errors, report, warnings

PACKAGE = resources.PACKAGE
MARKER = ".ogrepo-generated"  # a folder holding it was written by this command: --replace may empty it
OVERRIDES = "overrides"
DOCS = "docs"
SITE = "site"
# Markdown files are pages to every builder: evidence written in Markdown is published as text
PAGE_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")


# --- the command -------------------------------------------------------------------------------

def add_generate(sub) -> None:
    gen = sub.add_parser(
        "generate", help="write the site as plain files that MkDocs, ProperDocs or Zensical build without the plugin",
        description="Write every generated page, data file, feed and asset, and a mkdocs.yml per language, into "
                    "DIR, so that the site builds with `mkdocs build`, `properdocs build` or `zensical build` "
                    "without the ogrepo plugin. DIR/README.md says how. The content is checked first, as "
                    "`ogrepo check` does.")
    gen.add_argument("dir", metavar="DIR", help="the folder to write (new or empty)")
    gen.add_argument("--root", default=".", help="the repository (the folder with mkdocs.yml); default: here")
    gen.add_argument("--strict", action="store_true", help="warnings are errors")
    gen.add_argument("--replace", action="store_true",
                     help="empty DIR first, when an earlier `ogrepo generate` wrote it")
    gen.set_defaults(run=lambda a: run_generate(Path(a.root).resolve(), Path(a.dir), a.strict, a.replace))


def run_generate(root: Path, out: Path, strict: bool, replace: bool) -> int:
    from .config import SettingsError, check_as_built, load

    try:
        options, config = load(root)
        now = clock.build_time()
    except (SettingsError, clock.ClockError) as exc:
        print(f"ogrepo: {exc}", file=sys.stderr)
        return 1
    refused = refuse_folder(out.resolve(), root, options, replace)
    if refused:
        print(f"ogrepo: {refused}", file=sys.stderr)
        return 1
    try:
        result = check_as_built(config, options, now)
    except history.HistoryError as exc:
        print(f"ogrepo: {exc}", file=sys.stderr)
        return 2
    tree = Tree()
    if result.ok:
        tree = generate(config, options, result)
        result.problems += tree.problems
    if result.problems:
        print(report(result.problems), file=sys.stderr)
    if errors(result.problems) or (strict and warnings(result.problems)):
        print("ogrepo: nothing was written", file=sys.stderr)
        return 1
    if replace and out.exists():
        shutil.rmtree(out)
    written = write(out, tree.files)
    try:
        for rel, found in tree.bags.items():
            bag.write(found, options.root, out / rel)
            written.append(out / rel)
    except bag.BagError as exc:
        print(f"ogrepo: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    langs = result.repo.languages
    print(f"wrote {len(written)} files into {out}; build them with (or properdocs, or zensical"
          + (", the first language first):" if len(langs) > 1 else "):"))
    for lang in langs:
        print(f"  mkdocs build --strict -f {out / settings_name(lang, langs)}")
    print(f"the site is then in {out / SITE} ({langs[0]} at its root"
          + "".join(f", {lang} in {lang}/" for lang in langs[1:]) + f"); {out / 'README.md'} says more")
    return 0


def refuse_folder(out: Path, root: Path, options: build.Options, replace: bool) -> str | None:
    """Why DIR can't be written, if it can't: it is never merged into, and emptied only when this
    command wrote it."""
    for folder in (options.content, options.evidence):
        inside = (root / folder).resolve()
        if out == inside or inside in out.parents:
            return (f"{out} is inside {folder}/: the generated files would become content. "
                    "Choose a folder outside it (e.g. generated/)")
    if out == root or out in root.parents:
        return f"{out} holds the repository: choose a new folder (e.g. generated/)"
    if out.exists() and not out.is_dir():
        return f"{out} is a file: choose a new folder"
    if out.is_dir() and any(out.iterdir()):
        if not replace:
            return (f"{out} is not empty: nothing was overwritten. Choose a new folder, or add --replace to "
                    "write it again (only a folder written by `ogrepo generate`)")
        if not (out / MARKER).is_file():
            return (f"{out} was not written by `ogrepo generate` (it has no {MARKER}): it is left as it is. "
                    "Choose a new folder")
    return None


def write(out: Path, files: dict[str, bytes | Path]) -> list[Path]:
    """Every file of the tree: data, or a copy of a file (evidence is copied byte for byte)."""
    written = []
    for rel, data in files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Path):
            shutil.copyfile(data, target)
        else:
            target.write_bytes(data)
        written.append(target)
    return written


# --- the tree ----------------------------------------------------------------------------------

@dataclass
class Tree:
    files: dict[str, bytes | Path] = field(default_factory=dict)  # path under DIR -> data or the file to copy
    bags: dict[str, bag.Bag] = field(default_factory=dict)  # path under DIR -> a plan's evidence bag to write there
    problems: list[Problem] = field(default_factory=list)


def generate(config, options: build.Options, result: build.Result) -> Tree:
    """The whole tree, from the repository's MkDocs config and its checked content."""
    tree = Tree()
    repo = result.repo
    tree.problems += publish_markdown_evidence_as_text(result)
    raw = settings_file(Path(config.config_file_path))
    for lang in repo.languages:
        language_tree(tree, config, raw, options, result, lang)
    tree.files.update(overrides(config))
    tree.files[MARKER] = b"Written by `ogrepo generate`; `ogrepo generate --replace` may empty this folder.\n"
    tree.files["README.md"] = readme(repo.languages, config.site_url).encode()
    return tree


def publish_markdown_evidence_as_text(result: build.Result) -> list[Problem]:
    """The plugin publishes an evidence file written in Markdown as the file; any builder without
    it makes it a page. It gets .txt added to its name instead, as a file a browser would run does,
    and every page and data file gives that address."""
    problems = []
    for item in result.repo.items():
        for e in item.evidence:
            if e.file and not e.file.inert and e.file.published_path.lower().endswith(PAGE_EXTENSIONS):
                e.file.published_path += ".txt"
                problems.append(Problem(e.file.source_path, 0, 0, f"published as {e.file.published_path} in the "
                                        "generated site (a Markdown file there would become a page)",
                                        "", NOTICE))
    return problems


def language_tree(tree: Tree, config, raw, options: build.Options, result: build.Result, lang: str) -> None:
    """One language's settings and docs folder."""
    repo = result.repo
    first = lang == repo.languages[0]
    docs = f"{DOCS}/{lang}/"
    site = build.render(result, options, lang)
    renderer = Pages(repo, Settings(options.stale_after_months, options.repo_url, options.vocabularies), result.now, lang)
    plugin = plugin_state(result, options, renderer)
    pages, statics = hand_written_pages(config, options, result, lang, renderer)
    for src_uri in site.pages:
        if src_uri in pages or src_uri in statics:
            tree.problems.append(Problem(f"{options.content}/{src_uri}", 0, 0, "would be overwritten by a generated "
                                         "page of the same name", "rename or move it"))
    pages.update(site.pages)
    moved = page_folders(pages, set(site.pages))
    for src_uri, folder in moved.items():
        if folder in pages:
            tree.problems.append(Problem(f"{options.content}/{folder}", 0, 0, f"has the address of {src_uri}, "
                                         "which the generated site publishes as this file", "rename one of them"))
    # the other languages' sites link one folder up to the files published once
    shared = () if first else plugin_method("shared", plugin)()
    base = languages.site_path(options.site_url)
    for src_uri, text in pages.items():
        tree.files[docs + moved.get(src_uri, src_uri)] = relink(text, src_uri, moved, shared, base).encode()
    for src_uri, data in statics.items():
        tree.files[docs + src_uri] = data
    tree.files.update({docs + path: data for path, data in published_files(site, options, result, plugin).items()})
    if first:  # each plan's evidence as a BagIt ZIP, published once (bag.py)
        tree.bags.update({docs + b.path: b for b in site.bags.values() if b.publishable})
    hidden = plugin_method("out_of_nav", plugin)()
    nav = navigation(config, list(pages), hidden, plugin, moved)
    settings = site_settings(raw, config, options, result, lang, nav, {moved.get(p, p) for p in hidden},
                             untranslated=not first and any("ogr-untranslated" in t for t in pages.values()))
    tree.files[settings_name(lang, repo.languages)] = settings.encode()


def published_files(site: build.Site, options: build.Options, result: build.Result,
                    plugin: SimpleNamespace) -> dict[str, bytes | Path]:
    """What the plugin adds to a language's site besides pages: data, feeds, our assets, the
    empty sitemaps beside the feeds; evidence in the first language's only."""
    from .mkdocs_plugin import ASSETS, EMPTY_SITEMAP

    files: dict[str, bytes | Path] = {path: data.encode() if isinstance(data, str) else data
                                      for path, data in site.outputs.items()}
    if site.language == result.repo.languages[0]:
        for item in result.repo.items():
            for e in item.evidence:
                if e.file:
                    files[e.file.published_path] = options.root / e.file.source_path
    files.update({asset: PACKAGE / asset for asset in ASSETS})
    files.update({path: EMPTY_SITEMAP.encode() for path in plugin_method("feed_sitemaps", plugin)()})
    return files


def hand_written_pages(config, options: build.Options, result: build.Result, lang: str, renderer: Pages):
    """The pages of docs_dir as this language's site shows them (dated, and marked when not
    translated), and its other files."""
    repo = result.repo
    pages: dict[str, str] = {}
    statics: dict[str, Path] = {}
    for src_uri, source, translated in hand_written(config, options, result, lang):
        if not src_uri.endswith(PAGE_EXTENSIONS):
            statics[src_uri] = source
            continue
        text = source.read_text(encoding="utf-8-sig")
        if lang != repo.languages[0] and not translated:
            text = mark_untranslated(text, renderer, repo.languages[0])
        path = os.path.relpath(source, options.root).replace(os.sep, "/")
        change = result.history.last_change(path) if result.history else None
        pages[src_uri] = text + "\n" + renderer.page_footer(page_url(src_uri), change.when if change else None,
                                                            change.commit if change else None)
    return pages, statics


def settings_name(lang: str, langs: list[str]) -> str:
    """mkdocs.yml for the first language (a member with one language builds with a plain `mkdocs
    build`), mkdocs.<lang>.yml for the others."""
    return "mkdocs.yml" if lang == langs[0] else f"mkdocs.{lang}.yml"


def plugin_state(result: build.Result, options: build.Options, renderer: Pages) -> SimpleNamespace:
    """What the plugin's decisions about files and navigation read from the plugin: they are
    called here on this stand-in, so that there is one place where each is decided."""
    state = SimpleNamespace(result=result, options=options, renderer=renderer)
    state.shared_data = plugin_method("shared_data", state)
    return state


def plugin_method(name: str, state: SimpleNamespace):
    from .mkdocs_plugin import OgrepoPlugin

    return getattr(OgrepoPlugin, name).__get__(state)


def hand_written(config, options: build.Options, result: build.Result, lang: str):
    """(path in docs, source file, translated) of every file of docs_dir that this language's site
    publishes, as the plugin's on_files decides: not the YAML sources (they become
    repository.json), not what git ignores, `about.fr.md` as `about.md` of the French site."""
    from mkdocs.structure.files import InclusionLevel, get_files

    repo = result.repo
    content = options.content + "/"
    ignored = {p[len(content):] for p in result.ignored if p.startswith(content)}
    kept, translations = [], {}
    for file in get_files(config):
        src = file.src_uri
        if file.inclusion == InclusionLevel.EXCLUDED or src in ignored or src == "member.yml" \
                or (src.startswith("plans/") and src.endswith(".yml")):
            continue
        found = languages.variant(src, repo.languages)
        if found:
            if found[1] == lang and found[1] != repo.languages[0]:
                translations[found[0]] = Path(file.abs_src_path)
            continue
        kept.append(file)
    for file in kept:
        translated = file.src_uri in translations
        yield file.src_uri, translations.get(file.src_uri, Path(file.abs_src_path)), translated


def page_url(src_uri: str) -> str:
    """A page's address with directory URLs (about.md -> about/, plans/index.md -> plans/)."""
    stem, _ = posixpath.splitext(src_uri)
    if posixpath.basename(stem) in ("index", "README"):
        folder = posixpath.dirname(stem)
        return folder + "/" if folder else ""
    return stem + "/"


# --- Markdown in place of the plugin's HTML ----------------------------------------------------

_FRONT = re.compile(r"\A(?:\ufeff)?(---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n)", re.S)
_ATX_H1 = re.compile(r"\A(\s*\n)*(?P<line>#(?!#)[ \t]*[^\n]*)\n?")
_SETEXT_H1 = re.compile(r"\A(\s*\n)*(?P<line>[^\n#<>\s][^\n]*)\n=+[ \t]*(\n|\Z)")
_RAW_HTML = re.compile(r"^[ \t]{0,3}<[A-Za-z/!?]", re.M)
_ATTRS = re.compile(r"\{:?(?P<attrs>[^{}]*)\}\s*$")


def mark_untranslated(text: str, renderer: Pages, original: str) -> str:
    """A page not translated into this language, as the plugin shows it: a notice, then the page
    marked with the language it is written in. The heading stays first, so that it remains the
    page's title (every builder takes the title from a first-level heading that opens the page)."""
    front = _FRONT.match(text)
    head, body = (front.group(1), text[front.end():]) if front else ("", text)
    heading = ""
    found = _ATX_H1.match(body) or _SETEXT_H1.match(body)
    if found:
        line = found.group("line").rstrip()
        attrs = _ATTRS.search(line)
        line = (line[:attrs.start()] + "{: " + attrs["attrs"].strip() + f" lang={original} }}") if attrs \
            else line + f" {{: lang={original} }}"
        heading = line + ("\n" + "=" * 3 if found.re is _SETEXT_H1 else "") + "\n\n"
        body = body[found.end():]
    opening, closing = renderer.untranslated("\x00").split("\x00")
    note, div = opening[:opening.index("<div")].strip(), opening[opening.index("<div"):]
    if _RAW_HTML.search(body):
        # md_in_html would parse that HTML again and drop attributes without a value: the page is
        # left as written, under the notice, with only its heading marked
        return f"{head}{heading}{note}\n\n{body.lstrip()}"
    # md_in_html: the Markdown inside the <div> is still Markdown
    div = div.replace('class="ogr-untranslated">', 'class="ogr-untranslated" markdown="1">')
    return f"{head}{heading}{note}\n\n{div}\n\n{body.strip()}\n\n{closing}\n"


def page_folders(pages: dict[str, str], generated: set[str]) -> dict[str, str]:
    """The pages written as <address>/index.md rather than <name>.md (the address is the same).

    A link in a page's HTML leads from the page's address to MkDocs and ProperDocs, and from its
    Markdown file to Zensical (zensical/zensical#258): the two agree only for an index page. Our
    generated pages link in HTML; so may a hand-written page."""
    moved = {}
    for src_uri, text in pages.items():
        name = posixpath.basename(src_uri)
        if posixpath.splitext(name)[0] in ("index", "README"):
            continue
        if src_uri in generated or _HTML_LINK.search(text):
            moved[src_uri] = posixpath.splitext(src_uri)[0] + "/index.md"
    return moved


_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)
_LINKS = re.compile(r"""(?:(?P<md>\]\(\s*<?|^[ \t]{0,3}\[[^\]]+\]:[ \t]*<?)|(?P<html>\s(?:href|src)=["']))"""
                    r"""(?P<url>[^\s)"'<>]+)""", re.M)
_HTML_LINK = re.compile(r"""\s(?:href|src)=["'](?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)""")


def relink(markdown: str, src_uri: str, moved: dict[str, str], shared: tuple[str, ...], base: str) -> str:
    """A page's links, for where it is written (`moved`) and for its language's site.

    Markdown links lead from the page's file: when the file moves, they are written from its new
    place, to the new place of the page they lead to. HTML links lead from the page's address,
    which does not change. In another language's site (one folder down), a link to a file only
    the root site holds (evidence, repository.json, the schemas; `shared`) becomes a path from
    the host's root ('/site/data/…'): a relative link out of docs_dir would be refused by
    `--strict`, a path from the root is not checked (MkDocs' `validation.links.absolute_links`,
    `info` by default). The plugin does that to the HTML (languages.lift); here there is no HTML
    yet. Code is left as written."""
    folder = posixpath.dirname(src_uri)
    address = page_url(src_uri).rstrip("/")
    new_folder = posixpath.dirname(moved.get(src_uri, src_uri))

    def fix(match):
        url, pre = match["url"], match["md"] or match["html"]
        if re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|/|#)", url):
            return match[0]
        path, sep, rest = re.match(r"([^#?]*)([#?]?)(.*)", url).groups()
        target = posixpath.normpath(posixpath.join(address if match["html"] else folder, path))
        if shared and target.startswith(shared):
            return pre + base + target + sep + rest
        if match["html"] or (new_folder == folder and target not in moved):
            return match[0]  # still right
        target = moved.get(target, target)
        written = posixpath.relpath(target, new_folder or ".") + ("/" if path.endswith("/") else "")
        return pre + written + sep + rest

    out, fenced = [], None
    for line in markdown.splitlines(keepends=True):
        fence = _FENCE.match(line)
        if fenced:
            if fence and fence.group(1)[0] == fenced[0] and len(fence.group(1)) >= len(fenced):
                fenced = None
            out.append(line)
        elif fence:
            fenced = fence.group(1)
            out.append(line)
        else:
            pieces, at = [], 0
            for span in _CODE_SPAN.finditer(line):
                pieces += [_LINKS.sub(fix, line[at:span.start()]), span.group(0)]
                at = span.end()
            out.append("".join(pieces) + _LINKS.sub(fix, line[at:]))
    return "".join(out)


# --- settings ----------------------------------------------------------------------------------

def settings_file(path: Path):
    """The repository's mkdocs.yml as written (comments and !ENV kept), with INHERIT merged in."""
    from ruamel.yaml import YAML

    data = YAML().load(path.read_text(encoding="utf-8-sig")) or {}
    parent = data.pop("INHERIT", None)
    if parent:
        return merged(settings_file((path.parent / parent).resolve()), data)
    return data


def merged(parent, child):
    """MkDocs' INHERIT: mappings merged key by key, the child's values win."""
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(parent.get(key), dict):
            parent[key] = merged(parent[key], value)
        else:
            parent[key] = value
    return parent


def site_settings(raw, config, options: build.Options, result: build.Result, lang: str, nav, hidden: set[str],
                  untranslated: bool) -> str:
    """One language's mkdocs.yml: the repository's settings, without the plugin, with what the
    plugin sets during a build written out."""
    import copy

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import LiteralScalarString

    repo = result.repo
    first = lang == repo.languages[0]
    data = copy.deepcopy(raw)
    put(data, "docs_dir", f"{DOCS}/{lang}", after="site_url")
    put(data, "site_dir", SITE if first else f"{SITE}/{lang}", after="docs_dir")
    site_url = build.language_url(options.site_url, lang, repo.languages)
    if site_url and not first:  # the first's stays as written (it may be !ENV)
        data["site_url"] = site_url
    data["plugins"] = without_ogrepo(data.get("plugins"))
    if data["plugins"] is None:
        del data["plugins"]
    theme = data.get("theme")
    theme = CommentedMap(name=theme) if isinstance(theme, str) else theme if theme is not None else CommentedMap()
    put(theme, "language", languages.material_language(lang, config.theme.dirs), after="name")
    put(theme, "custom_dir", OVERRIDES, after="language")
    data["theme"] = theme
    from .mkdocs_plugin import ASSETS

    data["extra_css"] = [a for a in ASSETS if a.endswith(".css")] + list(data.get("extra_css") or [])
    data["extra_javascript"] = [a for a in ASSETS if a.endswith(".js")] + list(data.get("extra_javascript") or [])
    extensions = list(data.get("markdown_extensions") or [])
    for name in ("attr_list", "toc") + (("md_in_html",) if untranslated else ()):
        if name not in [e if isinstance(e, str) else next(iter(e)) for e in extensions]:
            extensions.append(name)
    data["markdown_extensions"] = extensions
    data["nav"] = nav
    if hidden:  # in the plugin's build these pages are left out of the navigation knowingly
        listed = (data.get("not_in_nav") or "").rstrip("\n")
        # the pages of evidence items (thousands) as one pattern
        patterns = ["/" + p for p in sorted(hidden) if not urls.is_evidence_page(p)]
        patterns += ["/" + urls.EVIDENCE_PAGES] if any(urls.is_evidence_page(p) for p in hidden) else []
        data["not_in_nav"] = LiteralScalarString("\n".join(filter(None, [listed] + patterns)) + "\n")
    extra = data.get("extra") or {}
    if len(repo.languages) > 1:
        extra["alternate"] = languages.alternates(repo.languages, options.site_url)
    extra["ogrepo"] = theme_data(config, options, result, lang)
    data["extra"] = extra
    for key in ("hooks", "watch"):  # paths beside the repository's mkdocs.yml: not in this tree
        data.pop(key, None)
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    out = io.StringIO()
    out.write(f"# Written by `ogrepo generate` from {Path(config.config_file_path).name}: the {lang} site"
              f"{'' if first else ' (built after the ' + repo.languages[0] + ' one, into its ' + lang + '/ folder)'}.\n")
    yaml.dump(data, out)
    return out.getvalue()


def put(mapping, key: str, value, after: str) -> None:
    """A setting set in place, or new after another one (the file stays readable)."""
    if key in mapping or not hasattr(mapping, "insert"):
        mapping[key] = value
        return
    keys = list(mapping)
    mapping.insert(keys.index(after) + 1 if after in keys else len(keys), key, value)


def without_ogrepo(plugins):
    """The plugins setting (a list or a mapping) without ours."""
    if plugins is None:
        return None
    ours = lambda name: str(name).split("/")[-1] == "ogrepo"  # noqa: E731
    if isinstance(plugins, dict):
        for name in [n for n in plugins if ours(n)]:
            del plugins[name]
        return plugins
    return [p for p in plugins if not ours(p if isinstance(p, str) else next(iter(p), ""))]


def theme_data(config, options: build.Options, result: build.Result, lang: str) -> dict:
    """What the plugin hands the theme (on_env), as data: the overrides' copy reads it from
    extra.ogrepo. The two functions it hands over are written in the templates instead, from
    `first` and `sites`."""
    repo = result.repo
    renderer = Pages(repo, Settings(), result.now, lang)
    return {
        "last_updated": repo.last_updated.isoformat() if repo.last_updated else None,
        "last_updated_text": str(renderer.stamp(repo.last_updated)),
        "last_updated_label": renderer.gettext("Repository last updated"),
        "feeds": dict(urls.SITE_FEEDS),
        "site_name": config.site_name,
        "language": lang,
        "first": repo.languages[0],
        "sites": {code: (build.language_url(options.site_url, code, repo.languages) or "").rstrip("/")
                  for code in repo.languages},
    }


def navigation(config, pages: list[str], hidden: set[str], plugin: SimpleNamespace, moved: dict[str, str]) -> list:
    """The navigation the plugin's build shows, written out: MkDocs' own from the files (or the
    site's `nav:`), ordered and named by the plugin's on_nav (plans newest first, "Action plan …")."""
    from mkdocs.structure.files import File, Files, InclusionLevel
    from mkdocs.structure.nav import get_navigation

    files = Files([File(src, "", "", True, inclusion=InclusionLevel.NOT_IN_NAV if src in hidden
                        else InclusionLevel.UNDEFINED) for src in pages])
    nav = plugin_method("on_nav", plugin)(get_navigation(files, config), config, files)
    return [nav_entry(item, moved) for item in nav.items]


def nav_entry(item, moved: dict[str, str]):
    if item.is_section:
        return {item.title: [nav_entry(child, moved) for child in item.children]}
    if item.is_link:
        return {item.title: item.url}
    src = moved.get(item.file.src_uri, item.file.src_uri)
    return {item.title: src} if item.title else src


# --- theme -------------------------------------------------------------------------------------

# Without the plugin, `ogrepo` (the theme's global) comes from extra.ogrepo, and its two functions
# are macros: a page's address in another language, and absolute addresses for the sitemap.
THEME_PRELUDE = """\
{#- ogrepo generate: without the plugin, what it hands the theme is extra.ogrepo of mkdocs.yml -#}
{%- macro ogrepo_same_page(page_url, base_url, target) -%}
{%- set o = config.extra.ogrepo -%}
{%- set path = ("" if base_url in ["", "."] else base_url ~ "/") ~ ("" if o.language == o.first else "../")
    ~ ("" if target == o.first else target ~ "/") ~ page_url -%}
{{- path or "./" -}}
{%- endmacro -%}
{%- macro ogrepo_absolute_in(page_url, target) -%}
{%- set site = config.extra.ogrepo.sites[target] -%}
{{- site ~ "/" ~ page_url if site else page_url -}}
{%- endmacro -%}
{%- set ogrepo = dict(config.extra.ogrepo, same_page=ogrepo_same_page, absolute_in=ogrepo_absolute_in)
    if config.extra.ogrepo else none -%}
"""


# Our search partial is Material's dialog with a name for screen readers. Zensical's search is a
# button that opens a dialog of its own (already named): under Zensical, its markup stays.
ZENSICAL_SEARCH = """\
{%- if generator is defined and "zensical" in generator -%}
<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t('search') }}">
  <button type="button" class="md-search__button">
    {{ lang.t('search') }}
  </button>
</div>
{%- else -%}
"""


def overrides(config) -> dict[str, bytes | Path]:
    """Our theme overrides, reading extra.ogrepo, with the site's own custom_dir over them (it wins,
    as in the plugin's build)."""
    files: dict[str, bytes | Path] = {}
    theme = PACKAGE / "theme"
    for path in sorted(theme.rglob("*")):
        if path.is_file():
            rel = path.relative_to(theme).as_posix()
            text = path.read_text(encoding="utf-8")
            if rel == "sitemap.xml":
                text = sitemap_for_every_builder(text)
            if rel == "partials/search.html":
                text = ZENSICAL_SEARCH + text + "{% endif %}\n"
            files[f"{OVERRIDES}/{rel}"] = (THEME_PRELUDE + text).encode() if path.suffix in (".html", ".xml") \
                else path
    custom = config.theme.custom_dir
    if custom:
        for path in sorted(Path(custom).rglob("*")):
            if path.is_file():
                files[f"{OVERRIDES}/{path.relative_to(custom).as_posix()}"] = path
    return files


def sitemap_for_every_builder(text: str) -> str:
    """MkDocs hands the sitemap its files (each with its page), Zensical its pages: each page is
    taken as MkDocs gives it."""
    loop = "{%- for file in pages -%}"
    if loop not in text:
        raise ValueError("theme/sitemap.xml changed: update generate.sitemap_for_every_builder")
    return text.replace(loop, loop + '{%- set file = file if file.page is defined else {"page": file} -%}', 1)


def readme(langs: list[str], site_url: str | None) -> str:
    first, others = langs[0], langs[1:]
    lines = [
        "# The site as plain files",
        "",
        "Written by `ogrepo generate`: every page, data file, feed and asset of the site, and a",
        "`mkdocs.yml` per language, so that it builds without the ogrepo plugin. Build the first",
        "language first (its build empties `site/`, which holds the others):",
        "",
        "```sh",
    ]
    for tool in ("mkdocs", "properdocs", "zensical"):
        lines.append(" && ".join(f"{tool} build --strict -f {settings_name(lang, langs)}" for lang in langs))
    lines += [
        "```",
        "",
        "(one of the three lines). The site is then in `site/`: "
        + f"{first} at its root" + "".join(f", {lang} in `site/{lang}/`" for lang in others)
        + (f", to be published at {site_url}" if site_url else "") + ".",
        "",
        "Do not edit these files: they are made from the repository's content. Generate them again",
        "(`ogrepo generate --replace DIR`) to publish a change.",
        "",
    ]
    return "\n".join(lines)
