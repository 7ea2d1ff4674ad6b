"""Export as a Hugging Face dataset folder: Parquet files per config and split, and a
dataset card whose YAML declares them, so `datasets.load_dataset(folder, "ner")` works.

Configs: `spans` (default: text, spans with labels and entities, metadata), `ner` (tokens
and BIO `ner_tags` as ClassLabel) and `variants` (one row per entity). Splits are decided
by a hash of the document id, so re-exports are stable. Rows stream to the Parquet writers
in batches; the folder is written beside the target and renamed into place at the end, so
an interrupted export leaves any previous one untouched.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator import DISTRIBUTION, __version__
from annotator.core.bio import bio_names
from annotator.core.errors import AnnotatorError
from annotator.core.escape import markdown
from annotator.core.exported import ExportAnnotation, ExportDocument
from annotator.formats.hf_rows import (
    ChunkContext,
    ChunkResult,
    ExportCounts,
    build_chunk,
    build_job,
    split_of,
)
from annotator.formats.output import atomic_output
from annotator.formats.worker_processes import die_with_parent
from annotator.variants.table import VariantRow

BATCH = 1000
DEFAULT_RATIOS = {"train": 0.8, "validation": 0.1, "test": 0.1}
# Always columns of the `spans` config (null where a document has no translation), so the
# schema does not change with what was translated; other languages are added when present.
TRANSLATION_LANGUAGES = ("ru", "kk")


def translation_languages(present: Iterable[str]) -> list[str]:
    return [*TRANSLATION_LANGUAGES, *sorted(set(present) - set(TRANSLATION_LANGUAGES))]


@dataclass
class HfExportReport(ExportCounts):
    path: Path = Path()
    entities: int = 0
    annotations: int = 0  # rows of the `annotations` config


# Hugging Face's own rule for split names (datasets.splits): words joined by dots.
_SPLIT_NAME = re.compile(r"\w+(\.\w+)*")


def parse_ratios(text: str) -> dict[str, float]:
    """"0.8,0.1,0.1" or "train=0.9,test=0.1"."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    named = bool(parts) and all("=" in p for p in parts)
    pairs = [tuple(x.strip() for x in p.split("=", 1)) for p in parts] if named \
        else list(zip(DEFAULT_RATIOS, parts, strict=False))
    if not pairs or len(parts) > len(pairs):
        raise AnnotatorError(
            f"split ratios look like 0.8,0.1,0.1 or train=0.9,test=0.1, not {text!r}")
    ratios: dict[str, float] = {}
    for name, value in pairs:
        if not _SPLIT_NAME.fullmatch(name):
            raise AnnotatorError(f"split name {name!r}: use letters, digits and _ (words may "
                                 "be joined by dots), as Hugging Face requires")
        if name in ratios:
            raise AnnotatorError(f"split {name!r} is named twice in {text!r}")
        try:
            ratio = float(value)
        except ValueError:
            raise AnnotatorError(f"split {name!r}: {value!r} is not a number") from None
        if not math.isfinite(ratio) or ratio < 0:
            raise AnnotatorError(f"split {name!r}: the ratio must be a number from 0 up, "
                                 f"not {value!r}")
        ratios[name] = ratio
    if sum(ratios.values()) <= 0:
        raise AnnotatorError(f"split ratios must add up to more than 0, got {text!r}")
    return {k: v for k, v in ratios.items() if v > 0}


def features(labels: list[str], languages: Sequence[str] = TRANSLATION_LANGUAGES
             ) -> dict[str, Any]:
    import datasets

    span = {"start": datasets.Value("int32"), "end": datasets.Value("int32"),
            "label": datasets.Value("string"), "text": datasets.Value("string"),
            "status": datasets.Value("string"), "entity_id": datasets.Value("int64"),
            "canonical": datasets.Value("string")}
    translation = {
        "text": datasets.Value("string"),
        "sentences": [{"start": datasets.Value("int32"), "end": datasets.Value("int32"),
                       "text": datasets.Value("string")}],
        "route": datasets.Value("string"), "packages": datasets.Value("string"),
        "engine": datasets.Value("string"), "translated_at": datasets.Value("string")}
    return {
        "spans": datasets.Features({
            "id": datasets.Value("string"), "text": datasets.Value("string"),
            "spans": [span], "status": datasets.Value("string"),
            "translations": {lang: translation for lang in languages},
            "meta": datasets.Value("string")}),
        "ner": datasets.Features({
            "id": datasets.Value("string"),
            "tokens": datasets.Sequence(datasets.Value("string")),
            "ner_tags": datasets.Sequence(datasets.ClassLabel(names=bio_names(labels)))}),
        "annotations": datasets.Features({
            "id": datasets.Value("string"), "annotator": datasets.Value("string"),
            "status": datasets.Value("string"), "spans": [span]}),
        "variants": datasets.Features({
            "entity_id": datasets.Value("int64"), "canonical": datasets.Value("string"),
            "type": datasets.Value("string"),
            "forms": [{"form": datasets.Value("string"), "count": datasets.Value("int64"),
                       "documents": datasets.Value("int64")}],
            "cyrillic_ru": datasets.Sequence(datasets.Value("string")),
            "cyrillic_kk": datasets.Sequence(datasets.Value("string")),
            "documents": datasets.Sequence(datasets.Value("string")),
            "note": datasets.Value("string")}),
    }


class _Writers:
    """One Parquet writer per (config, split), created on the first table; small tables
    are gathered until a row group of BATCH rows is worth writing."""

    def __init__(self, root: Path, schemas: dict[str, Any]) -> None:
        self.root, self.schemas = root, schemas
        self.writers: dict[tuple[str, str], Any] = {}
        self.pending: dict[tuple[str, str], list] = {}

    def add(self, config: str, split: str, table: Any) -> None:
        key = (config, split)
        tables = self.pending.setdefault(key, [])
        tables.append(table)
        if sum(t.num_rows for t in tables) >= BATCH:
            self._flush(key)

    def _flush(self, key: tuple[str, str]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        tables = self.pending.pop(key, [])
        if not tables:
            return
        if key not in self.writers:
            folder = self.root / key[0]
            folder.mkdir(parents=True, exist_ok=True)
            self.writers[key] = pq.ParquetWriter(folder / f"{key[1]}-writing.parquet",
                                                 self.schemas[key[0]])
        self.writers[key].write_table(pa.concat_tables(tables))

    def close(self) -> list[tuple[str, str]]:
        for key in list(self.pending):
            self._flush(key)
        for writer in self.writers.values():
            writer.close()
        return sorted(self.writers)


def write_dataset(
    documents: Iterable[ExportDocument], variant_rows: list[VariantRow], out: Path, *,
    labels: list[str], ratios: dict[str, float] | None = None, overwrite: bool = False,
    progress: Callable[[int], None] | None = None, card: dict[str, Any] | None = None,
    workers: int = 1, languages: Iterable[str] = (),
    annotations: Iterable[ExportAnnotation] = (),
) -> HfExportReport:
    """With `workers` > 1, token rows are built in that many processes (worth it from a
    few thousand documents: tokenizing is most of an export's time). `languages`: those
    the project holds translations in (ru and kk are columns in any case). `annotations`:
    each annotator's own spans per document (double annotation), the config of that name."""
    out = Path(out)
    ratios = ratios or DEFAULT_RATIOS
    with atomic_output(out, overwrite=overwrite, folder=True) as work:
        report = _write(documents, variant_rows, work, labels, ratios, progress, workers,
                        translation_languages(languages), annotations)
        if not report.documents:
            raise AnnotatorError("no documents to export: none is marked done (mark documents "
                                 "done in the annotator; in double annotation, adjudicate "
                                 "them; or export with --all)")
        report.path = out
        (work / "README.md").write_text(_card(report, labels, ratios, card or {},
                                              _name_by_content(work)), "utf-8")
    return report


def _name_by_content(root: Path) -> list[tuple[str, str, str]]:
    """Rename each Parquet file after a digest of its bytes; return (config, split, path).

    `datasets` caches a local dataset under a hash of its card's YAML, not of the files, so
    a re-export under the same card would load the previous export's rows from the cache.
    Naming the files by content in the card changes the hash exactly when the data changes.
    """
    written = []
    for path in sorted(root.glob("*/*.parquet")):
        digest = hashlib.sha256()
        with path.open("rb") as data:
            while block := data.read(1 << 20):
                digest.update(block)
        split = path.name.split("-")[0]
        named = path.with_name(f"{split}-{digest.hexdigest()[:16]}.parquet")
        path.rename(named)
        written.append((path.parent.name, split, f"{path.parent.name}/{named.name}"))
    return written


def _write(documents: Iterable[ExportDocument], variant_rows: list[VariantRow], root: Path,
           labels: list[str], ratios: dict[str, float],
           progress: Callable[[int], None] | None, workers: int,
           languages: list[str], annotations: Iterable[ExportAnnotation]) -> HfExportReport:
    import pyarrow as pa

    schemas = {name: f.arrow_schema for name, f in features(labels, languages).items()}
    context = ChunkContext(labels, languages, ratios, schemas)
    writers = _Writers(root, schemas)
    report = HfExportReport(path=root)
    done = 0
    for part in _results(documents, context, workers):
        for (config, split), table in part.tables.items():
            writers.add(config, split, table)
        report.add(part)
        done += sum(part.documents.values())
        if progress:
            progress(done)
    rows = []
    for row in variant_rows:
        report.entities += 1
        entity = row.entity
        rows.append({
            "entity_id": entity.id, "canonical": entity.canonical, "type": entity.label,
            "forms": [{"form": f.form, "count": f.count, "documents": len(f.documents)}
                      for f in row.forms],
            "cyrillic_ru": entity.cyrillic.get("ru", []),
            "cyrillic_kk": entity.cyrillic.get("kk", []),
            "documents": row.documents, "note": entity.note})
    for start in range(0, len(rows), BATCH):
        writers.add("variants", "train",
                    pa.Table.from_pylist(rows[start:start + BATCH], schema=schemas["variants"]))
    _write_annotations(annotations, writers, schemas["annotations"], ratios, report)
    writers.close()
    return report


def _write_annotations(annotations: Iterable[ExportAnnotation], writers: _Writers,
                       schema: Any, ratios: dict[str, float], report: HfExportReport) -> None:
    """In the split of their document, so they line up with the `spans` config."""
    import pyarrow as pa

    pending: dict[str, list[dict]] = {}
    for row in annotations:
        split = split_of(row.id, ratios)
        pending.setdefault(split, []).append({
            "id": row.id, "annotator": row.annotator, "status": row.status,
            "spans": [{"start": s.start, "end": s.end, "label": s.label, "text": s.text,
                       "status": s.status, "entity_id": s.entity_id,
                       "canonical": s.canonical} for s in row.spans]})
        report.annotations += 1
        if len(pending[split]) >= BATCH:
            writers.add("annotations", split, pa.Table.from_pylist(pending.pop(split),
                                                                   schema=schema))
    for split, rows in pending.items():
        writers.add("annotations", split, pa.Table.from_pylist(rows, schema=schema))


def _results(documents: Iterable[ExportDocument], context: ChunkContext, workers: int
             ) -> Iterator[ChunkResult]:
    """Each chunk's tables and counts, in order. A project's selection hands out chunks that
    name documents, so with workers the reading happens in the workers too; any other
    iterable of documents is cut into chunks here. With workers, at most a few chunks are
    in flight, so memory stays flat."""
    chunks = getattr(documents, "chunks", None)
    jobs: Iterator[Any] = chunks() if chunks else _chunks(documents)
    if workers <= 1:
        load = getattr(documents, "load", None)
        for job in jobs:
            yield build_chunk(load(job) if load else job, context)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Spawned, not forked: a fork copies whatever lock another thread holds at that moment
    # (the progress bar's, a connection pool's), and a worker that inherits a held lock
    # hangs before it can even arrange to die with its parent.
    import os

    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent,
                             initargs=(os.getpid(),), mp_context=multiprocessing.get_context("spawn")) as pool:
        ahead: list = []
        for job in jobs:
            ahead.append(pool.submit(build_job, job, context))
            if len(ahead) > workers * 2:
                yield ahead.pop(0).result()
        for future in ahead:
            yield future.result()


def _chunks(documents: Iterable[ExportDocument], size: int = 500
            ) -> Iterator[list[ExportDocument]]:
    chunk: list[ExportDocument] = []
    for doc in documents:
        chunk.append(doc)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _card(report: HfExportReport, labels: list[str], ratios: dict[str, float],
          about: dict[str, Any], written: list[tuple[str, str, str]]) -> str:
    configs = []
    for config in ("spans", "ner", "variants", "annotations"):
        files = [(split, path) for c, split, path in written if c == config]
        if not files:
            continue
        lines = [f"- config_name: {config}"]
        if config == "spans":
            lines.append("  default: true")
        lines.append("  data_files:")
        for split, path in files:
            lines += [f"  - split: {split}", f"    path: {path}"]
        configs.append("\n".join(lines))
    name = about.get("name", "annotated corpus")
    total = sum(report.documents.values())
    span_lines = "\n".join(f"| {markdown(label)} | {report.spans.get(label, 0)} |"
                           for label in labels)
    split_lines = "\n".join(f"| {split} | {count} |" for split, count in
                            sorted(report.documents.items()))
    annotators = ", ".join(map(markdown, about.get("annotators", []))) or "unknown"
    split_ratios = ", ".join(f"{split} {ratio:g}" for split, ratio in ratios.items())
    tag_names = ", ".join(map(markdown, bio_names(labels)[:5]))
    return f"""---
pretty_name: {json.dumps(name)}
language:
- en
- ru
- kk
task_categories:
- token-classification
configs:
{chr(10).join(configs)}
---

# {markdown(name)}

Exported by annotator {__version__} (`pip install {DISTRIBUTION}`) on {about.get("date", "")}:
{total} documents ({about.get("selection", "")}), {sum(report.spans.values())} spans,
{report.entities} entities. Annotators: {annotators}.

```python
from datasets import load_dataset

spans = load_dataset("path/to/this/folder")            # config "spans" (default)
ner = load_dataset("path/to/this/folder", "ner")       # tokens + ner_tags (ClassLabel)
variants = load_dataset("path/to/this/folder", "variants")
```

## Configs

- **spans**: `id`, `text`, `spans` (a list of `start`, `end` (character offsets in Unicode
  code points, end exclusive), `label`, `text`, `status` (`accepted`, or `suggested` when
  suggestions were exported), `entity_id`, `canonical`), the document `status`,
  `translations` (per language, null when the document was not translated: `text`, and
  `sentences`, each the `start`, `end` of a source sentence in `text` and its translation,
  with the `route`, `packages`, `engine` and time that made it) and `meta` (JSON text).
- **ner**: `id`, `tokens`, `ner_tags`, a sequence of ClassLabel with BIO names
  ({tag_names}, ...). Nested or overlapping spans keep the longest:
  {report.dropped_in_ner} span(s) were left out of this flat view (they are all in `spans`).
- **variants**: one row per entity: `canonical`, `type`, `forms` (each spelling with its
  occurrences and documents in the corpus), `cyrillic_ru`, `cyrillic_kk`, `documents`.{
_annotations_config(report)}

## How the annotations were made

{_team_section(about)}

## Splits

Assigned by a hash of the document id (ratios {split_ratios}), so a document stays in its split
across exports.

| split | documents |
|---|---|
{split_lines}

## Labels

| label | spans |
|---|---|
{span_lines}

Suggested spans included: {report.suggested}.

## Translations

{_translation_lines(report, total)}
"""


def _annotations_config(report: HfExportReport) -> str:
    if not report.annotations:
        return ""
    return ("\n- **annotations**: one row per document and annotator (double annotation): "
            "`id`, `annotator`,\n  their `status` for the document and their own `spans` "
            f"(the fields of `spans`); {report.annotations} rows,\n  in the split of their "
            "document, for work on disagreement.")


def _team_section(about: dict[str, Any]) -> str:
    if about.get("workflow", "shared") != "double":
        return ("One shared layer: the annotators edited the same spans; no agreement between "
                "annotators was measured.")
    lines = []
    if about.get("layer", "gold") != "gold":
        lines.append(f"This export holds the layer of one annotator, "
                     f"{markdown(about['layer'])}: their own spans, as they made them, before "
                     "any adjudication.\n")
    gold = about.get("provenance")
    if gold is not None:
        reviewers = ", ".join(map(markdown, gold.reviewers)) or "nobody yet"
        lines.append(
            f"Double annotation: each annotator worked in a layer of their own, unseen by the "
            f"others; reviewers ({reviewers}) adjudicated the differences into the gold "
            f"spans of this dataset. {gold.adjudicated} of {gold.assigned} assigned documents "
            f"are adjudicated. Of their {gold.spans} gold spans: {gold.unanimous} made "
            f"identically by every annotator of the document, {gold.some} chosen by a "
            f"reviewer between the annotators' versions, {gold.reviewer_only} added or "
            "edited by a reviewer.")
    agreement = about.get("agreement")
    if agreement is None or not agreement.documents:
        lines.append("\nNo document was finished by two annotators, so there is no agreement "
                     "figure.")
        return "\n".join(lines)
    from annotator.formats.agreement_report import summary_line, to_markdown

    lines += ["", f"Inter-annotator agreement over {markdown(summary_line(agreement))}. "
              "Span F1: exact (same start, end and label) and partial (same label, "
              "overlapping), micro over documents; kappa: Cohen's on BIO token labels per "
              "pair (overall: their mean); alpha: Krippendorff's, nominal, over tokens, "
              "unfinished documents as missing values.", "", to_markdown(agreement)]
    return "\n".join(lines)


def _translation_lines(report: HfExportReport, total: int) -> str:
    if not report.translations:
        return "None: no document of this export was machine-translated."
    lines = ["Machine translations made offline with Argos Translate packages, sentence by "
             "sentence; they are not reviewed by the annotators.", "",
             "| language | documents | made with |", "|---|---|---|"]
    for lang, count in sorted(report.translations.items()):
        made_with = "; ".join(map(markdown, sorted(report.translated_with.get(lang, ()))))
        lines.append(f"| {markdown(lang)} | {count} of {total} | {made_with} |")
    return "\n".join(lines)
