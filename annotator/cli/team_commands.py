"""Team annotation: assign, agreement and adjudicate."""

from __future__ import annotations

import click

from annotator.cli.common import (
    echo,
    errors_as_messages,
    open_project,
    output_option,
    print_json,
    project_options,
)


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


@click.command()
@project_options
@click.option("--annotators", required=True, metavar="A,B,...",
              help="Who annotates, comma-separated.")
@click.option("--overlap", type=click.IntRange(1), default=2, show_default=True,
              help="Annotators per document for the overlapping fraction.")
@click.option("--fraction", type=click.FloatRange(0, 1), default=1.0, show_default=True,
              help="Share of the documents annotated by `overlap` annotators; the rest get one.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="The same seed gives the same assignment.")
@output_option
@errors_as_messages
def assign(project_path, annotator_name, annotators, overlap, fraction, seed, output) -> None:
    """Assign the documents that have no annotators yet: balanced, deterministic for a seed;
    run it again after an import and only the new documents are assigned. Each annotator's
    queue is what the TUI's Documents screen opens on in the double workflow.

    \b
    Example:
      annotator assign -p news.db --annotators alice,bob,carol --overlap 2 --fraction 0.2
    """
    with open_project(project_path, annotator_name) as project:
        report = project.assign(_names(annotators), overlap=overlap, fraction=fraction,
                                seed=seed)
        workflow = project.workflow
    if output == "json":
        print_json({"assigned": report.assigned, "overlapping": report.overlapping,
                    "kept": report.kept, "per_annotator": report.per_annotator})
        return
    each = ", ".join(f"{name} {count}" for name, count in report.per_annotator.items())
    echo(f"assigned {report.assigned} documents ({report.overlapping} to {overlap} "
         f"annotators, the rest to one): {each}; {report.kept} already assigned kept")
    if workflow != "double":
        echo("note: the project's workflow is shared, so everyone still edits one layer; "
             "`annotator project workflow double` gives each annotator their own")



@click.command()
@project_options
@click.option("--annotators", metavar="A,B,...", help="Only these annotators (default: all).")
@click.option("--label", metavar="LABEL", help="Only spans of this label.")
@click.option("--format", "output", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True, help="Text for people, JSON for programs, or an HTML page.")
@errors_as_messages
def agreement(project_path, annotator_name, annotators, label, output) -> None:
    """How far the annotators agree, over the documents two or more of them finished:
    span F1 (exact and partial), Cohen's kappa per pair and Krippendorff's alpha on token
    labels, by label and by pair, and agreement on entity links.

    \b
    Example:
      annotator agreement -p news.db
      annotator agreement -p news.db --annotators alice,bob --format json
      annotator agreement -p news.db --format html > agreement.html
    """
    from annotator.cli.common import progress_bar

    with open_project(project_path, annotator_name) as project:
        with progress_bar("measuring agreement", quiet=output != "text") as update:
            report = project.agreement(_names(annotators) if annotators else None, label,
                                       progress=update)
        name = project.name
    if output == "json":
        print_json(report.as_dict())
        return
    if output == "html":
        from annotator.formats.agreement_report import to_html

        click.echo(to_html(report, f"Agreement: {name}"), nl=False)
        return
    _print_text(report)


def _print_text(report) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from annotator.formats.agreement_report import COLUMNS, HEADERS, figure, rows, summary_line

    console = Console()
    console.print(Text(summary_line(report)))
    if not report.documents:
        console.print("no figures yet: agreement needs documents that two or more annotators "
                      "marked done")
        return
    table = Table("", *HEADERS, box=None)
    for name, figures in rows(report):
        table.add_row(Text(name), *(figure(getattr(figures, c)) for c in COLUMNS))
    console.print(table)
    pairs = Table("annotators", "documents", *HEADERS[:3], box=None)
    for pair in report.pairs:
        pairs.add_row(Text(f"{pair.a} – {pair.b}"), str(pair.documents),
                      figure(pair.span_f1_exact), figure(pair.span_f1_partial),
                      figure(pair.kappa))
    console.print(pairs)
    console.print(f"entity links, pairwise F1: {figure(report.entity_links['pairwise_f1'])}")
    lowest = [d for d in report.by_document[:5] if d.disagreements]
    if lowest:
        console.print(Text("lowest agreement: " + ", ".join(
            f"{d.doc_id} ({_differ(d.disagreements)})" for d in lowest)))


def _differ(count: int) -> str:
    return "1 span differs" if count == 1 else f"{count} spans differ"



@click.command()
@project_options
@click.option("--auto", "mode", type=click.Choice(["agreed", "majority"]), required=True,
              help="agreed: take the spans every assigned annotator made identically; "
                   "majority: those more than half of them made (for three or more).")
@output_option
@errors_as_messages
def adjudicate(project_path, annotator_name, mode, output) -> None:
    """Settle the annotators' layers into gold where they agree, over every document its
    annotators all finished; documents left with no dispute are marked adjudicated, the
    rest are listed for review (the TUI's Review screen). One undoable action.

    \b
    Example:
      annotator adjudicate -p news.db --auto agreed
      annotator adjudicate -p news.db --auto majority --format json
    """
    from annotator.cli.common import progress_bar

    with open_project(project_path, annotator_name) as project:
        with progress_bar("adjudicating", quiet=output == "json") as update:
            report = project.adjudicate(mode, progress=update)
        done, total = project.adjudication_progress()
    if output == "json":
        print_json({"mode": report.mode, "adjudicated": report.adjudicated,
                    "for_review": report.for_review, "waiting": report.waiting,
                    "spans_taken": report.spans_taken, "already_done": report.already_done,
                    "progress": {"adjudicated": done, "assigned": total}})
        return
    echo(f"{_count(len(report.adjudicated), 'document')} adjudicated now "
         f"({report.spans_taken} agreed spans taken into gold); "
         f"{done} of {total} adjudicated in all")
    if report.for_review:
        left = sorted(report.for_review.items(), key=lambda item: -item[1])
        shown = ", ".join(f"{doc} ({count})" for doc, count in left[:10])
        more = f", and {len(left) - 10} more" if len(left) > 10 else ""
        echo(f"{_count(len(left), 'document')} left for review (disputed spans): "
             f"{shown}{more}")
    if report.waiting:
        echo(f"{_count(len(report.waiting), 'document')} waiting for annotators to finish")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


COMMANDS = [assign, agreement, adjudicate]
