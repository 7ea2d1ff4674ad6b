"""Cutting a stream into batches of one group each (exports: chunks of one dataset split)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Item = TypeVar("Item")


def batches_by(items: Iterable[Item], group_of: Callable[[Item], str], size: int
               ) -> Iterator[tuple[str, list[Item]]]:
    """(group, batch) of at most `size` items that share a group, each group's items in
    their order; a batch is given out when full, the rest at the end."""
    batches: dict[str, list[Item]] = {}
    for item in items:
        group = group_of(item)
        batch = batches.setdefault(group, [])
        batch.append(item)
        if len(batch) >= size:
            yield group, batch
            batches[group] = []
    for group, batch in batches.items():
        if batch:
            yield group, batch
