"""JSON Schemas of every record format, generated from the models.

Regenerate the committed copies in schemas/ with:  python -m annotator.core.schemas schemas
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from annotator.core.models import SCHEMA_MODELS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def generate() -> dict[str, str]:
    """File name -> schema text, stable byte for byte for the same models."""
    files = {}
    for name, model in SCHEMA_MODELS.items():
        schema = {"$schema": SCHEMA_DIALECT, "$id": f"{name}.schema.json",
                  **model.model_json_schema()}
        files[f"{name}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return files


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generate().items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


if __name__ == "__main__":
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")):
        print(path)
