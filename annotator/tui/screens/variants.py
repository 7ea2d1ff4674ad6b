"""Variants review, for linguists: every entity with its spellings, counts, documents and
Cyrillic forms; a concordance of the selected spelling; merge, split, rename, reject a pair,
Cyrillic forms and pre-annotation."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Input, Static

from annotator.tui import keymap
from annotator.tui.dialogs.entity_finder import EntityFinder
from annotator.tui.dialogs.prompt import TextPrompt
from annotator.tui.screens.base import FAILED
from annotator.tui.screens.two_tables import TwoTables
from annotator.variants.table import VariantRow

SORTS = ["count", "canonical", "type", "forms"]
NARROW = 100  # columns below which the spellings go under the entities, not beside them


CONTEXT_CHARS = 100  # characters of context read on each side; the panel shows what fits


class VariantsScreen(TwoTables):
    MAIN_TABLE, DETAIL_TABLE = "entities", "forms"
    BINDINGS = keymap.VARIANTS

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[VariantRow] = []
        self.listed: list[VariantRow] = []
        self.sort = "count"
        self.filter = ""
        self.concordance_asked = 0  # numbers the searches: only the newest is shown
        self.contexts: tuple[str, list] | None = None  # the shown form and its lines


    def compose(self) -> ComposeResult:
        yield Static("reading the corpus ...", id="variants-summary")
        yield Input(placeholder="/ filter by spelling, type or Cyrillic form", id="variants-filter",
                    compact=True)
        with Horizontal(id="variants-body"):
            yield DataTable(id="entities", cursor_type="row", zebra_stripes=True)
            with Vertical(id="variant-detail"):
                yield DataTable(id="forms", cursor_type="row")
                yield Static(id="concordance")
        yield Static(id="status")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        entities = self.query_one("#entities", DataTable)
        entities.add_columns("canonical", "type", "forms", "total", "docs", "ru", "kk")
        self.query_one("#forms", DataTable).add_columns("spelling", "count", "docs")
        self.reload()
        entities.focus()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "narrow")
        self.call_after_refresh(self.render_contexts)  # its lines fit the panel's width

    def refresh_view(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="variant-table")
    def reload(self) -> None:
        """Counting every spelling reads the whole corpus: done in a worker."""
        rows = self.in_own_project(lambda own: own.variant_table())
        if rows is not FAILED:
            self.app.call_from_thread(self._show_rows, rows)

    def _show_rows(self, rows: list[VariantRow]) -> None:
        self.rows = rows
        self.fill()

    def fill(self) -> None:
        needle = self.filter.lower()
        rows = [r for r in self.rows if not needle or needle in _searchable(r)]
        key = {"count": lambda r: -r.count, "canonical": lambda r: r.entity.canonical.lower(),
               "type": lambda r: (r.entity.label or "", -r.count),
               "forms": lambda r: -len(r.forms)}[self.sort]
        self.listed = sorted(rows, key=key)
        table = self.query_one("#entities", DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in self.listed:
            entity = row.entity
            table.add_row(Text(entity.canonical), Text(entity.label or ""), str(len(row.forms)),
                          str(row.count), str(len(row.documents)),
                          Text(", ".join(entity.cyrillic.get("ru", []))),
                          Text(", ".join(entity.cyrillic.get("kk", []))), key=str(entity.id))
        if self.listed:
            table.move_cursor(row=min(cursor, len(self.listed) - 1))
        self.query_one("#variants-summary", Static).update(Text.assemble(
            (f"{len(self.listed)}", "bold"), f" of {len(self.rows)} entities · sorted by "
            f"{self.sort} ", ("(o changes)", "dim")))
        self.show_forms()

    @on(DataTable.RowHighlighted, "#entities")
    def show_forms(self) -> None:
        forms = self.query_one("#forms", DataTable)
        forms.clear()
        row = self.current
        if row is not None:
            for use in row.forms:
                forms.add_row(Text(use.form), str(use.count), str(len(use.documents)))
        self.show_concordance()

    @on(DataTable.RowHighlighted, "#forms")
    def show_concordance(self) -> None:
        form = self.current_form
        panel = self.query_one("#concordance", Static)
        if form is None:
            panel.update("")
            return
        panel.update(Text.assemble((form, "bold"), (" in context ...", "dim")))
        self.concordance_asked += 1
        self.find_contexts(form, self.concordance_asked)

    @work(thread=True, exclusive=True, group="concordance")
    def find_contexts(self, form: str, asked: int) -> None:
        """The concordance reads the corpus: a worker, so moving between rows never waits
        for it (a newer row's search replaces this one). Contexts are read wider than any
        panel and cut to the panel's width when shown, so a resize needs no new search."""
        lines = self.in_own_project(
            lambda own: own.concordance(form, width=CONTEXT_CHARS, limit=50))
        if lines is not FAILED:
            self.app.call_from_thread(self._show_contexts, form, lines, asked)

    def _show_contexts(self, form: str, lines: list, asked: int) -> None:
        # A thread cannot be stopped: an older search may finish after the newest one;
        # only the newest shows.
        if asked != self.concordance_asked or form != self.current_form:
            return
        self.contexts = (form, lines)
        self.call_after_refresh(self.render_contexts)  # once the panel's size is settled

    def render_contexts(self) -> None:
        contexts = self.contexts
        if contexts is None or contexts[0] != self.current_form:
            return
        form, lines = contexts
        panel = self.query_one("#concordance", Static)
        width = min(max((panel.size.width - len(form)) // 2 - 1, 8), CONTEXT_CHARS)
        text = Text(no_wrap=True, overflow="crop")
        text.append(f"{form} in context\n", style="bold")
        for _, left, found, right in lines:
            text.append(f"{left[-width:]:>{width}}")
            text.append(found, style="bold reverse")
            text.append(f"{right[:max(panel.size.width - width - len(found) - 1, 0)]}\n")
        if not lines:
            text.append("no occurrence", style="dim")
        self.query_one("#concordance", Static).update(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.filter = event.value.strip()
        self.fill()

    def on_input_submitted(self) -> None:
        self.query_one("#entities", DataTable).focus()

    # -- actions ------------------------------------------------------------------------------

    def done(self, message: str) -> None:
        self.saved(message)
        self.ui.suggestions = None  # entities changed: suggestions are computed again
        self.ui.form_counts = None
        self.reload()

    def _entity_id(self) -> int | None:
        row = self.current
        return row.entity.id if row else None

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.fill()

    def action_rename(self) -> None:
        entity_id = self._entity_id()
        if entity_id is None:
            return
        canonical = self.current.entity.canonical if self.current else ""

        def renamed(value: str | None) -> None:
            if value and value.strip() and value != canonical:
                self._change(self.project.rename_entity, entity_id, value.strip(),
                             done=f"renamed {canonical!r} to {value.strip()!r}")

        self.app.push_screen(TextPrompt(f"New canonical form for {canonical}", canonical), renamed)

    def action_set_type(self) -> None:
        row = self.current
        labels = self.attempt(lambda: self.project.labels().names())
        if row is None or labels is FAILED:
            return
        entity = row.entity

        def answered(value: str | None) -> None:
            if value is None:
                return
            known = {name.casefold(): name for name in labels}
            label = known.get(value.strip().casefold()) if value.strip() else None
            if value.strip() and label is None:
                return self.problem(f"no label {value.strip()!r}: one of {', '.join(labels)}")
            self._change(self.project.set_entity_type, entity.id, label,
                         done=f"{entity.canonical!r} is {label or 'of no type'}")

        self.app.push_screen(TextPrompt(f"Type of {entity.canonical} ({', '.join(labels)}; "
                                        "empty: none)", entity.label or ""), answered)

    def action_merge(self) -> None:
        entity_id = self._entity_id()
        entities = self.attempt(self.project.entities)
        if entity_id is None or entities is FAILED:
            return
        target = next(e for e in entities if e.id == entity_id)
        others = [e for e in entities if e.id != entity_id]

        def merged(choice: int | str | None) -> None:
            if isinstance(choice, int):
                other = next(e.canonical for e in others if e.id == choice)
                self._change(self.project.merge_entities, entity_id, choice,
                             done=f"merged {other!r} into {target.canonical!r}")

        self.app.push_screen(EntityFinder(others, "", f"Merge which entity into "
                                          f"{target.canonical!r}?", allow_new=False), merged)

    def action_split(self) -> None:
        entity_id, form = self._entity_id(), self.current_form
        if entity_id is None or form is None:
            return
        self._change(self.project.split_entity, entity_id, [form],
                     done=f"split {form!r} into an entity of its own")

    def action_reject_pair(self) -> None:
        """The spelling is not a variant of this entity: split it off and never suggest it
        with the entity's other spellings again."""
        entity_id, form = self._entity_id(), self.current_form
        if entity_id is None or form is None:
            return
        canonical = self.current.entity.canonical if self.current else ""
        self._change(self.project.not_a_variant, entity_id, form,
                     done=f"{form!r} is not {canonical!r}: split off and rejected")

    def action_cyrillic(self) -> None:
        entity_id = self._entity_id()
        if entity_id is None:
            return
        entity = self.attempt(self.project.entity, entity_id)
        proposals = self.attempt(self.project.cyrillic_proposals, entity_id)
        if entity is FAILED or proposals is FAILED:
            return
        current = "; ".join(f"{lang}: {', '.join(forms)}"
                            for lang, forms in entity.cyrillic.items())
        if not current and proposals:
            best = {lang: next(p.form for p in proposals if p.lang == lang)
                    for lang in ("ru", "kk") if any(p.lang == lang for p in proposals)}
            current = "; ".join(f"{lang}: {form}" for lang, form in best.items())
        evidence = "".join(f"\n  {p.lang} {p.form}: {p.evidence}" for p in proposals[:5])

        def answered(value: str | None) -> None:
            if value is None:
                return
            for lang, forms in _parse_cyrillic(value).items():
                if self.attempt(self.project.set_cyrillic_forms, entity_id, lang,
                                forms) is FAILED:
                    return
            self.done(f"Cyrillic forms of {entity.canonical!r}")

        question = "Cyrillic forms, e.g. ru: Мажилис; kk: Мәжіліс"
        if evidence:
            question += "\nProposed (Enter confirms, or edit):" + evidence
        self.app.push_screen(TextPrompt(question, current or "ru: ; kk: "), answered)

    def action_suggestions(self) -> None:
        from annotator.tui.screens.suggestions import SuggestionsScreen

        self.app.push_screen(SuggestionsScreen())

    def on_screen_resume(self) -> None:
        if self.rows:  # back from the suggestions: accepted clusters are entities now
            self.reload()

    def action_preannotate(self) -> None:
        self.note("pre-annotating ...")
        self.preannotate()

    @work(thread=True, exclusive=True, group="preannotate")
    def preannotate(self) -> None:
        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self.note, f"pre-annotating ... {done}/{total} documents")

        report = self.in_own_project(lambda own: own.preannotate(progress=progress))
        if report is FAILED:
            return
        self.app.call_from_thread(
            self.done, f"{report.added} suggestions added ({report.already_tagged} already "
                       f"tagged, {report.rejected_before} rejected before); undo takes them back")

    def action_undo(self) -> None:
        entry = self.attempt(self.project.undo)
        if entry is None:
            self.problem("nothing to undo")
        elif entry is not FAILED:
            self.done(f"undid: {entry.action}")

    def _change(self, call, *args, done: str) -> None:
        if self.attempt(call, *args) is not FAILED:
            self.done(done)


def _searchable(row: VariantRow) -> str:
    entity = row.entity
    return " ".join([entity.canonical, entity.label or "", *entity.forms,
                     *(f for forms in entity.cyrillic.values() for f in forms)]).lower()


def _parse_cyrillic(value: str) -> dict[str, list[str]]:
    """"ru: Мажилис; kk: Мәжіліс, Мәжілісі" -> {"ru": [...], "kk": [...]}; an empty list clears."""
    forms: dict[str, list[str]] = {}
    for part in value.split(";"):
        if ":" in part:
            lang, names = part.split(":", 1)
            if lang.strip() in ("ru", "kk"):
                forms[lang.strip()] = [n.strip() for n in names.split(",") if n.strip()]
    return forms
