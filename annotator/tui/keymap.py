"""Key bindings, each with an id so a user can remap it and the help screen can list it.

Remap in a TOML file ($ANNOTATOR_KEYMAP, else ~/.config/annotator/keymap.toml):

    [keys]
    next-token = "l,right"
    mark-done = "ctrl+d"

Label keys come from the project's label set (`annotator labels edit NAME --key K`).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from textual.binding import Binding

ANNOTATE: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("right,l", "move(1)", "next token", id="next-token", show=False),
    Binding("left,h", "move(-1)", "previous token", id="previous-token", show=False),
    Binding("down,j", "move_lines(1)", "line down", id="line-down", show=False),
    Binding("up,k", "move_lines(-1)", "line up", id="line-up", show=False),
    Binding("shift+right,L", "extend(1)", "extend selection by a token", id="extend-right",
            show=False),
    Binding("shift+left,H", "extend(-1)", "shrink selection by a token", id="extend-left",
            show=False),
    Binding("]", "shift_edge('end', 1)", "selection end one character right",
            id="end-right", show=False),
    Binding("[", "shift_edge('end', -1)", "selection end one character left", id="end-left",
            show=False),
    Binding("}", "shift_edge('start', 1)", "selection start one character right",
            id="start-right", show=False),
    Binding("{", "shift_edge('start', -1)", "selection start one character left",
            id="start-left", show=False),
    Binding("escape", "escape", "clear selection / back", id="escape", show=False),
    Binding("x,delete", "delete_span", "delete span / reject suggestion", id="delete-span"),
    Binding("a", "accept", "accept suggestion", id="accept"),
    Binding("A", "accept_entity", "accept all of this entity", id="accept-entity", show=False),
    Binding("r", "reject", "reject suggestion", id="reject", show=False),
    Binding("n", "next_suggestion(1)", "next suggestion", id="next-suggestion"),
    Binding("N", "next_suggestion(-1)", "previous suggestion", id="previous-suggestion",
            show=False),
    Binding("c", "next_candidate", "next unlabelled name", id="next-candidate", show=False),
    Binding("e", "link_entity", "link to entity", id="link-entity"),
    Binding("d", "toggle_done", "mark done", id="mark-done"),
    Binding("t", "toggle_translation", "translation", id="toggle-translation"),
    Binding("T", "translate_document", "translate document", id="translate-document",
            show=False),
    Binding("period", "next_document(1)", "next document", id="next-document"),
    Binding("comma", "next_document(-1)", "previous document", id="previous-document",
            show=False),
    Binding("ctrl+l", "reload", "reload (see others' changes)", id="reload", show=False),
    Binding("u,ctrl+z", "undo", "undo", id="undo"),
    Binding("ctrl+r,ctrl+y", "redo", "redo", id="redo", show=False),
]

PROJECT: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("enter", "open_document", "annotate", id="open-document"),
    Binding("slash", "focus_filter", "filter", id="focus-filter"),
    Binding("f", "cycle_status", "new / in progress / done", id="cycle-status"),
    Binding("end,G", "last_row", "last document", id="last-row", show=False, priority=True),
    Binding("home,g", "first_row", "first document", id="first-row", show=False,
            priority=True),
]

VARIANTS: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("slash", "focus_filter", "filter", id="variants-filter"),
    Binding("o", "cycle_sort", "sort by count / name / type / forms", id="variants-sort"),
    Binding("tab", "toggle_focus", "entities / spellings", id="variants-forms", show=False,
            priority=True),
    Binding("R", "rename", "rename canonical", id="variants-rename"),
    Binding("m", "merge", "merge another entity in", id="variants-merge"),
    Binding("s", "split", "split spelling off", id="variants-split"),
    Binding("x", "reject_pair", "not a variant", id="variants-reject"),
    Binding("C", "cyrillic", "Cyrillic forms", id="variants-cyrillic"),
    Binding("P", "preannotate", "pre-annotate corpus", id="variants-preannotate"),
    Binding("u", "undo", "undo", id="variants-undo", show=False),
    Binding("end,G", "last_row", "last row", id="last-row", show=False, priority=True),
    Binding("home,g", "first_row", "first row", id="first-row", show=False, priority=True),
]

APP: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("question_mark,f1", "help", "help", id="help"),
    Binding("p", "show_project", "documents", id="show-project"),
    Binding("v", "show_variants", "variants", id="show-variants"),
    Binding("q", "quit", "quit", id="quit"),
]


def config_path() -> Path:
    if os.environ.get("ANNOTATOR_KEYMAP"):
        return Path(os.environ["ANNOTATOR_KEYMAP"])
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "annotator" / "keymap.toml"


def user_keymap() -> dict[str, str]:
    """binding id -> keys, from the user's file; a broken file is reported, not fatal."""
    path = config_path()
    if not path.exists():
        return {}
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    keys = data.get("keys", {})
    known = {b.id for b in bindings()}
    unknown = set(keys) - known
    if unknown:
        raise ValueError(f"{path}: unknown binding ids {', '.join(sorted(unknown))}")
    return {str(k): str(v) for k, v in keys.items()}


def bindings() -> list[Binding]:
    return [b for b in ANNOTATE + PROJECT + VARIANTS + APP if isinstance(b, Binding)]
