"""The evidence browser and each evidence item's own page, in one language: a part of
pages.Pages (its rows are pages.Pages.evidence_table).

The browser: a plan's evidence and every plan's, newest first, with filters (plan, commitment,
milestone, kind, language, year) and the order, which evidence.js runs in the page. Without
JavaScript the form stays hidden and the whole list reads as it is: every item, newest first.

An item's page: what it is, what it documents, its file (checksum, preview of an image) or web
address, when it was added, and how to cite it, with Dublin Core and Highwire meta tags for
reference managers (the theme prints them from the front matter's `ogrepo_citation`). These pages
are out of the navigation and of the search index: their titles are found on the lists.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from . import citation, evidence_list, urls
from .evidence_list import NONE
from .model import Commitment, Evidence, Item, Plan
from .text import pick

TABLE_ID = "ogr-evidence-list"


class EvidencePages:
    # --- the browser -----------------------------------------------------------------------

    def evidence_browser(self, items: list[tuple[Item, Evidence]], within: str, rel) -> Markup:
        """The filters and the table of a plan's evidence (`within` "plan") or every plan's ("site")."""
        entries = evidence_list.newest_first(items)
        rows = [evidence_list.values(item, e) for item, e in entries]
        return self.evidence_filters(entries, rows, within) + self.evidence_table(
            entries, True, rel, within=within, table_id=TABLE_ID, values=rows)

    def evidence_filters(self, entries, rows: list[dict], within: str) -> Markup:
        """The form evidence.js runs: a select per filter that has two values or more to choose
        from, the order, a reset and a live count. Hidden until the script shows it."""
        gettext, ngettext = self.gettext, self.translations.ngettext  # noqa: names the extractor finds
        fields = []
        if within == "site":
            fields.append(self._select("plan", gettext("Action plan"), gettext("All plans"),
                                       [(v, gettext("Action plan %(id)s", id=v), None)
                                        for v in evidence_list.present(rows, "plan")]))
        fields.append(self._select("item", gettext("Commitment"), gettext("All commitments and the process"),
                                   self._item_options(entries, within)))
        fields.append(self._milestone_select(entries, rows, within))
        kinds = self.settings.vocabularies.evidence_kinds
        found = set(evidence_list.present(rows, "kind"))
        fields.append(self._select("kind", gettext("Kind"), gettext("All kinds"),
                                   [(k, self.label(kinds, k), None) for k in kinds if k in found]
                                   + [(k, k, None) for k in found if k not in kinds and k != NONE]
                                   + ([(NONE, gettext("not described"), None)] if NONE in found else [])))
        codes = set(evidence_list.present(rows, "language")) - {NONE}
        fields.append(self._select("language", gettext("Language"), gettext("All languages"),
                                   sorted(((c, self.language_names([c]), None) for c in codes), key=lambda o: o[1])
                                   + ([(NONE, gettext("not stated"), None)]
                                      if NONE in evidence_list.present(rows, "language") else [])))
        years = evidence_list.present(rows, "year")
        fields.append(self._select("year", gettext("Year"), gettext("All years"),
                                   [(y, y, None) for y in sorted(set(years) - {NONE}, reverse=True)]
                                   + ([(NONE, gettext("no date"), None)] if NONE in years else [])))
        fields.append(Markup('<label><span>{}</span> <select name="order"><option value="newest" selected>{}</option>'
                             '<option value="oldest">{}</option></select></label>').format(
            gettext("Order"), gettext("Newest first"), gettext("Oldest first")))
        total = len(rows)
        count = ngettext("%(shown)s of %(total)s item shown", "%(shown)s of %(total)s items shown", total)
        template = count % {"shown": "{shown}", "total": self.number(total)}
        return Markup(
            '<form class="ogr-filters" data-ogr-filters="{}" aria-label="{}" hidden data-search-exclude>\n'
            '<div class="ogr-filters__fields">{}</div>\n'
            '<p class="ogr-filters__status"><span class="ogr-filters__count" role="status" data-ogr-count '
            'data-template="{}">{}</span> <button type="reset" class="md-button">{}</button></p>\n'
            '</form>\n').format(
            TABLE_ID, gettext("Filter the evidence"), Markup(" ").join(f for f in fields if f), template,
            template.replace("{shown}", self.number(total)), gettext("Show all"))

    def _select(self, name: str, label: str, everything: str, options: list[tuple]) -> Markup:
        """A filter: 'all' first, then (value, label, group) options, grouped in <optgroup> by
        group: (its label, the value of the plan or commitment it belongs to); nothing when there
        is nothing to choose."""
        if len(options) < 2:
            return Markup("")
        out, group = [], None
        for value, text, in_group in options:
            if in_group != group:
                if group is not None:
                    out.append(Markup("</optgroup>"))
                if in_group is not None:
                    out.append(Markup('<optgroup label="{}" data-parent="{}">').format(*in_group))
                group = in_group
            out.append(Markup('<option value="{}">{}</option>').format(value, text))
        if group is not None:
            out.append(Markup("</optgroup>"))
        return Markup('<label><span>{}</span> <select name="{}"><option value="" selected>{}</option>{}</select>'
                      '</label>').format(label, name, everything, Markup("").join(out))

    def _item_options(self, entries, within: str) -> list[tuple]:
        seen: dict[str, tuple] = {}
        for item, _ in entries:
            value = evidence_list.item_value(item)
            if value not in seen:
                seen[value] = (value, self.item_name(item), self._plan_group(item) if within == "site" else None)
        # in the plans' order (newest first), the process before the commitments
        order = {evidence_list.item_value(i): n for n, i in enumerate(self.repo.items())}
        return sorted(seen.values(), key=lambda o: order.get(o[0], 0))

    def _plan_group(self, item: Item) -> tuple[str, str]:
        return (self.gettext("Action plan %(id)s", id=item.plan_id), item.plan_id)

    def _milestone_select(self, entries, rows: list[dict], within: str) -> Markup:
        """Milestones grouped by their commitment, in the plans' order (evidence.js offers only
        the chosen commitment's)."""
        order = {evidence_list.item_value(i): n for n, i in enumerate(self.repo.items())}
        options: dict[str, tuple] = {}
        for (item, e), row in zip(entries, rows):
            value = row["milestone"]
            if value == NONE or value in options:
                continue
            step = evidence_list.step(item, e)
            label = f"{step.label}: {pick(step.title, self.languages)}" if step and step.title else value.rsplit("/", 1)[-1]
            group = self.item_name(item) if within != "site" else f"{item.plan_id} · {self.item_name(item)}"
            steps = item.steps if isinstance(item, Commitment) else []
            place = next((n for n, s in enumerate(steps) if s is step), len(steps))
            parent = evidence_list.item_value(item)
            options[value] = (value, label, (group, parent), (order.get(parent, 0), place))
        listed = [o[:3] for o in sorted(options.values(), key=lambda o: o[3])]
        if listed and any(row["milestone"] == NONE for row in rows):
            listed.append((NONE, self.gettext("no milestone"), None))
        return self._select("milestone", self.gettext("Milestone"), self.gettext("All milestones"), listed)

    def item_name(self, item: Item) -> str:
        """A commitment's title, or 'Co-creation process', as plain text."""
        if isinstance(item, Commitment):
            return pick(item.title, self.languages)
        return self.gettext("Co-creation process")

    # --- an item's own page ----------------------------------------------------------------

    def evidence_item_page(self, plan: Plan, item: Item, e: Evidence, page: str) -> str:
        href = urls.evidence(e)
        cite = self.citation(item, e, page)
        return self.render("evidence_item.md.j2", page, plan=plan, item=item, e=e,
                           commitment=item if isinstance(item, Commitment) else None,
                           step=evidence_list.step(item, e), href=href if "://" in href else self.up + href,
                           preview=evidence_list.is_image(e), meta=citation.meta_tags(cite),
                           cite=citation.cite_text(cite, self.day_text(e.date) if e.date.value else self.gettext("n.d."),
                                                   self.settings.site_name),
                           page_url=cite.page_url, row=urls.evidence_anchor(item, e, "plan"))

    def citation(self, item: Item, e: Evidence, page: str) -> citation.Citation:
        """The item as a citation in this language: it comes from its source when the metadata
        names one, else from the commitment's lead agencies, else from the member's."""
        member = self.repo.member
        if e.data.get("source"):
            creators = [pick(e.data["source"], self.languages)]
        elif isinstance(item, Commitment) and item.leads:
            creators = [pick(o.get("organisation"), self.languages) for o in item.leads if o.get("organisation")]
        else:
            creators = [pick(member.get("lead_agency") or member.get("name"), self.languages)]
        site_url = self.settings.site_url
        own = page if self.language == self.repo.languages[0] else f"{self.language}/{page}"
        served = e.file.media_type if e.file and not e.file.inert else ("text/plain" if e.file else None)
        return citation.Citation(
            title=pick(e.title, self.languages), creators=[c for c in creators if c],
            publisher=pick(member.get("name"), self.languages), date=e.date, languages=e.languages,
            page_url=urls.absolute(own, site_url) if site_url else None,
            file_url=urls.absolute(urls.evidence(e), site_url) if site_url and e.file else None,
            media_type=served, pdf=evidence_list.is_pdf(e) and not e.file.inert,
            description=pick(e.data.get("description"), self.languages) or None)
