"""The MkDocs adapter: translates MkDocs events into calls on the core (`build`).

- on_config: load, validate and date the repository (once for every language); stop with every
  problem listed; render the pages, feeds and trackers of this build's language.
- on_files: add the generated pages, the evidence files, the data files and the feeds.
- on_page_markdown: a "last updated" line on hand-written pages.
- on_page_content: hand-written pages hold nothing that runs (checked before anything is written).
- on_env: stop if a hand-written page would run code; what the theme overrides show.
- on_post_page: no page loads anything from another host.
- on_post_build: write each plan's evidence bag (bag.py; the first language's site only); build
  each other language of the member into <site_dir>/<language>/ (languages.py).
"""

from __future__ import annotations

import gc
import logging
import os
import posixpath
import re
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import markdown
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import bag, build, clock, export, history, htmlblocks, htmlcheck, languages, resources, urls
from .config import OgrepoConfig, SettingsError, options, site_problems
from .problems import ERROR, NOTICE, WARNING

log = get_plugin_logger(__name__)
LOG = {ERROR: log.error, WARNING: log.warning, NOTICE: log.info}


def _sections(items):
    for item in items:
        if item.is_section:
            yield item
            yield from _sections(item.children)


def _index_of(item) -> str | None:
    """The index page of a section (the folder's index.md), if any."""
    if not item.is_section:
        return None
    return next((c.file.src_uri for c in item.children if c.is_page and c.file.src_uri.endswith("index.md")), None)


def _after_plans(items: list, src_uri: str):
    """Move the top-level page `src_uri` (every plan's evidence) just after the section of plans."""
    page = next((i for i in items if i.is_page and i.file.src_uri == src_uri), None)
    if page is None:
        return
    place = items.index(page)
    items.remove(page)
    plans = next((n for n, i in enumerate(items) if i.is_section and any(
        re.fullmatch(r"plans/[^/]+/index\.md", _index_of(s) or "") for s in _sections([i]))), None)
    items.insert(place if plans is None else plans + 1, page)


PACKAGE = resources.PACKAGE
EMPTY_SITEMAP = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>\n'
ASSETS = ["assets/ogrepo.css", "assets/ogrepo.js", "assets/evidence.js"]
# A plan with more commitments than this lists them on its commitments page, not in the navigation
# (national plans have 5 to 30).
NAV_COMMITMENTS = 40


# The result of reading, validating and dating the content, handed by the first language's build to
# the builds of the other languages that it runs (and only to them): the content is read once.
_HANDOFF: dict = {}


class _Count(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def _translation(original: File, source: File, config) -> File:
    """The page `original` (about.md) written from its translation `source` (about.fr.md)."""
    file = File(original.src_uri, original.src_dir, config.site_dir, config.use_directory_urls)
    file.abs_src_path = source.abs_src_path
    return file


class SharedFile(File):
    """In another language's site: a file only the root site holds (evidence, repository.json), known
    so that links to it are checked, and not written again (languages.lift points links up)."""

    def copy_file(self, dirty: bool = False) -> None:
        pass

    def is_documentation_page(self) -> bool:
        return False

    def is_static_page(self) -> bool:
        return False


class EvidenceFile(File):
    """An evidence file is published as the file, whatever its name: a `.md` is not a page."""

    def is_documentation_page(self) -> bool:
        return False

    def is_static_page(self) -> bool:
        return False


class GeneratedPage(File):
    """A generated page, rendered when MkDocs reads it (then held by MkDocs as any page is)."""

    render: Callable[[], str] | None = None

    @classmethod
    def of(cls, config, src_uri: str, render: Callable[[], str], inclusion: InclusionLevel) -> GeneratedPage:
        file = cls.generated(config, src_uri, content="", inclusion=inclusion)
        file._content, file.render = None, render
        return file

    @property
    def content_string(self) -> str:
        if self._content is None:
            self._content, self.render = self.render(), None
        return self._content

    @content_string.setter
    def content_string(self, value: str):
        self._content = value

    @property
    def content_bytes(self) -> bytes:
        return self.content_string.encode()

    @content_bytes.setter
    def content_bytes(self, value: bytes):
        self._content = value.decode()

    def is_modified(self) -> bool:
        return True


class OgrepoPlugin(BasePlugin[OgrepoConfig]):
    # before Material's search plugin, which takes its language from the theme's: ours sets it
    @event_priority(100)
    def on_config(self, config):
        missing = resources.missing()
        if missing:
            raise PluginError(f"ogrepo: {resources.incomplete_message(missing)}")
        try:
            self.options = options(config, self.config)
            self.now = clock.build_time()
        except (SettingsError, clock.ClockError) as exc:
            raise PluginError(f"ogrepo: {exc}") from None
        # the theme overrides are ours, but a site's own custom_dir still wins
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(PACKAGE / "theme"))
        for name in ("attr_list", "toc"):
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        config.extra_css[:0] = [a for a in ASSETS if a.endswith(".css")]
        config.extra_javascript[:0] = [a for a in ASSETS if a.endswith(".js")]
        self.language = config.extra.get("ogrepo_language")  # set for the other languages' builds
        self.first = self.language is None
        self.own_host = urlsplit(config.site_url or "").hostname
        self.page_problems: list = []
        self.third_party: set[str] = set()
        if self.first:
            self.result = self.check(config)
            self.root_url = self.options.site_url
        else:
            self.result, self.root_url = _HANDOFF["result"], _HANDOFF["root_url"]
            self.options.site_url = self.root_url  # shared files are at the root site
        repo = self.result.repo
        self.languages = repo.languages
        self.language = self.language or self.languages[0]
        if self.first:
            config.theme["language"] = languages.material_language(self.language, config.theme.dirs)
        if len(self.languages) > 1:
            config.extra["alternate"] = languages.alternates(self.languages, self.root_url)
        self.renderer = build.renderer(self.result, self.options, self.language)
        self.outputs = self.spill(build.outputs(self.result, self.options, self.language, self.renderer))
        # under --strict, stop before writing anything if MkDocs warned while reading the pages
        # (a link that leads nowhere): without this the whole site is written, then refused
        self.warned = _Count()
        logging.getLogger("mkdocs").addHandler(self.warned)
        return config

    def spill(self, outputs: dict[str, str | bytes]) -> dict[str, str]:
        """The feeds and data files written to a folder of their own, for MkDocs to copy: held in
        memory they were a third of the build's peak (repository.json alone is tens of MB)."""
        self.spilled = tempfile.TemporaryDirectory(prefix="ogrepo-")
        paths = {}
        for path, data in outputs.items():
            target = os.path.join(self.spilled.name, *path.split("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as out:
                out.write(data.encode() if isinstance(data, str) else data)
            paths[path] = target
        return paths

    def check(self, config):
        """Read, validate and date the content; stop with every problem (the first build only)."""
        try:
            result = build.check(self.options, self.now)
        except history.HistoryError as exc:
            raise PluginError(f"ogrepo: {exc}") from None
        result.problems += site_problems(config)
        self.stop_on(result.problems, config, "in the repository's content")
        return result

    def on_startup(self, command, dirty):
        # `mkdocs build` builds the other languages once its own build is over and its pages are
        # freed (on_shutdown): the builds then take no more memory than one language's. `mkdocs
        # serve` and gh-deploy need them at the end of each build (on_post_build).
        self.command = command

    def on_post_build(self, config):
        logging.getLogger("mkdocs").removeHandler(self.warned)
        self.spilled.cleanup()  # copied into the site
        self.built = config
        if self.first:
            self.write_bags(config)
        if getattr(self, "command", None) != "build":
            self.build_other_languages()

    def write_bags(self, config):
        """Each plan's evidence as a BagIt ZIP, straight from the repository into the site (bag.py):
        written once, in the first language's site; the others link up to it."""
        for found in self.renderer.settings.evidence_bags.values():
            if not found.publishable:
                log.info(f"{found.path} is not written: {found.bytes / 2**20:.0f} MB, over the host's limit of "
                         f"{found.limit / 2**20:.0f} MB per file (max_file_mb); its plan's evidence page says so")
                continue
            try:
                bag.write(found, self.options.root, Path(config.site_dir) / found.path)
            except bag.BagError as exc:
                raise PluginError(f"ogrepo: {exc}") from None

    def on_shutdown(self):
        if getattr(self, "command", None) == "build" and getattr(self, "built", None) is not None:
            self.build_other_languages()

    def build_other_languages(self):
        config = self.built
        if not self.first or len(self.languages) < 2:
            return
        self.renderer = None  # the first language's pages are written: let them go
        gc.collect()
        _HANDOFF.update(result=self.result, root_url=self.root_url)
        try:
            languages.build_others(config, self.languages, self.root_url)
        finally:
            _HANDOFF.clear()

    def on_build_error(self, error):
        logging.getLogger("mkdocs").removeHandler(getattr(self, "warned", None) or logging.NullHandler())
        if getattr(self, "spilled", None):
            self.spilled.cleanup()
        self.built = None

    def stop_on(self, problems: list, config, where: str):
        """Log every problem; stop before anything is written if one is an error, or a warning under
        --strict (MkDocs alone would write the whole site first and fail at the end)."""
        for problem in sorted(problems):
            LOG[problem.severity](str(problem))
        n_errors = sum(p.severity == ERROR for p in problems)
        n_warnings = sum(p.severity == WARNING for p in problems)
        if n_errors or (config.strict and n_warnings):
            counted = f"{n_errors} error(s)" if n_errors else f"{n_warnings} warning(s) with --strict"
            raise PluginError(f"ogrepo: {counted} {where}; nothing was built. Fix them and build again "
                              "(`ogrepo check` lists them without building).")

    def on_serve(self, server, config, builder):
        """`mkdocs serve` watches docs_dir; evidence lives beside it and must rebuild the site too."""
        server.watch(str(self.options.root / self.options.evidence))
        return server

    def on_files(self, files: Files, config) -> Files:
        content = self.options.content + "/"
        ignored = {p[len(content):] for p in self.result.ignored if p.startswith(content)}
        translated: dict[str, File] = {}  # page -> its translation into this build's language
        for file in list(files):
            # the YAML sources are published as data/repository.json, not as loose files; files git
            # ignores are not published (the loader names them)
            if file.src_uri == "member.yml" or (file.src_uri.startswith("plans/") and file.src_uri.endswith(".yml")) \
                    or file.src_uri in ignored:
                files.remove(file)
                continue
            found = languages.variant(file.src_uri, self.languages)
            if found:  # about.fr.md: the French about.md, not a page of its own
                files.remove(file)
                if found[1] == self.language and found[1] != self.languages[0]:
                    translated[found[0]] = file
        self.untranslated: set[str] = set()
        for file in list(files):
            if file.is_documentation_page() and not self.first:
                if file.src_uri in translated:
                    files.remove(file)
                    files.append(_translation(file, translated[file.src_uri], config))
                else:
                    self.untranslated.add(file.src_uri)
        # every generated name is checked against what is there: nothing is silently replaced
        taken = {file.src_uri for file in files}
        hidden = self.out_of_nav()
        self.blocks: dict[str, htmlblocks.Blocks] = {}
        self.block_level = htmlblocks.block_level(markdown.Markdown(
            extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {}))
        generated = [GeneratedPage.of(config, src_uri, partial(self.set_aside, src_uri, render),
                                      InclusionLevel.NOT_IN_NAV if src_uri in hidden else InclusionLevel.UNDEFINED)
                     for src_uri, render in self.renderer.sources().items()]
        # evidence and repository.json are published once, at the root: the other languages' sites
        # only know of them, for their links
        kind = EvidenceFile if self.first else SharedFile
        for item in self.result.repo.items():
            for e in item.evidence:
                if e.file:
                    path = os.path.realpath(self.options.root / e.file.source_path)
                    generated.append(kind.generated(config, e.file.published_path, abs_src_path=path))
        generated += [File.generated(config, path, abs_src_path=target) for path, target in self.outputs.items()]
        if not self.first:
            generated += [SharedFile.generated(config, path, content=b"") for path in self.shared_data()]
        # known to MkDocs (links to them are checked), written by write_bags
        generated += [SharedFile.generated(config, b.path, content=b"")
                      for b in self.renderer.settings.evidence_bags.values() if b.publishable]
        generated += [File.generated(config, asset, abs_src_path=str(PACKAGE / asset)) for asset in ASSETS]
        generated += [File.generated(config, path, content=EMPTY_SITEMAP) for path in self.feed_sitemaps()]
        for file in generated:
            if file.src_uri in taken:
                raise PluginError(f"ogrepo: {self.options.content}/{file.src_uri} would be overwritten by a generated "
                                  f"file of the same name; rename or move it")
            taken.add(file.src_uri)
            files.append(file)
        return files

    def set_aside(self, src_uri: str, render: Callable[[], str]) -> str:
        """A generated page for MkDocs, its HTML blocks set aside until Markdown has read the rest
        (htmlblocks.py: the same page, in a fraction of the time)."""
        text = render()
        if self.block_level is None:
            return text
        text, blocks = htmlblocks.split(text, self.block_level)
        if blocks:
            self.blocks[src_uri] = blocks
        return text

    def shared_data(self) -> list[str]:
        """The data files only the root site holds: they carry every language."""
        return [path for path in export.data_paths() if not path.endswith(".csv")]

    def shared(self) -> tuple[str, ...]:
        return tuple(self.shared_data()) + (self.options.evidence + "/",)

    def out_of_nav(self) -> set[str]:
        """The commitment pages of plans too long to list in the navigation: their plan's list of
        commitments leads to them. Material writes the whole navigation into every page: 500
        commitments there make every page of the site about 370 KB (a cost to readers on phones,
        and most of the build's time), and a menu of 500 entries helps nobody. Nor are the pages
        of evidence items in it: the lists of evidence lead to them."""
        repo = self.result.repo
        return {urls.source(urls.commitment(c)) for plan in repo.plans
                if len(plan.commitments) > NAV_COMMITMENTS for c in plan.commitments} | {
                urls.source(urls.evidence_page(item, e)) for item in repo.items() for e in item.evidence}

    def feed_sitemaps(self) -> list[str]:
        """Material's script takes every <link rel="alternate"> in a page's head for a language
        version and fetches sitemap.xml beside it: beside a feed that was a 404 (a console error)
        on every page. An empty sitemap there says "no pages here" instead. (Material and
        Zensical share this: zensical/zensical#908.)"""
        repo = self.result.repo
        pages = [urls.plan(p) for p in repo.plans] + [urls.commitment(c) for p in repo.plans for c in p.commitments]
        feeds = [urls.SITE_FEEDS] + [urls.feeds(page) for page in pages]
        folders = {posixpath.dirname(paths["atom"]) for paths in feeds}
        return sorted(posixpath.join(folder, "sitemap.xml") for folder in folders if folder)

    def on_nav(self, nav, config, files):
        """Plans newest first and named as plans; in a plan: co-creation, commitments (in the
        plan's order), evidence. Other sections keep MkDocs' order."""
        order: dict[str, int] = {}
        for i, plan in enumerate(self.result.repo.plans):
            order[urls.source(urls.plan(plan))] = i
            order[urls.source(urls.process(plan.id))] = 1
            order[urls.source(urls.commitments(plan))] = 2
            order[urls.source(urls.evidence_index(plan))] = 3
            order[urls.source(urls.compliance(plan))] = 4
            order[urls.source(urls.self_assessment(plan))] = 5
            for n, c in enumerate(plan.commitments):
                order[urls.source(urls.commitment(c))] = n
        plan_title = self.renderer.gettext("Action plan %(id)s")

        def key(item) -> int:
            if item.is_page and item.file.src_uri.endswith("index.md"):
                return -1
            return order.get(_index_of(item) if item.is_section else item.file.src_uri, 0)

        for section in _sections(nav.items):
            index = _index_of(section)
            if index is not None and re.fullmatch(r"plans/[^/]+/index\.md", index):
                section.title = plan_title.replace("%(id)s", index.split("/")[1])
            section.children.sort(key=key)
        _after_plans(nav.items, urls.source(urls.all_evidence()))
        return nav

    @event_priority(100)  # before other plugins: they see the page whole
    def on_page_content(self, html, page, config, files):
        """A generated page gets its HTML blocks back. Hand-written pages may hold raw HTML: nothing
        in them may run on the site's origin. A page not translated into this build's language
        says so, and is marked with its own."""
        blocks = getattr(self, "blocks", {}).pop(page.file.src_uri, None)
        if blocks:
            try:
                html = htmlblocks.restore(html, blocks)
            except htmlblocks.Missing as exc:
                raise PluginError(f"ogrepo: {page.file.src_uri}: {exc}") from None
            page.present_anchor_ids = (page.present_anchor_ids or set()) | blocks.ids
        if page.file.src_uri in getattr(self, "untranslated", ()):
            html = self.renderer.untranslated(html)
        if not self.first:
            html = languages.lift(html, page.url, self.shared())
        if not page.file.generated_by:
            source = f"{self.options.content}/{page.file.src_uri}"
            written = page.file.content_string  # as written, front matter included: lines match the file
            found = htmlcheck.page_problems(source, written, html, self.own_host)
            self.page_problems += found
            self.third_party |= {p.message for p in found}
        return html

    def on_post_page(self, output, page, config):
        """Every page as written, theme included: nothing loaded from another host. (What the
        content and the settings load is found before anything is written; this catches what a
        theme override adds.)"""
        source = page.file.src_uri if page.file.generated_by else f"{self.options.content}/{page.file.src_uri}"
        for _, url in htmlcheck.third_party(output, self.own_host):
            if url not in self.third_party and not any(url in m for m in self.third_party):
                self.third_party.add(url)
                log.warning(f"{source}: loads {url} from another host: every reader's browser would ask it "
                            "(the site makes no third-party request); hint: keep a copy in the repository")
        return output

    def on_page_markdown(self, markdown, page, config, files):
        if page.file.generated_by:
            return markdown
        path = os.path.relpath(page.file.abs_src_path, self.options.root).replace(os.sep, "/")
        change = self.result.history.last_change(path) if self.result.history else None
        footer = self.renderer.page_footer(
            page.url, change.when if change else None, change.commit if change else None)
        return markdown + "\n" + footer

    def on_env(self, env, config, files):
        # every page's content is ready and none is written yet: stop here if one would run code
        self.stop_on(self.page_problems, config, "in hand-written pages")
        if config.strict and self.warned.count:
            raise PluginError(f"ogrepo: {self.warned.count} warning(s) with --strict (listed above); nothing was built.")
        repo = self.result.repo
        env.globals["ogrepo"] = {
            "last_updated": repo.last_updated.isoformat() if repo.last_updated else None,
            "last_updated_text": self.renderer.stamp(repo.last_updated),
            "last_updated_label": self.renderer.gettext("Repository last updated"),
            "feeds": urls.SITE_FEEDS,
            "site_name": config.site_name,
            "language": self.language,
            "same_page": lambda page_url, base_url, target: languages.same_page(
                page_url, base_url, self.language, target, self.languages),
            "absolute_in": lambda page_url, target: urls.absolute(
                page_url, build.language_url(self.root_url, target, self.languages)),
        }
        return env
