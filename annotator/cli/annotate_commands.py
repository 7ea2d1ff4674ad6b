"""annotator spans / annotator docs: annotation from the command line, for scripts and for
fixing one span over ssh. Every change goes through the same facade as the TUI, so it is
checked the same way, recorded under your name and undone with `annotator undo`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from annotator.cli.common import (
    echo,
    errors_as_messages,
    open_project,
    output_option,
    print_json,
    project_options,
)

if TYPE_CHECKING:
    from annotator.core.models import Span

STATUSES = ("new", "in_progress", "done")
SPAN_STATUSES = ("accepted", "suggested")


@click.group()
def spans() -> None:
    """Tag, list and remove spans (in your layer).

    \b
    Example:
      annotator spans add 54b3eda07178e59d 120 130 PERSON --entity Vassilenko -p news.db
      annotator spans list 54b3eda07178e59d -p news.db
      annotator spans remove 42 -p news.db
    """


@spans.command("add")
@project_options
@click.argument("doc")
@click.argument("start", type=click.IntRange(0))
@click.argument("end", type=click.IntRange(1))
@click.argument("label")
@click.option("--entity", metavar="NAME", help="Link the span to this entity (an id, canonical "
              "form or spelling); created with LABEL as its type when none exists.")
@click.option("--suggested", is_flag=True, help="Add it as a suggestion to review, not as an "
              "accepted span.")
@output_option
@errors_as_messages
def add(project_path, annotator_name, doc, start, end, label, entity, suggested,
        output) -> None:
    """Tag the characters [START, END) of document DOC with LABEL.

    Offsets count Unicode code points (as Python does), END exclusive; `annotator spans list
    DOC` shows the offsets of existing spans.

    \b
    Example:
      annotator spans add 54b3eda07178e59d 120 130 PERSON -p news.db
      added span 87: [120, 130) PERSON 'Vassilenko'
    """
    if entity is not None and suggested:
        raise click.UsageError("--entity links an accepted span; leave out --suggested")
    with open_project(project_path, annotator_name) as project:
        span = project.add_span(doc, start, end, label, entity=entity,
                                status="suggested" if suggested else "accepted")
        text = project.document(doc).text[span.start:span.end]
        canonical = project.entity(span.entity_id).canonical if span.entity_id else None
    if output == "json":
        print_json(_span_record(span, text, canonical))
        return
    linked = f" -> {canonical}" if canonical else ""
    echo(f"added span {span.id}: [{span.start}, {span.end}) {span.label} {text!r}{linked}"
         f"{' (suggested)' if suggested else ''}")


@spans.command("list")
@project_options
@click.argument("doc", required=False)
@click.option("--status", type=click.Choice(SPAN_STATUSES), help="Only accepted spans, or "
              "only suggestions.")
@output_option
@errors_as_messages
def list_(project_path, annotator_name, doc, status, output) -> None:
    """The spans of document DOC, or of every document (in import order).

    \b
    Example:
      annotator spans list 54b3eda07178e59d -p news.db
      annotator spans list --status suggested --format json -p news.db > todo.json
    """
    with open_project(project_path, annotator_name) as project:
        found = project.listed_spans(doc, status)
        if output == "json":
            print_json([_span_record(span, text, canonical) for span, text, canonical in found])
            return
        count = 0
        for span, text, canonical in found:
            count += 1
            linked = f" -> {canonical}" if canonical else ""
            where = "" if doc else f"{span.doc_id}  "
            echo(f"{span.id:>6}  {where}[{span.start}, {span.end})  {span.label}  {text!r}"
                 f"{linked}  {span.status}  {span.annotator or '-'}")
    if not count:
        echo("no spans" + (f" in {doc}" if doc else ""))


@spans.command("remove")
@project_options
@click.argument("span_ids", metavar="SPAN_ID...", nargs=-1, type=int, required=True)
@errors_as_messages
def remove(project_path, annotator_name, span_ids) -> None:
    """Remove spans by id (as `annotator spans list` shows them); each is one undo step.

    \b
    Example:
      annotator spans remove 87 -p news.db
      removed span 87: [120, 130) PERSON in 54b3eda07178e59d
    """
    with open_project(project_path, annotator_name) as project:
        for span_id in span_ids:
            span = project.remove_span(span_id)
            echo(f"removed span {span.id}: [{span.start}, {span.end}) {span.label} in "
                 f"{span.doc_id}")


@click.group()
def docs() -> None:
    """List documents and set their status (in your layer).

    \b
    Example:
      annotator docs list --status in_progress -p news.db
      annotator docs set-status 54b3eda07178e59d c03bbd7e0a03ebef done -p news.db
    """


@docs.command("list")
@project_options
@click.option("--status", type=click.Choice(STATUSES), help="Only documents with this status.")
@click.option("--queue", is_flag=True, help="Only the documents assigned to you.")
@output_option
@errors_as_messages
def docs_list(project_path, annotator_name, status, queue, output) -> None:
    """Documents in import order with their status, length, spans and title.

    \b
    Example:
      annotator docs list --status done --format json -p news.db
    """
    page_size = 1000
    with open_project(project_path, annotator_name) as project:
        records, offset = [], 0
        while True:
            page = project.list_documents(offset=offset, limit=page_size, status=status,
                                          queue=queue)
            for summary in page:
                record = {"id": summary.id, "status": summary.status.value,
                          "length": summary.length, "accepted": summary.accepted,
                          "suggested": summary.suggested, "title": summary.title}
                if output == "json":
                    records.append(record)
                else:
                    echo(f"{summary.id}  {summary.status.value:<11}  {summary.length:>7} chars  "
                         f"{summary.accepted:>4} spans  {summary.title}")
            if len(page) < page_size:
                break
            offset += page_size
    if output == "json":
        print_json(records)
    elif not offset and not page:
        echo("no documents" + (f" {status}" if status else ""))


@docs.command("set-status")
@project_options
@click.argument("doc_ids", metavar="DOC...", nargs=-1, required=True)
@click.argument("status", type=click.Choice(STATUSES))
@errors_as_messages
def set_status(project_path, annotator_name, doc_ids, status) -> None:
    """Set the status of one or more documents: all or none, one undo step.

    \b
    Example:
      annotator docs set-status 54b3eda07178e59d done -p news.db
    """
    with open_project(project_path, annotator_name) as project:
        project.set_document_statuses(list(doc_ids), status)
    echo(f"marked {len(doc_ids)} document{'s' if len(doc_ids) != 1 else ''} {status}")


def _span_record(span: Span, text: str, canonical: str | None) -> dict:
    return {"id": span.id, "doc": span.doc_id, "start": span.start, "end": span.end,
            "label": span.label, "text": text, "status": span.status.value,
            "entity_id": span.entity_id, "canonical": canonical,
            "annotator": span.annotator, "layer": span.layer}


COMMANDS = [spans, docs]
