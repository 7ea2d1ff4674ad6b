"""Drive the real TUI with Pilot, then reopen the project file and check what was stored."""


from annotator.store import Project
from annotator.tui.widgets.side_panel import SidePanel
from tui_harness import DOC, open_document, run, settle, status, to_word


def test_tag_and_link_both_spellings_to_one_entity_then_mark_done(tui_project):
    async def scenario(app, pilot):
        view = await open_document(app, pilot)
        await to_word(pilot, view, "Vassilenko")
        await pilot.press("1", "e")
        await pilot.pause()
        await pilot.press("enter")          # + new entity Vassilenko
        await to_word(pilot, view, "Vasilenko")
        await pilot.press("1", "e")
        await pilot.pause()
        await pilot.press("enter")          # the existing entity is offered first
        await pilot.press("d")
        await pilot.pause()
    run(tui_project, scenario)
    with Project.open(tui_project) as project:
        spans = project.spans(DOC)
        text = project.document(DOC).text
        assert [(text[s.start:s.end], s.label, s.status) for s in spans] == [
            ("Vassilenko", "PERSON", "accepted"), ("Vasilenko", "PERSON", "accepted")]
        [entity] = project.entities()
        assert (entity.canonical, entity.forms) == ("Vassilenko", ["Vasilenko", "Vassilenko"])
        assert {s.entity_id for s in spans} == {entity.id}
        assert project.document(DOC).status == "done"
        assert {s.annotator for s in spans} == {"alice"}


def test_extend_a_selection_by_token_and_by_character(tui_project):
    async def scenario(app, pilot):
        view = await open_document(app, pilot)
        await to_word(pilot, view, "Roman")
        await pilot.press("shift+right", "2")          # ORG over "Roman Vassilenko"
        await to_word(pilot, view, "Kassym-Jomart")
        await pilot.press("shift+right", *["["] * 8)    # "Kassym-Jomart Tokayev" less 8 chars
        await pilot.press("}", "{", "3")                 # start right then back: unchanged
    run(tui_project, scenario)
    with Project.open(tui_project) as project:
        text = project.document(DOC).text
        assert [(text[s.start:s.end], s.label) for s in project.spans(DOC)] == [
            ("Roman Vassilenko", "ORG"), ("Kassym-Jomart", "LOC")]


def test_undo_and_redo_survive_the_app_closing(tui_project):
    async def tag(app, pilot):
        view = await open_document(app, pilot)
        await to_word(pilot, view, "Mazhilis")
        await pilot.press("2", "2")               # tag, then relabel with the same key: no-op
        await to_word(pilot, view, "Maslikhats")
        await pilot.press("5")
    run(tui_project, tag)

    async def undo(app, pilot):
        await open_document(app, pilot)
        await pilot.press("u")
        await pilot.pause()
    run(tui_project, undo)
    with Project.open(tui_project) as project:
        text = project.document(DOC).text
        assert [text[s.start:s.end] for s in project.spans(DOC)] == ["Mazhilis"]

    async def redo(app, pilot):
        await open_document(app, pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
    run(tui_project, redo)
    with Project.open(tui_project) as project:
        text = project.document(DOC).text
        assert [text[s.start:s.end] for s in project.spans(DOC)] == ["Mazhilis", "Maslikhats"]


def test_accept_and_reject_suggestions(tui_project):
    with Project.open(tui_project, annotator="alice") as project:
        project.accept_variants(["Mazhilis", "Majilis"], label="ORG")
        project.preannotate()
        assert len(project.spans(DOC, status="suggested")) == 6

    async def review(app, pilot):
        await open_document(app, pilot)
        await pilot.press("n", "a")      # first suggestion accepted
        await pilot.press("n", "r")      # second rejected
        await pilot.press("n", "A")      # the rest of this entity accepted
        await pilot.pause()
        assert "accepted 4 suggestions" in str(app.screen.query_one("#status").render())
    run(tui_project, review)
    with Project.open(tui_project) as project:
        statuses = [s.status for s in project.spans(DOC)]
        assert statuses == ["accepted"] * 5
        report = project.preannotate()
        assert report.rejected_before == 1 and report.added == 0


def test_a_refused_change_is_shown_and_nothing_is_stored(tui_project):
    async def scenario(app, pilot):
        view = await open_document(app, pilot)
        await to_word(pilot, view, "Roman")
        await pilot.press("shift+right", "1")   # PERSON over Roman Vassilenko
        await pilot.press("2")                   # on the span, no selection: relabels it ORG
        await pilot.pause()
        assert [s.label for s in view.spans] == ["ORG"]
        await pilot.press("x")                   # removes it
        await pilot.press("x")                   # nothing left: a problem, not a crash
        await pilot.pause()
        assert "no span under the cursor" in str(app.screen.query_one("#status").render())
    run(tui_project, scenario)
    with Project.open(tui_project) as project:
        assert project.spans(DOC) == []


def test_help_lists_every_binding_and_remaps_apply(tui_project, tmp_path, monkeypatch):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\nmark-done = "ctrl+d"\n')
    monkeypatch.setenv("ANNOTATOR_KEYMAP", str(keymap))

    async def scenario(app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        from textual.widgets import DataTable
        table = app.screen.query_one(DataTable)
        rows = [tuple(map(str, table.get_row_at(i))) for i in range(table.row_count)]
        assert ("ctrl+d", "mark done", "mark-done") in rows
        assert ("1", "label PERSON (or relabel the span)", "labels") in rows
        assert ("annotate", "", "") in rows and (".", "next document", "next-document") in rows
        await pilot.press("escape")
        await open_document(app, pilot)
        await pilot.press("ctrl+d")
        await pilot.pause()
    run(tui_project, scenario)
    with Project.open(tui_project) as project:
        assert project.document(DOC).status == "done"


def test_the_document_list_filters_and_pages(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_KEYMAP", str(tmp_path / "none.toml"))
    from annotator.core.records import Incoming

    path = tmp_path / "many.db"
    with Project.create(path) as project:
        project.import_documents(
            Incoming(f"d{i:04}", f"Document {i} about Astana", "t", None) for i in range(1000))

    async def scenario(app, pilot):
        from textual.widgets import DataTable
        table = app.screen.query_one(DataTable)
        assert table.row_count == 200, "the first page only"
        await pilot.press("end")
        await pilot.pause()
        assert table.row_count > 200, "the next page is fetched near the end"
        await pilot.press("slash", *"Document 777 ")
        await pilot.pause()
        assert table.row_count == 1
    run(path, scenario)


def test_the_mouse_moves_the_cursor_and_shift_click_selects(tui_project):
    async def scenario(app, pilot):
        view = await open_document(app, pilot)
        line = next(i for i, (s, e) in enumerate(view._lines) if "Roman Vassilenko" in view.text[s:e])
        start, end = view._lines[line]
        column = view.text.index("Roman", start) - start
        region = view.content_region
        await pilot.click(offset=(region.x + column + 1, region.y + line))
        assert view.cursor_token.text == "Roman"
        await pilot.click(offset=(region.x + column + 8, region.y + line), shift=True)
        await pilot.press("1")
    run(tui_project, scenario)
    with Project.open(tui_project) as project:
        text = project.document(DOC).text
        assert [text[s.start:s.end] for s in project.spans(DOC)] == ["Roman Vassilenko"]


def test_a_second_annotator_sees_the_first_ones_changes_after_a_reload(tui_project):
    async def scenario(app, pilot):
        view = await open_document(app, pilot)
        assert view.spans == []
        with Project.open(tui_project, annotator="bob") as bob:   # another process, another person
            text = bob.document(DOC).text
            start = text.index("Nurlan Abdirov")
            bob.add_span(DOC, start, start + len("Nurlan Abdirov"), "PERSON")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert [s.annotator for s in view.spans] == ["bob"]
        await to_word(pilot, view, "Mazhilis")
        await pilot.press("2")
    run(tui_project, scenario)
    with Project.open(tui_project) as project:
        assert sorted(s.annotator for s in project.spans(DOC)) == ["alice", "bob"]


def test_the_document_list_filters_by_label_and_entity(tui_project):
    with Project.open(tui_project, annotator="alice") as project:
        project.accept_variants(["Mazhilis", "Majilis"], label="ORG")
        project.preannotate()

    async def scenario(app, pilot):
        from textual.widgets import DataTable
        table = app.screen.query_one(DataTable)
        await pilot.press("slash", *"entity:Majilis")    # every spelling of that entity
        await pilot.pause()
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [
            "c03bbd7e0a03ebef", "a53390274e486fc9", "54b3eda07178e59d", "88cef3393a166388"]
        await pilot.press(*["backspace"] * 14, *"label:ORG Karin")
        await pilot.pause()
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == ["a53390274e486fc9"]
    run(tui_project, scenario)


def test_line_down_crosses_the_blank_line_between_paragraphs(tui_project):
    async def scenario(app, pilot):
        view = await open_document(app, pilot, row=0)
        paragraph_end = view.text.index("\n\n")
        for _ in range(30):
            await pilot.press("j")
            if view.cursor_token.start > paragraph_end:
                break
        assert view.cursor_token.start > paragraph_end
        await pilot.press("k")
        assert view.cursor_token.start < paragraph_end  # and back up over it

    run(tui_project, scenario)


def test_the_side_panels_variant_suggestion_is_accepted_and_rejected_in_place(tui_project):
    async def scenario(app, pilot):
        view = await open_document(app, pilot)
        await settle(pilot)                             # the corpus is mined in a worker
        await to_word(pilot, view, "Vasilenko")
        panel = str(app.screen.query_one(SidePanel).render())
        assert "Vassilenko (4), Vasilenko (2)" in panel and "V accept" in panel
        await pilot.press("V")
        await pilot.pause()
        await pilot.press("tab", *"PERSON", "enter")
        await settle(pilot)
        assert "are one entity: Vassilenko (PERSON)" in status(app)
        await to_word(pilot, view, "Mazhilis")
        assert "Majilis" in str(app.screen.query_one(SidePanel).render())
        await pilot.press("X")
        await settle(pilot)
        assert "Majilis" not in str(app.screen.query_one(SidePanel).render())
        await to_word(pilot, view, "election")
        await pilot.press("X")
        assert "no variant suggestion" in status(app)
    run(tui_project, scenario)
    with Project.open(tui_project) as project:
        [entity] = project.entities()
        assert (entity.canonical, entity.label) == ("Vassilenko", "PERSON")
        assert frozenset({"Majilis", "Mazhilis"}) in project.rejected_pairs()


def test_the_apps_own_index_and_kept_suggestions_are_not_announced_as_others_changes(
        tui_project):
    """Opening a document has a worker build the form index and keep the suggestions, on a
    connection of its own: the live view must not call that a change saved by others."""
    async def scenario(app, pilot):
        await open_document(app, pilot)
        await settle(pilot)
        await pilot.pause(1.5)                     # the live view polls every second
        assert "changes saved by others" not in status(app)
    run(tui_project, scenario)


def test_a_poll_between_an_own_workers_commit_and_its_result_announces_nothing(tui_project):
    """The race behind a flaky snapshot: the live view polled after a worker committed the
    kept suggestions but before the screen absorbed that commit, and called it others'."""
    async def scenario(app, pilot):
        await open_document(app, pilot)
        await settle(pilot)
        with app.own_writes.during():
            with Project.open(tui_project) as own, own.db.transaction():  # the worker's
                own.db.execute("INSERT INTO suggestion_cache (key, version, data) "
                               "VALUES ('a test', 'a test', x'00')")
            app.show_others_changes()
            await pilot.pause()
            assert "changes saved by others" not in status(app)
            app.screen.absorb_own_writes()            # its result reaches the screen
        app.show_others_changes()
        await pilot.pause()
        assert "changes saved by others" not in status(app)
    run(tui_project, scenario)
