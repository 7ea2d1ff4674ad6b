"""The dataset card (README.md) of a Hugging Face export: YAML metadata that the Hub and
`datasets` read (configs, languages, license, size, task), then what an ML engineer needs
to trust the data: how rows are cut, how annotations were made, splits, labels, entities
and translations. Every string from the project is escaped for YAML or Markdown."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from annotator import DISTRIBUTION, __version__
from annotator.core.bio import bio_names
from annotator.core.escape import markdown
from annotator.core.translation_records import primary_language

if TYPE_CHECKING:
    from annotator.formats.hf_dataset import HfExportReport, NerShape

CONFIGS = ("spans", "ner", "variants", "annotations")
# The Hub's size buckets (huggingface_hub's dataset card metadata).
_SIZES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
          (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"))


def size_category(documents: int) -> str:
    for bound, name in _SIZES:
        if documents < bound:
            return name
    return "100M<n<1B"


def card_languages(report: HfExportReport) -> list[str]:
    """The languages the dataset holds: its documents' (those known) and its translations'."""
    return sorted({lang for lang, count in report.languages.items() if lang and count}
                  | {primary_language(lang) or lang
                     for lang, count in report.translations.items() if count})


def metadata(report: HfExportReport, about: dict[str, Any],
             written: list[tuple[str, str, str]]) -> str:
    languages = card_languages(report)
    creators = ["expert-generated"] + (["machine-generated"] if report.suggested else [])
    lines = [f"pretty_name: {json.dumps(about.get('name', 'annotated corpus'))}"]
    if languages:
        lines += ["language:", *(f"- {json.dumps(lang)}" for lang in languages)]
        lines += ["multilinguality:",
                  "- monolingual" if len(languages) == 1 else "- multilingual"]
    lines += [f"license: {json.dumps(about.get('license') or 'unknown')}",
              "annotations_creators:", *(f"- {kind}" for kind in creators),
              "language_creators:", "- found",
              "size_categories:", f"- {size_category(sum(report.documents.values()))}",
              "source_datasets:", "- original",
              "task_categories:", "- token-classification",
              "task_ids:", "- named-entity-recognition",
              "configs:"]
    for config in CONFIGS:
        files = [(split, path) for c, split, path in written if c == config]
        if not files:
            continue
        lines.append(f"- config_name: {config}")
        if config == "spans":
            lines.append("  default: true")
        lines.append("  data_files:")
        paths: dict[str, list[str]] = {}
        for split, path in files:  # a split written in shards has several files, in order
            paths.setdefault(split, []).append(path)
        for split, shards in paths.items():
            lines.append(f"  - split: {split}")
            lines += [f"    path: {shards[0]}"] if len(shards) == 1 else [
                "    path:", *(f"    - {path}" for path in shards)]
    return "\n".join(lines)


def dataset_card(report: HfExportReport, labels: list[str], ratios: dict[str, float],
                 about: dict[str, Any], written: list[tuple[str, str, str]],
                 ner: NerShape) -> str:
    name = about.get("name", "annotated corpus")
    total = sum(report.documents.values())
    annotators = ", ".join(map(markdown, about.get("annotators", []))) or "unknown"
    return f"""---
{metadata(report, about, written)}
---

# {markdown(name)}

Exported by annotator {__version__} (`pip install {DISTRIBUTION}`) on {about.get("date", "")}:
{total} documents ({about.get("selection", "")}), {sum(report.spans.values())} spans,
{report.entities} entities. Annotators: {annotators}.

- Languages: {_language_line(report)}
- License: {_license_line(about)}

```python
from datasets import load_dataset

spans = load_dataset("path/to/this/folder")            # config "spans" (default)
ner = load_dataset("path/to/this/folder", "ner")       # tokens + ner_tags (ClassLabel)
variants = load_dataset("path/to/this/folder", "variants")
```

## Configs

- **spans**: one row per document: `id`, `text`, `spans` (a list of `start`, `end`
  (character offsets in Unicode code points, end exclusive), `label`, `text`, `status`
  (`accepted`, or `suggested` when suggestions were exported), `entity_id`, `canonical`),
  the document `status`, `translations` (per language, null when the document was not
  translated: `text`, and `sentences`, each the `start`, `end` of a source sentence in
  `text` and its translation, with the `route`, `packages`, `engine` and time that made
  it), `meta` (JSON text) and `aliases` (other ids of the document: records with the same
  text under another id, merged into it at import).
- **ner**: {_ner_line(report, labels, ner)}
- **variants**: one row per entity: `entity_id` (the `entity_id` of the spans that name
  it), `canonical`, `type` (its label, null when none was given), `forms` (each spelling
  with its occurrences and documents in the corpus), `cyrillic_ru`, `cyrillic_kk` (its
  Cyrillic forms), `documents` (the ids of the documents that name it) and `note` (the
  annotators' note, null when none).{_annotations_config(report)}

## How the annotations were made

{_team_section(about)}

## Splits

{_split_section(report, ratios)}

## Labels

{_label_section(report, labels)}

## Entities and their variants

{_entity_line(report)}

## Translations

{_translation_lines(report, total)}
"""


def _language_line(report: HfExportReport) -> str:
    known = {lang: count for lang, count in report.languages.items() if lang}
    parts = [f"{count} document{'s' if count != 1 else ''} in {markdown(lang)}"
             for lang, count in sorted(known.items())]
    unknown = report.languages.get("", 0)
    if unknown:
        parts.append(f"{unknown} document{'s' if unknown != 1 else ''} of unknown language "
                     "(neither their metadata nor the exporter's `--language` named one)")
    for lang, count in sorted(report.translations.items()):
        parts.append(f"machine translations into {markdown(lang)} for {count}")
    return "; ".join(parts) + "."


def _license_line(about: dict[str, Any]) -> str:
    if about.get("license"):
        return f"`{markdown(about['license'])}` (SPDX), as given by the exporter."
    return ("unknown: the exporter did not state one (`annotator export hf --license ID`). "
            "Check the rights to the source texts before sharing this dataset.")


def _ner_line(report: HfExportReport, labels: list[str], ner: NerShape) -> str:
    rows = sum(report.ner_rows.values())
    unit = {"sentence": f"one row per sentence (a sentence longer than {ner.max_tokens} "
                        "tokens is cut between tokens)",
            "window": f"one row per window of whole sentences, at most {ner.max_tokens} "
                      "tokens (a longer sentence is cut between tokens)",
            "document": "one row per document"}[ner.unit]
    text = (f"{unit}; {rows} rows. A row is never cut inside a span, so no tag is split "
            "between rows. Columns: `id`, `document_id` (the `id` of its document in "
            "`spans`), `start`, `end` (the row's characters in the document's text), "
            "`tokens`, `ner_tags`, a sequence of ClassLabel with BIO names "
            f"({', '.join(map(markdown, bio_names(labels)[:5]))}, ...)")
    if ner.mark_suggested:
        text += (", and `suggested`, true for each token whose tag comes from a suggested "
                 "span (a model's or a dictionary's proposal nobody accepted): filter on it "
                 "to train on accepted spans only")
    return (text + f". Nested or overlapping spans keep the longest: {report.dropped_in_ner} "
            "span(s) were left out of this flat view (they are all in `spans`).")


def _split_section(report: HfExportReport, ratios: dict[str, float]) -> str:
    split_ratios = ", ".join(f"{markdown(split)} {ratio:g}" for split, ratio in ratios.items())
    lines = [f"Assigned by a hash of the document id (ratios {split_ratios}), so a document "
             "stays in its split across exports."]
    lines += [f"{markdown(note)}." for note in report.split_notes]
    lines += ["", "| split | documents | ner rows |", "|---|---|---|"]
    lines += [f"| {markdown(split)} | {report.documents.get(split, 0)} | "
              f"{report.ner_rows.get(split, 0)} |" for split in ratios]
    return "\n".join(lines)


def _label_section(report: HfExportReport, labels: list[str]) -> str:
    lines = ["| label | spans |", "|---|---|"]
    lines += [f"| {markdown(label)} | {report.spans.get(label, 0)} |" for label in labels]
    lines += ["", f"Suggested spans included: {report.suggested}."]
    return "\n".join(lines)


def _entity_line(report: HfExportReport) -> str:
    if not report.entities:
        return "No entity: no span was linked to one."
    return (f"{report.entities} entities with {report.spellings} spellings in the corpus; "
            f"{report.varied} of them are written in more than one way (transliteration "
            f"variants, linked by the annotators); {report.cyrillic} Cyrillic forms. The "
            "`variants` config lists them.")


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
