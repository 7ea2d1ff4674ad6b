"""The TUI tried as an annotator (and an attacker) would: keys as Textual delivers them, user
text that looks like markup, refusals and other annotators' changes, and what the screens
say."""

from __future__ import annotations

import threading

from textual.widgets import DataTable

from annotator.core.records import Incoming
from annotator.store import Project
from annotator.tui.dialogs.confirm import Confirm
from annotator.tui.dialogs.entity_finder import EntityFinder
from annotator.tui.screens.annotate import AnnotateScreen
from annotator.tui.widgets.side_panel import SidePanel
from tui_harness import DOC, open_document, run, settle, status, to_word


def side(app) -> str:
    return str(app.screen.query_one(SidePanel).render())


def test_markup_in_texts_ids_labels_and_entities_is_shown_as_text(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_KEYMAP", str(tmp_path / "none.toml"))
    path = tmp_path / "p.db"
    text = "See [/etc/hosts] and [bold red]Z[/] near [link=x]Astana[/link]."
    with Project.create(path, annotator="[b]eve[/b]") as project:
        project.add_label("[/]", key="7")
        project.import_documents([Incoming("[bold]id[/bold]", text, "t", None,
                                           {"title": "[red]title[/red"})])
        entity = project.create_entity("[i]E[/i]", label="[/]")
        span = project.add_span("[bold]id[/bold]", 4, 16, "[/]")
        project.link_span(span.id, entity.id)

    async def scenario(app, pilot):
        table = app.screen.query_one(DataTable)
        assert [str(c) for c in table.get_row_at(0)[:2]] == ["[bold]id[/bold]", "[red]title[/red"]
        view = await open_document(app, pilot, row=0)
        assert "[bold]id[/bold]" in str(app.screen.query_one("#title").render())
        await to_word(pilot, view, "hosts")
        await settle(pilot)
        assert "[/etc/hosts]" in side(app) and "[i]E[/i]" in side(app)
        assert "by [b]eve[/b]" in side(app)
        await to_word(pilot, view, "Z")
        await pilot.press("7")                                 # label "[/]" on "Z"
        await settle(pilot)
        assert "tagged 'Z' [/]" in status(app)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EntityFinder)
        await pilot.press("escape", "v")
        await settle(pilot)
        entities = app.screen.query_one("#entities", DataTable)
        assert str(entities.get_row_at(0)[0]) == "[i]E[/i]"
        await pilot.press("question_mark")
        await settle(pilot)
    run(path, scenario, annotator="[b]eve[/b]")


def test_full_stop_and_comma_move_between_documents_as_textual_delivers_them(tui_project):
    async def scenario(app, pilot):
        await open_document(app, pilot, row=0)
        await pilot.press(".")
        await settle(pilot)
        assert app.screen.index == 1
        await pilot.press(".", ",")
        await settle(pilot)
        assert app.screen.index == 1
    run(tui_project, scenario)


def test_a_span_another_annotator_removed_is_a_message_and_the_view_reloads(tui_project,
                                                                            monkeypatch):
    monkeypatch.setattr("annotator.tui.app.LIVE_POLL_SECONDS", 3600)  # no live update first
    with Project.open(tui_project, annotator="alice") as alice:
        start = alice.document(DOC).text.index("Mazhilis")
        span = alice.add_span(DOC, start, start + 8, "ORG")

    async def scenario(app, pilot):
        view = await open_document(app, pilot)
        await to_word(pilot, view, "Mazhilis")
        with Project.open(tui_project, annotator="bob") as bob:
            bob.remove_span(span.id)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, AnnotateScreen)
        assert f"no span {span.id}" in status(app)
        assert view.spans == [], "the view shows the project as it is now"
    run(tui_project, scenario)


def test_an_accepted_span_of_another_annotator_is_a_refusal_that_names_them(tui_project,
                                                                            monkeypatch):
    monkeypatch.setattr("annotator.tui.app.LIVE_POLL_SECONDS", 3600)  # no live update first
    async def scenario(app, pilot):
        view = await open_document(app, pilot)
        await to_word(pilot, view, "Mazhilis")
        with Project.open(tui_project, annotator="bob") as bob:
            start = bob.document(DOC).text.index("Mazhilis")
            bob.add_span(DOC, start, start + 8, "ORG")
        await pilot.press("2")
        await settle(pilot)
        assert "tagged by bob" in status(app)
        assert [s.annotator for s in view.spans] == ["bob"]
    run(tui_project, scenario)
    with Project.open(tui_project) as project:
        assert [s.annotator for s in project.spans(DOC)] == ["bob"]


def test_a_refused_undo_offers_to_drop_the_step_and_undo_goes_on(tui_project):
    with Project.open(tui_project, annotator="bob") as bob:
        text = bob.document(DOC).text
        start = text.index("Vassilenko")
        span = bob.add_span(DOC, start, start + 10, "PERSON")

    async def scenario(app, pilot):
        view = await open_document(app, pilot)
        await to_word(pilot, view, "March")
        await pilot.press("3")                            # alice tags March LOC
        await to_word(pilot, view, "Vassilenko")
        await pilot.press("x")                            # alice removes bob's span
        await settle(pilot)
        with Project.open(tui_project, annotator="bob") as bob:
            bob.add_span(DOC, start, start + 10, "PERSON")  # bob tags it again
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert "bob" in app.screen.situation
        await pilot.press("y")
        await settle(pilot)
        assert "undo goes on past it" in status(app)
        await pilot.press("u")                            # now the tag of March is undone
        await settle(pilot)
        assert "undid: tag 'March' LOC" in status(app)
    run(tui_project, scenario)
    with Project.open(tui_project) as project:
        assert [(s.start, s.annotator) for s in project.spans(DOC)] == [(start, "bob")]
        assert span.id not in [s.id for s in project.spans(DOC)]


def test_the_status_line_counts_the_variant_groups_of_this_document(tui_project):
    with Project.open(tui_project) as project:
        here = len(project.variant_suggestions(DOC))
        everywhere = len(project.variant_suggestions())
    assert here < everywhere

    async def scenario(app, pilot):
        await open_document(app, pilot)
        assert f"{here} variant group(s) concern this document" in status(app)
    run(tui_project, scenario)


def test_the_concordance_is_read_off_the_ui_thread(tui_project, monkeypatch):
    with Project.open(tui_project) as project:
        project.accept_variants(["Mazhilis", "Majilis"], label="ORG")
    threads = []
    concordance = Project.concordance

    def recording(self, *args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return concordance(self, *args, **kwargs)

    monkeypatch.setattr(Project, "concordance", recording)

    async def scenario(app, pilot):
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("tab", "down")
        await settle(pilot)
        assert "Majilis in context" in str(app.screen.query_one("#concordance").render())
    run(tui_project, scenario)
    assert threads and not any(threads), "every concordance ran in a worker"


def test_marking_done_with_unreviewed_suggestions_asks_first(tui_project):
    with Project.open(tui_project) as project:
        project.accept_variants(["Mazhilis", "Majilis"], label="ORG")
        project.preannotate()

    async def scenario(app, pilot):
        await open_document(app, pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        assert "6 suggestion(s)" in app.screen.situation
        await pilot.press("n")
        await settle(pilot)
        with Project.open(tui_project) as project:
            assert project.document(DOC).status == "new"
        await pilot.press("d", "y")
        await settle(pilot)
    run(tui_project, scenario)
    with Project.open(tui_project) as project:
        assert project.document(DOC).status == "done"


def test_accepting_a_suggestion_puts_the_document_in_progress(tui_project):
    with Project.open(tui_project) as project:
        project.accept_variants(["Mazhilis", "Majilis"], label="ORG")
        project.preannotate()

    async def scenario(app, pilot):
        await open_document(app, pilot)
        await pilot.press("n", "a")
        await settle(pilot)
        assert "in progress" in str(app.screen.query_one("#title").render())
    run(tui_project, scenario)


def test_the_side_panel_shows_the_span_its_author_and_the_variants_screen_counts(tui_project):
    with Project.open(tui_project, annotator="bob") as bob:
        bob.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
        text = bob.document(DOC).text
        start = text.index("Roman Vassilenko")
        span = bob.add_span(DOC, start, start + len("Roman Vassilenko"), "PERSON")
        bob.link_span(span.id, bob.entity_id("Vassilenko"))
        table = {f.form: f.count for row in bob.variant_table() for f in row.forms}

    async def scenario(app, pilot):
        view = await open_document(app, pilot)
        await to_word(pilot, view, "Roman")
        await settle(pilot)
        panel = side(app)
        assert panel.startswith("Roman Vassilenko\n"), "the span, not the token under the cursor"
        assert "by bob" in panel
        for form in ("Vassilenko", "Vasilenko", "Roman Vassilenko"):
            assert f"· {form} ({table[form]})" in panel
    run(tui_project, scenario)


def test_next_unlabelled_name_stops_once_per_name_of_several_words(tui_project):
    async def scenario(app, pilot):
        view = await open_document(app, pilot)
        stops = []
        for _ in range(60):
            await pilot.press("c")
            stops.append(view.cursor_token.text)
        assert "Kassym-Jomart" in stops and "Tokayev" not in stops[stops.index("Kassym-Jomart"):
                                                                   stops.index("Kassym-Jomart") + 2]
        assert "Roman" in stops and stops[stops.index("Roman") + 1] != "Vassilenko"
    run(tui_project, scenario)


def test_the_merge_dialog_asks_which_entity_to_merge_in(tui_project):
    with Project.open(tui_project) as project:
        project.accept_variants(["Mazhilis", "Majilis"], label="ORG")
        project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")

    async def scenario(app, pilot):
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, EntityFinder)
        heading = str(app.screen.query_one("Label").render())
        assert heading.startswith("Merge which entity into 'Mazhilis'?")
    run(tui_project, scenario)


def test_a_keymap_file_of_the_wrong_shape_is_a_notice_not_a_crash(tui_project, tmp_path,
                                                                   monkeypatch):
    keymap = tmp_path / "keymap.toml"
    for content in ("keys = 5\n", "[keys]\nmark-done = 5\n", "[keys\n"):
        keymap.write_text(content)
        monkeypatch.setenv("ANNOTATOR_KEYMAP", str(keymap))

        async def scenario(app, pilot):
            await settle(pilot)
            notices = [n.message for n in app._notifications]
            assert any(str(keymap) in message for message in notices), notices
            await open_document(app, pilot)
            await pilot.press("d", "y")
            await settle(pilot)
        run(tui_project, scenario)


def _live_update(path, annotator_login):
    async def scenario(app, pilot):
        view = await open_document(app, pilot)
        assert view.spans == []
        with Project.open(path, annotator="bob") as bob:   # another person, another process
            start = bob.document(DOC).text.index("Nurlan Abdirov")
            bob.add_span(DOC, start, start + len("Nurlan Abdirov"), "PERSON")
        await pilot.pause(1.6)                             # no key pressed
        assert [s.annotator for s in view.spans] == ["bob"]
        assert "updated with changes saved by others" in status(app)
    run(path, scenario, annotator=annotator_login)


def test_another_annotators_change_appears_without_a_key(tui_project):
    _live_update(tui_project, "alice")


def test_another_annotators_change_appears_without_a_key_on_a_server(server_target,
                                                                     monkeypatch, tmp_path):
    from tui_harness import make_sample_project

    monkeypatch.setenv("ANNOTATOR_KEYMAP", str(tmp_path / "none.toml"))
    _live_update(make_sample_project(server_target("live")), "alice")
