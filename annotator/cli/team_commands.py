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


COMMANDS = [assign]
