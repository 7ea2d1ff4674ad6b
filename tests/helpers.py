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
