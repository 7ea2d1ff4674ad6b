"""annotator export: Hugging Face datasets (and, through the format registry, more)."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from annotator.cli.common import (
    echo,
    errors_as_messages,
    open_project,
    output_option,
    print_json,
    progress_bar,
    project_options,
)
from annotator.core.ner_units import DEFAULT_MAX_TOKENS, UNITS
from annotator.core.translation_records import primary_language
from annotator.formats.output import check_target


def layer_option(command):
    return click.option(
        "--layer", default="gold", show_default=True, metavar="NAME",
        help="gold (the common layer; in double annotation the adjudicated one), or one "
             "annotator's own layer (their finished documents).")(command)


@click.group()
def export() -> None:
    """Export the annotated corpus.

    \b
    Example:
      annotator export hf exports/news -p news.db
    """


@export.command()
@project_options
@click.argument("out", type=click.Path(file_okay=False, path_type=Path), required=False)
@click.option("--all", "all_documents", is_flag=True,
              help="Every document, not only those marked done.")
@click.option("--suggested", is_flag=True,
              help="Include suggested spans too (their status says so).")
@click.option("--splits", default="0.8,0.1,0.1", show_default=True,
              help="train,validation,test ratios, or names: train=0.9,test=0.1.")
@click.option("--overwrite", is_flag=True, help="Replace OUT if it exists (only once the new "
              "export is complete).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Processes that build the rows (default: one per core, up to 4, from "
                   "5,000 documents).")
@click.option("--ner-unit", type=click.Choice(UNITS), default="sentence", show_default=True,
              help="Rows of the ner config: sentences, windows of whole sentences up to "
                   "--max-tokens, or whole documents. Rows are never cut inside a span.")
@click.option("--max-tokens", type=click.IntRange(1), default=DEFAULT_MAX_TOKENS,
              show_default=True, help="Longest ner row in tokens (words and punctuation), for "
              "sentence and window rows; only a longer span makes a row longer.")
@click.option("--language", "default_language", metavar="CODE",
              help="Language of the documents whose metadata names none (such as en).")
@click.option("--license", "license_id", metavar="ID",
              help="License of the dataset, an SPDX id such as cc-by-4.0 (default: unknown, "
                   "said so in the card).")
@layer_option
@output_option
@errors_as_messages
def hf(project_path, annotator_name, out, all_documents, suggested, splits, overwrite,
       workers, ner_unit, max_tokens, default_language, license_id, layer, output) -> None:
    """Write a Hugging Face dataset folder (default: exports/<project name>) that
    `datasets.load_dataset(OUT)` loads: configs "spans" (default, a row per document),
    "ner" (a row per sentence by default) and "variants".

    \b
    Example:
      annotator export hf exports/news --language en --license cc-by-4.0 -p news.db
      python -c 'import datasets; print(datasets.load_dataset("exports/news", "ner"))'
    """
    from annotator.formats.hf_dataset import NerShape, parse_ratios, write_dataset

    ratios = parse_ratios(splits)
    default_language = _language(default_language)
    license_id = _license(license_id)
    with open_project(project_path, annotator_name) as project:
        out = out or Path("exports") / project.name
        check_target(out, project.files())
        total = project.export_count(all_documents=all_documents, layer=layer)
        if workers is None:
            workers = min(os.cpu_count() or 1, 4) if total > 5000 else 1
        stats = project.stats()
        labels = project.labels().names()
        double = project.workflow == "double"
        about: dict[str, Any] = {
            "name": project.name, "annotators": stats.annotators,
            "date": datetime.now(UTC).date().isoformat(),
            "selection": "all documents" if all_documents else
            "documents adjudicated" if double and layer == "gold" else "documents marked done",
            "workflow": project.workflow, "layer": layer, "license": license_id}
        if double:
            about["provenance"] = project.gold_provenance()
            about["agreement"] = project.agreement()
        with progress_bar(f"exporting to {out}", quiet=output == "json") as update:
            report = write_dataset(
                project.export_documents(all_documents=all_documents, suggested=suggested,
                                         layer=layer),
                project.variant_table(), out, labels=labels, ratios=ratios,
                overwrite=overwrite, progress=lambda done: update(done, total), card=about,
                workers=workers, languages=project.translation_languages(),
                annotations=project.export_annotations(all_documents=all_documents)
                if double else (), default_language=default_language,
                ner=NerShape(ner_unit, max_tokens, mark_suggested=suggested))
        project.confirm_complete(sum(report.documents.values()), total)
        project.keep_token_offsets(report.computed_offsets)
    summary = {"path": str(report.path), "documents": dict(report.documents),
               "spans": dict(report.spans), "suggested": report.suggested,
               "entities": report.entities, "dropped_in_ner": report.dropped_in_ner,
               "annotations": report.annotations, "ner_rows": dict(report.ner_rows),
               "translations": dict(report.translations), "split_notes": report.split_notes}
    if output == "json":
        print_json(summary)
        return
    documents = sum(report.documents.values())
    per_split = ", ".join(f"{k} {report.documents[k]}" for k in ratios if k in report.documents)
    echo(f"wrote {documents} documents ({per_split}), {sum(report.ner_rows.values())} ner rows "
         f"({ner_unit}), {sum(report.spans.values())} spans, {report.entities} entities "
         f"to {report.path}")
    for note in report.split_notes:
        echo(f"splits: {note}")
    if report.translations:
        echo("translations: " + ", ".join(
            f"{lang} {count}" for lang, count in sorted(report.translations.items())))


def _language(code: str | None) -> str | None:
    if code is None:
        return None
    language = primary_language(code)
    if language is None:
        raise click.BadParameter(f"{code!r} is not a language code (such as en, ru or kk)",
                                 param_hint="--language")
    return language


_LICENSE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]{0,63}")


def _license(identifier: str | None) -> str | None:
    if identifier is None:
        return None
    if not _LICENSE.fullmatch(identifier):
        raise click.BadParameter(f"{identifier!r} is not a license id (an SPDX id such as "
                                 "cc-by-4.0, mit or apache-2.0; or other)",
                                 param_hint="--license")
    return identifier.lower()


def _file_command(name: str, description: str, folder: bool) -> click.Command:
    @click.command(name, help=f"""Export as {description}.

    Only documents marked done and their accepted spans, unless told otherwise.

    \b
    Example:
      annotator export {name} exports/news{'' if folder else '.' + _suffix(name)} -p news.db
    """)
    @project_options
    @click.argument("out", type=click.Path(path_type=Path))
    @click.option("--all", "all_documents", is_flag=True,
                  help="Every document, not only those marked done.")
    @click.option("--suggested", is_flag=True, help="Include suggested spans too.")
    @click.option("--overwrite", is_flag=True, help="Replace OUT if it exists (only once the "
                  "new export is complete).")
    @layer_option
    @errors_as_messages
    def command(project_path, annotator_name, out, all_documents, suggested, overwrite,
                layer) -> None:
        from annotator.formats.export_formats import WRITERS
        from annotator.formats.output import atomic_output

        writer = WRITERS[name]
        with open_project(project_path, annotator_name) as project:
            check_target(out, project.files())
            total = project.export_count(all_documents=all_documents, layer=layer)
            with atomic_output(out, overwrite=overwrite, folder=writer.folder) as work:
                written = writer.write(
                    project.export_documents(all_documents=all_documents, suggested=suggested,
                                             layer=layer),
                    work)
                project.confirm_complete(written, total)
        echo(f"wrote {written} documents to {out}")

    return command


def _suffix(name: str) -> str:
    return {"conll": "conll", "labelstudio": "json"}.get(name, "jsonl")


# The registry is read here, at start-up, but holds no heavy import.
from annotator.formats.export_formats import WRITERS  # noqa: E402

for _writer in WRITERS.values():
    export.add_command(_file_command(_writer.name, _writer.description, _writer.folder))

COMMANDS = [export]
