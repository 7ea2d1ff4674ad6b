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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.batches import batches_by
from annotator.core.errors import AnnotatorError
from annotator.core.exported import ExportAnnotation, ExportDocument
from annotator.core.ner_units import DEFAULT_MAX_TOKENS
from annotator.core.token_offsets import TokenOffsets
from annotator.formats.hf_card import dataset_card
from annotator.formats.hf_features import schema_metadata
from annotator.formats.hf_rows import ChunkContext, ExportCounts
from annotator.formats.hf_schema import arrow_schemas
from annotator.formats.hf_shards import ShardWorkers, shard_workers, write_shards
from annotator.formats.hf_splits import (  # noqa: F401 - parse_ratios is the CLI's
    DEFAULT_RATIOS,
    SplitPlan,
    fill_empty_splits,
    parse_ratios,
    split_of,
)
from annotator.formats.output import atomic_output
from annotator.formats.parquet_writers import BATCH, ParquetWriters
from annotator.variants.table import VariantRow

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
    split_notes: list[str] = field(default_factory=list)  # splits filled or left empty
    spellings: int = 0  # distinct spellings of all entities
    varied: int = 0  # entities with more than one spelling
    cyrillic: int = 0  # Cyrillic forms of all entities
    # Token offsets the export computed that the store did not keep (Project.keep_token_offsets).
    computed_offsets: list[tuple[str, TokenOffsets]] = field(default_factory=list)


@dataclass(frozen=True)
class NerShape:
    """How the `ner` config cuts documents into rows (core/ner_units.py)."""

    unit: str = "sentence"
    max_tokens: int | None = DEFAULT_MAX_TOKENS
    mark_suggested: bool = False  # a `suggested` column (exports with suggestions)


def write_dataset(
    documents: Iterable[ExportDocument], variant_rows: list[VariantRow], out: Path, *,
    labels: list[str], ratios: dict[str, float] | None = None, overwrite: bool = False,
    progress: Callable[[int], None] | None = None, card: dict[str, Any] | None = None,
    workers: int = 1, languages: Iterable[str] = (),
    annotations: Iterable[ExportAnnotation] = (), ner: NerShape = NerShape(),
    default_language: str | None = None,
) -> HfExportReport:
    """With `workers` > 1, token rows are built in that many processes (worth it from a
    few thousand documents: tokenizing is most of an export's time). `languages`: those
    the project holds translations in (ru and kk are columns in any case). `annotations`:
    each annotator's own spans per document (double annotation), the config of that name.
    `default_language`: of documents whose metadata names none."""
    out = Path(out)
    ratios = ratios or DEFAULT_RATIOS
    with shard_workers(workers) as pool, \
            atomic_output(out, overwrite=overwrite, folder=True) as work:
        documents, ids = _with_ids(documents)
        plan = fill_empty_splits(ids, ratios)
        report = _write(documents, variant_rows, work, labels, ratios, progress, pool,
                        translation_languages(languages), annotations, ner, plan,
                        default_language)
        if not report.documents:
            raise AnnotatorError("no documents to export: none is marked done (mark documents "
                                 "done in the annotator; in double annotation, adjudicate "
                                 "them; or export with --all)")
        report.path = out
        report.split_notes = plan.notes
        (work / "README.md").write_text(dataset_card(
            report, labels, ratios, card or {}, _name_by_content(work, list(ratios)), ner),
            "utf-8")
    return report


def _with_ids(documents: Iterable[ExportDocument]
              ) -> tuple[Iterable[ExportDocument], list[str]]:
    """The documents' ids before any is read: a project's selection lists them cheaply;
    other iterables are read into a list once."""
    ids = getattr(documents, "ids", None)
    if ids is not None:
        return documents, list(ids())
    documents = list(documents)
    return documents, [doc.id for doc in documents]


def _name_by_content(root: Path, order: list[str]) -> list[tuple[str, str, str]]:
    """Rename each Parquet file after a digest of its bytes; return (config, split, path),
    splits in the order of `order` (train, validation, test as a trainer expects them).

    `datasets` caches a local dataset under a hash of its card's YAML, not of the files, so
    a re-export under the same card would load the previous export's rows from the cache.
    Naming the files by content in the card changes the hash exactly when the data changes.
    """
    written = []
    # In name order: a split's shards (train-00000, train-00001, ...) keep the documents'.
    for path in sorted(root.glob("*/*.parquet")):
        digest = hashlib.sha256()
        with path.open("rb") as data:
            while block := data.read(1 << 20):
                digest.update(block)
        split = path.name.split("-")[0]
        named = path.with_name(f"{split}-{digest.hexdigest()[:16]}.parquet")
        path.rename(named)
        written.append((path.parent.name, split, f"{path.parent.name}/{named.name}"))
    place = {name: number for number, name in enumerate(order)}
    # A stable sort: the shards of a split stay in their order.
    return sorted(written, key=lambda item: (item[0], place.get(item[1], len(place)), item[1]))


def _write(documents: Iterable[ExportDocument], variant_rows: list[VariantRow], root: Path,
           labels: list[str], ratios: dict[str, float],
           progress: Callable[[int], None] | None, workers: ShardWorkers | None,
           languages: list[str], annotations: Iterable[ExportAnnotation], ner: NerShape,
           plan: SplitPlan, default_language: str | None) -> HfExportReport:
    import pyarrow as pa

    schemas = arrow_schemas(languages, ner.mark_suggested)
    context = ChunkContext(labels, languages, schemas, ner.unit, ner.max_tokens,
                           ner.mark_suggested, default_language)
    metadata = schema_metadata(labels, languages, ner.mark_suggested)
    report = HfExportReport(path=root)
    # Chunks of one split each. A project's selection hands out chunks that name documents
    # (read where their shard is written); any other iterable of documents is cut here.
    chunks_by = getattr(documents, "chunks_by", None)
    chunks = chunks_by(plan.splits.__getitem__) if chunks_by else batches_by(
        documents, lambda doc: plan.splits[doc.id], 500)
    for part in write_shards(chunks, context, root, metadata, workers, progress,
                             getattr(documents, "columns", None)):
        report.add(part)
        report.computed_offsets += part.computed_offsets
    writers = ParquetWriters(root, schemas, metadata)
    rows = []
    for row in variant_rows:
        report.entities += 1
        entity = row.entity
        report.spellings += len(row.forms)
        report.varied += len(row.forms) > 1
        report.cyrillic += sum(map(len, entity.cyrillic.values()))
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
    _write_annotations(annotations, writers, schemas["annotations"], ratios, plan.moved,
                       report)
    writers.close()
    return report


def _write_annotations(annotations: Iterable[ExportAnnotation], writers: ParquetWriters,
                       schema: Any, ratios: dict[str, float], moved: dict[str, str],
                       report: HfExportReport) -> None:
    """In the split of their document, so they line up with the `spans` config."""
    import pyarrow as pa

    pending: dict[str, list[dict]] = {}
    for row in annotations:
        split = split_of(row.id, ratios, moved)
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
