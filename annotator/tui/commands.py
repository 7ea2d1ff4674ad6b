"""The command palette offers every action of the current screen and the app, by the
descriptions of their key bindings (so it never drifts from the keys)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.binding import Binding
from textual.command import Hit, Hits, Provider

from annotator.tui import keymap


class ActionCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        screen = self.screen
        found: list[tuple[str, str, Callable[[], Any]]] = []
        for owner, bindings in ((screen, getattr(screen, "BINDINGS", [])),
                                (self.app, keymap.APP)):
            for binding in bindings:
                if isinstance(binding, Binding) and binding.description:
                    keys = binding.key.split(",")[0]
                    found.append((keymap.what(binding), keys,
                                  partial(owner.run_action, binding.action)))
        return found

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for description, keys, run in self._commands():
            score = matcher.match(description)
            if score > 0:
                yield Hit(score, matcher.highlight(description), run,
                          help=f"key: {keys}")

    async def discover(self) -> Hits:
        for description, keys, run in self._commands():
            yield Hit(1, description, run, help=f"key: {keys}")
