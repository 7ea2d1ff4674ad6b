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

# description: the short name the footer shows; tooltip (when given): the full one, for the
# help screen, the command palette and the README.
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
    Binding("x,delete", "delete_span", "delete", id="delete-span",
            tooltip="delete span / reject suggestion"),
    Binding("a", "accept", "accept", id="accept", tooltip="accept suggestion"),
    Binding("A", "accept_entity", "accept all of this entity", id="accept-entity", show=False),
    Binding("r", "reject", "reject suggestion", id="reject", show=False),
    Binding("V", "accept_variants", "accept variants", id="accept-variants", show=False,
            tooltip="accept the variant group shown in the side panel as one entity"),
    Binding("X", "reject_variants", "reject variants", id="reject-variants", show=False,
            tooltip="reject the variant group shown in the side panel"),
    Binding("n", "next_suggestion(1)", "next", id="next-suggestion", tooltip="next suggestion"),
    Binding("N", "next_suggestion(-1)", "previous suggestion", id="previous-suggestion",
            show=False),
    Binding("c", "next_candidate", "next unlabelled name", id="next-candidate", show=False),
    Binding("e", "link_entity", "link", id="link-entity", tooltip="link to entity"),
    Binding("d", "toggle_done", "done", id="mark-done", tooltip="mark done"),
    Binding("t", "toggle_translation", "translation", id="toggle-translation", show=False),
    Binding("T", "translate_document", "translate document", id="translate-document",
            show=False),
    # Textual names the keys by their Unicode names: "." is full_stop, "," is comma.
    Binding("full_stop", "next_document(1)", "next doc", id="next-document",
            tooltip="next document"),
    Binding("comma", "next_document(-1)", "previous document", id="previous-document",
            show=False),
    Binding("ctrl+l", "reload", "reload (see others' changes)", id="reload", show=False),
    Binding("u,ctrl+z", "undo", "undo", id="undo"),
    Binding("ctrl+r,ctrl+y", "redo", "redo", id="redo", show=False),
]

PROJECT: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("enter", "open_document", "annotate", id="open-document"),
    Binding("slash", "focus_filter", "filter", id="focus-filter"),
    Binding("f", "cycle_status", "state", id="cycle-status",
            tooltip="new / in progress / done"),
    Binding("m", "toggle_queue", "my queue", id="toggle-queue",
            tooltip="my queue / every document"),
    Binding("R", "review", "review", id="review", tooltip="review (adjudicate) this document"),
    Binding("I", "agreement", "agreement", id="agreement", tooltip="inter-annotator agreement"),
    Binding("end,G", "last_row", "last document", id="last-row", show=False, priority=True),
    Binding("home,g", "first_row", "first document", id="first-row", show=False,
            priority=True),
]

VARIANTS: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("slash", "focus_filter", "filter", id="variants-filter"),
    Binding("o", "cycle_sort", "sort", id="variants-sort",
            tooltip="sort by count / name / type / forms"),
    Binding("tab", "toggle_focus", "entities / spellings", id="variants-forms", show=False,
            priority=True),
    Binding("R", "rename", "rename canonical", id="variants-rename", show=False),
    Binding("t", "set_type", "type", id="variants-type", tooltip="set the entity's type (label)"),
    Binding("m", "merge", "merge", id="variants-merge", tooltip="merge another entity in"),
    Binding("s", "split", "split", id="variants-split", tooltip="split spelling off"),
    Binding("x", "reject_pair", "not a variant", id="variants-reject"),
    Binding("C", "cyrillic", "Cyrillic", id="variants-cyrillic", tooltip="Cyrillic forms"),
    Binding("P", "preannotate", "pre-annotate corpus", id="variants-preannotate", show=False),
    Binding("S", "suggestions", "suggestions", id="variants-suggestions",
            tooltip="review the suggested variant clusters"),
    Binding("u", "undo", "undo", id="variants-undo", show=False),
    Binding("end,G", "last_row", "last row", id="last-row", show=False, priority=True),
    Binding("home,g", "first_row", "first row", id="first-row", show=False, priority=True),
]

SUGGESTIONS: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("a", "accept", "accept", id="suggestions-accept",
            tooltip="accept the cluster as one entity (canonical form and type)"),
    Binding("x", "reject", "reject", id="suggestions-reject",
            tooltip="reject the whole cluster: never suggested again"),
    Binding("r", "reject_form", "not this spelling", id="suggestions-reject-form",
            tooltip="the highlighted spelling is not a variant of the others"),
    Binding("space", "mark", "mark", id="suggestions-mark",
            tooltip="mark the highlighted spelling to split off"),
    Binding("s", "split", "split", id="suggestions-split",
            tooltip="split the marked spellings off into a group of their own"),
    Binding("tab", "toggle_focus", "clusters / spellings", id="suggestions-forms", show=False,
            priority=True),
    Binding("u,ctrl+z", "undo", "undo", id="suggestions-undo", show=False),
    Binding("end,G", "last_row", "last row", id="last-row", show=False, priority=True),
    Binding("home,g", "first_row", "first row", id="first-row", show=False, priority=True),
    Binding("escape", "back", "back", id="suggestions-back", show=False),
]

REVIEW: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("t,enter", "take", "take", id="review-take",
            tooltip="take this span into gold (the version of the annotators marked)"),
    Binding("g", "take_agreed", "take agreed", id="review-take-agreed",
            tooltip="take every span all annotators agree on"),
    Binding("x", "reject", "reject", id="review-reject",
            tooltip="keep this span out of gold (remove it there)"),
    Binding("n", "next_dispute", "next dispute", id="review-next-dispute"),
    Binding("e", "edit_gold", "edit gold", id="review-edit", show=False,
            tooltip="edit gold in the annotate view"),
    Binding("d", "toggle_adjudicated", "adjudicated", id="review-done",
            tooltip="mark adjudicated / open again"),
    Binding("full_stop", "next_document(1)", "next doc", id="review-next-document",
            show=False, tooltip="next document to review"),
    Binding("comma", "next_document(-1)", "previous document", id="review-previous-document",
            show=False),
    Binding("u,ctrl+z", "undo", "undo", id="review-undo"),
    Binding("ctrl+r,ctrl+y", "redo", "redo", id="review-redo", show=False),
    Binding("escape", "back", "back", id="review-back", show=False),
]

AGREEMENT: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("enter", "open_review", "review", id="agreement-review",
            tooltip="review the highlighted document"),
    Binding("ctrl+l", "measure", "measure again", id="agreement-refresh", show=False),
    Binding("escape", "back", "back", id="agreement-back", show=False),
]

APP: list[Binding | tuple[str, str] | tuple[str, str, str]] = [
    Binding("question_mark,f1", "help", "help", id="help"),
    Binding("p", "show_project", "documents", id="show-project", show=False),
    Binding("v", "show_variants", "variants", id="show-variants", show=False),
    Binding("q", "quit", "quit", id="quit", show=False),
]


def shown_keys(keys: str) -> str:
    """"full_stop,comma" as a person reads it: ". / ,"."""
    from textual.keys import key_to_character

    def shown(key: str) -> str:
        character = {"slash": "/", "question_mark": "?"}.get(key) or key_to_character(key)
        return character if character and character.isprintable() \
            and not character.isspace() else key

    return " / ".join(shown(key) for key in keys.split(","))


def what(binding: Binding) -> str:
    """What a binding does, in full (the footer shows the short description)."""
    return binding.tooltip or binding.description


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
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{path}: not TOML ({error}); the default keys are used") from None
    except OSError as error:
        raise ValueError(f"{path}: {error.strerror}; the default keys are used") from None
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        raise ValueError(f"{path}: [keys] must be a table of binding id = \"keys\" lines")
    known = {b.id for b in bindings()}
    unknown = set(keys) - known
    if unknown:
        raise ValueError(f"{path}: unknown binding ids {', '.join(sorted(unknown))}")
    wrong = sorted(k for k, v in keys.items() if not isinstance(v, str) or not v.strip())
    if wrong:
        raise ValueError(f"{path}: keys of {', '.join(wrong)} must be text like \"ctrl+d\"")
    return {str(k): v for k, v in keys.items()}


def bindings() -> list[Binding]:
    return [b for b in ANNOTATE + PROJECT + VARIANTS + SUGGESTIONS + REVIEW + AGREEMENT + APP
            if isinstance(b, Binding)]
