"""Writers of interchange formats, in one registry. Each takes exported documents and a
path, and returns how many documents it wrote.

Offsets are written as Unicode code points (as annotator keeps them), which is what Prodigy,
doccano and brat expect; Label Studio's front end counts UTF-16 units, so its export says
which unit it uses (see labelstudio.py).
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from annotator.core.bio import spans_to_bio_columns
from annotator.core.exported import ExportDocument
from annotator.core.tokenize import split_sentences, token_columns


@dataclass(frozen=True)
class Writer:
    name: str
    description: str
    write: Callable[[Iterable[ExportDocument], Path], int]
    folder: bool = False


WRITERS: dict[str, Writer] = {}


def register_writer(writer: Writer) -> Writer:
    WRITERS[writer.name] = writer
    return writer


def json_bytes(record: Any) -> bytes:
    """One record as UTF-8 JSON on one line (orjson; the standard library for what orjson
    refuses, such as integers beyond 64 bits in metadata)."""
    try:
        return orjson.dumps(record)
    except TypeError:
        return json.dumps(record, ensure_ascii=False, default=str).encode("utf-8")


def _jsonl(records: Iterable[dict], path: Path) -> int:
    count = 0
    with open(path, "wb") as out:
        for record in records:
            out.write(json_bytes(record) + b"\n")
            count += 1
    return count


def native_records(documents: Iterable[ExportDocument]) -> Iterable[dict]:
    for doc in documents:
        yield {"id": doc.id, "text": doc.text, "meta": doc.meta, "status": doc.status,
               "spans": [{"start": s.start, "end": s.end, "label": s.label, "text": s.text,
                          "status": s.status, **({"entity": s.canonical} if s.canonical else {})}
                         for s in doc.spans],
               **({"translations": {lang: t.as_record()
                                    for lang, t in doc.translations.items()}}
                  if doc.translations else {}),
               **({"aliases": doc.aliases} if doc.aliases else {})}


def prodigy_records(documents: Iterable[ExportDocument]) -> Iterable[dict]:
    """Prodigy's ner_manual shape: tokens, spans with token_start and token_end (inclusive)."""
    for doc in documents:
        words, starts, ends = token_columns(doc.text)
        text, length = doc.text, len(doc.text)
        tokens = [{"text": w, "start": s, "end": e, "id": i,
                   "ws": e < length and text[e].isspace()}
                  for i, (w, s, e) in enumerate(zip(words, starts, ends, strict=True))]
        spans = []
        for span in doc.spans:
            # The tokens that overlap the span: from the first ending after its start to
            # the last starting before its end.
            first, last = bisect_right(ends, span.start), bisect_left(starts, span.end) - 1
            entry: dict[str, object] = {"start": span.start, "end": span.end, "label": span.label}
            if first <= last:
                entry.update(token_start=first, token_end=last)
            spans.append(entry)
        # Metadata stays under "meta": spread over the record, a key such as "text" or
        # "spans" would overwrite the record's own field.
        yield {"id": doc.id, "text": doc.text, "meta": doc.meta, "tokens": tokens,
               "spans": spans, "answer": "accept"}


def doccano_records(documents: Iterable[ExportDocument]) -> Iterable[dict]:
    """doccano's sequence-labelling export (metadata under "meta", never over the
    record's own fields)."""
    for doc in documents:
        yield {"id": doc.id, "text": doc.text,
               "label": [[s.start, s.end, s.label] for s in doc.spans], "meta": doc.meta}


def write_conll(documents: Iterable[ExportDocument], path: Path) -> int:
    """CoNLL-2003 style: `token TAG` per line, a blank line between sentences, and
    `-DOCSTART- O` before each document. Spacing is not kept (the format has none)."""
    count = 0
    suffixes: dict[str, str] = {}  # tag -> " TAG\n", spaces in label names as _
    with open(path, "w", encoding="utf-8") as out:
        for doc in documents:
            count += 1
            words, starts, ends = token_columns(doc.text)
            tags = spans_to_bio_columns(starts, ends,
                                        [(s.start, s.end, s.label) for s in doc.spans]).tags
            lines = ["-DOCSTART- O\n\n"]
            cut = 0
            for sentence in split_sentences(doc.text):
                last = bisect_left(starts, sentence.end)
                if last > cut:
                    lines += [word + (suffixes.get(tag) or suffixes.setdefault(
                        tag, f" {tag.replace(' ', '_')}\n"))
                        for word, tag in zip(words[cut:last], tags[cut:last], strict=True)]
                    lines.append("\n")
                cut = max(cut, last)
            out.write("".join(lines))
    return count


register_writer(Writer("jsonl", "native JSONL: every field, entities by canonical form",
                       lambda docs, path: _jsonl(native_records(docs), path)))
register_writer(Writer("prodigy", "Prodigy span JSONL (tokens, token_start/token_end)",
                       lambda docs, path: _jsonl(prodigy_records(docs), path)))
register_writer(Writer("doccano", "doccano sequence-labelling JSONL (label: [[s, e, L]])",
                       lambda docs, path: _jsonl(doccano_records(docs), path)))
register_writer(Writer("conll", "CoNLL-2003 style BIO, one token per line", write_conll))
