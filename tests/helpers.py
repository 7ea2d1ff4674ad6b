"""Shared test helpers (importable as `helpers`: pytest puts tests/ on the path)."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_CORPUS = ROOT / "corpus"


def write_jsonl(path: Path, records: list) -> Path:
    """Objects are dumped as JSON; strings are written as the raw line."""
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def annotate_every_word(path: str, name: str, label: str, barrier) -> None:
    """A second annotator's process: label every token of document "doc".

    Lives here rather than in the test module because spawned processes import
    their target by module name, and pytest's importlib mode gives test modules
    names a child process cannot import.
    """
    from annotator.store import Project

    with Project.open(path, annotator=name) as project:
        barrier.wait()
        for token in project.tokens("doc"):
            project.add_span("doc", token.start, token.end, label)
