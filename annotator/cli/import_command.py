"""annotator import: bring documents (and their annotations) into a project."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from annotator.cli.common import (
    echo,
    errors_as_messages,
    fail,
    open_project,
    output_option,
    print_json,
    progress_bar,
    project_options,
    secho,
)

SHOWN_PROBLEMS = 50


@click.command("import")
@project_options
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--from", "source_format",
              type=click.Choice(["txt", "jsonl", "prodigy", "doccano", "hf", "csv", "conll",
                                 "brat", "labelstudio"]),
              help="Input format (default: detected from the path; '-' is JSONL on stdin). "
                   "Prodigy and doccano files are JSONL.")
@click.option("--text-column", default="text", show_default=True,
              help="Field or column holding the text.")
@click.option("--id-column", default="id", show_default=True,
              help="Field or column holding the document id (else one is made from the text).")
@click.option("--split", help="Only this split of a Hugging Face dataset.")
@click.option("--strict", is_flag=True,
              help="Any problem fails the whole import, and nothing is written.")
@click.option("--add-labels", is_flag=True, help="Create labels the project does not have yet.")
@click.option("--as-suggestions", is_flag=True,
              help="Import every span as a suggestion to review (e.g. model predictions).")
@click.option("--create", is_flag=True, help="Create the project if it does not exist.")
@click.option("--layer", default="gold", show_default=True, metavar="NAME",
              help="Where the imported spans go: gold, or one annotator's own layer "
                   "(double annotation done elsewhere).")
@click.option("--update", "update_known", is_flag=True,
              help="Documents already in the project take the status and metadata the records "
                   "give (re-import after editing them elsewhere).")
@click.option("--keep-duplicates", is_flag=True, help="A record with the text of a stored "
              "document under another id is imported as a document of its own (default: its "
              "id becomes another id of that document, listed in the report and exports).")
@click.option("--max-file-size", type=click.FloatRange(min=0, min_open=True), metavar="MB",
              help="The largest file (or JSONL line) read whole, in MB (default: "
                   "$ANNOTATOR_MAX_FILE_MB, else 1024).")
@output_option
@errors_as_messages
def import_(project_path, annotator_name, sources, source_format, text_column, id_column, split,
            strict, add_labels, as_suggestions, create, layer, update_known, keep_duplicates,
            max_file_size, output) -> None:
    """Import documents from .txt files or folders, JSONL ('-' for stdin), CSV/TSV, or a
    Hugging Face dataset (save_to_disk folder, parquet).

    JSONL records look like {"id": "a1", "text": "...", "meta": {...},
    "spans": [{"start": 0, "end": 5, "label": "PERSON"}]}; spans are imported as accepted
    annotations unless the record says "suggested": true. Documents already in the project
    (same text) are not duplicated: their new spans are added, a different id becomes
    another id of the document (said in the report), and with --update their status and
    metadata are taken. Bad records are reported with file and line and skipped; the rest
    is imported.

    \b
    Example:
      annotator import corpus/ -p news.db
      annotator import data.jsonl --strict -p news.db
      annotator import hf_dataset/ --text-column content --split train -p news.db
      annotator import reviewed.jsonl --update -p news.db
    """
    from annotator.core.errors import AnnotatorError, InputProblem
    from annotator.formats import open_source
    from annotator.formats.files import MAX_FILE_ENV

    if max_file_size is not None:
        os.environ[MAX_FILE_ENV] = str(max_file_size)  # read by every reader of this run

    opened: list[tuple[str, Any]] = []
    for path in sources:
        try:
            opened.append((path, open_source(path, source_format, text_column=text_column,
                                             id_column=id_column, split=split)))
        except AnnotatorError as error:
            # One source that cannot be opened is a problem of that source; the rest go on.
            problem = InputProblem(path, None, str(error).removeprefix(f"{path}: "))
            opened.append((path, [problem]))
    with open_project(project_path, annotator_name, create=create) as project, \
            _interrupt_is_a_message(project), \
            progress_bar("importing", quiet=output == "json",
                         bytes_=all(getattr(s, "unit", "") == "bytes" for _, s in opened)) \
            as update:
        def progress(index: int) -> None:
            source = opened[index][1]
            update(getattr(source, "position", 0), getattr(source, "total", None),
                   f"importing {opened[index][0]}")

        reports = project.import_sources(
            [(path, source) for path, source in opened], strict=strict, add_labels=add_labels,
            spans_as="suggested" if as_suggestions else None, progress=progress, layer=layer,
            update=update_known, keep_duplicates=keep_duplicates, tokenize_beside=True)
    if output == "json":
        print_json([{"source": path, **report.as_dict()}
                    for (path, _), report in zip(opened, reports, strict=True)])
    else:
        for (path, _), report in zip(opened, reports, strict=True):
            _print_report(path, report)
        if strict and reports[0].rolled_back:
            problems = sum(report.problem_count for report in reports)
            secho(f"--strict: {problems} problem(s), nothing was written", fg="red",
                        err=True)
    if any(report.problem_count for report in reports):
        sys.exit(1)


def _print_report(path: str, report) -> None:
    for problem in report.problems[:SHOWN_PROBLEMS]:
        echo(str(problem), err=True)
    if report.problem_count > SHOWN_PROBLEMS:
        echo(f"... and {report.problem_count - SHOWN_PROBLEMS} more problems "
                   "(--format json lists the first 1000)", err=True)
    summary = (f"{path}: read {report.read}, imported {report.imported}, "
               f"already present {report.duplicates}, skipped {report.skipped}, "
               f"spans added {report.spans_added}")
    if report.updated:
        summary += f", updated {report.updated}"
    if report.kept_duplicates:
        summary += f", duplicate texts kept as documents {report.kept_duplicates}"
    if report.translations_added:
        summary += f", translations added {report.translations_added}"
    if report.entities_read:
        summary += (f", entities read {report.entities_read} (spellings and Cyrillic forms "
                    f"added {report.forms_added})")
    if report.labels_added:
        summary += f", new labels {', '.join(report.labels_added)}"
    if report.rolled_back:
        echo(f"{path}: read {report.read}, {report.problem_count} problem(s)", err=True)
        return
    echo(summary)
    if report.alias_count:
        echo(f"{path}: {report.alias_count} id(s) had the text of a stored document and became "
             "other ids of it (--keep-duplicates imports them as documents of their own):")
        for alias, doc_id in report.aliases[:SHOWN_PROBLEMS]:
            echo(f"  {alias} -> {doc_id}")
        if report.alias_count > SHOWN_PROBLEMS:
            echo(f"  ... and {report.alias_count - SHOWN_PROBLEMS} more (--format json lists "
                 "the first 1000)")


@contextmanager
def _interrupt_is_a_message(project) -> Iterator[None]:
    """An import stopped half-way (Ctrl-C, a full disk) keeps every batch it committed: say
    how many documents the project holds and that the same command imports the rest."""
    from annotator.core.errors import ConnectionLost
    from annotator.store.health import database_errors, explain

    try:
        yield
    except KeyboardInterrupt:
        secho(f"interrupted: {_held(project)}; run the same command again to import "
                    "the rest", fg="yellow", err=True)
        sys.exit(130)
    except database_errors() as error:
        fail(f"{explain(error, project.location)} The import stopped: {_held(project)}; run the "
             "same command again to import the rest.")
    except ConnectionLost as lost:
        fail(f"{lost}. The import stopped with the batch in progress: {_held(project)}; run "
             "the same command again to import the rest.")


def _held(project) -> str:
    try:
        return f"{project.document_count()} documents are in {project.location}"
    except Exception:  # noqa: BLE001 - the count is a courtesy; the failure is reported
        return f"the documents committed so far are in {project.location}"


COMMANDS = [import_]
