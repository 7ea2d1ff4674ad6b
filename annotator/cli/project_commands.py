"""init, status and sample."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from pydantic import ValidationError

from annotator.cli.common import (
    echo,
    errors_as_messages,
    open_project,
    output_option,
    print_json,
    project_options,
)
from annotator.core.errors import AnnotatorError


@click.command()
@project_options
@click.option("--labels", "label_names", metavar="A,B,...",
              help="Label names, comma-separated (default: PERSON,ORG,LOC,EVENT,TERM).")
@click.option("--labels-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A label set as JSON (schemas/label-set.schema.json).")
@click.option("--workflow", type=click.Choice(["shared", "double"]), default="shared",
              show_default=True, help="shared: everyone edits one common layer; double: each "
              "annotator works in a layer of their own and reviewers adjudicate into gold.")
@errors_as_messages
def init(project_path, annotator_name, label_names, labels_file, workflow) -> None:
    """Create a new, empty project file.

    \b
    Example:
      annotator init -p news.db --labels PERSON,ORG,LOC,TERM
      annotator init -p team.db --workflow double
    """
    from annotator.core.models import Label, LabelSet
    from annotator.store.location import default_project
    from annotator.store.project import Project

    labels = None
    try:
        if labels_file:
            labels = LabelSet.model_validate(json.loads(labels_file.read_text("utf-8")))
        elif label_names:
            names = [n.strip() for n in label_names.split(",") if n.strip()]
            keys = "1234567890"
            labels = LabelSet(labels=[
                Label(name=n, key=keys[i] if i < len(keys) else None) for i, n in enumerate(names)
            ])
    except (ValidationError, json.JSONDecodeError) as error:
        raise AnnotatorError(f"invalid labels: {error}") from None
    path = project_path or default_project()
    with Project.create(path, labels=labels, annotator=annotator_name) as project:
        project.set_workflow(workflow)
        echo(f"created {project.location} with labels {', '.join(project.labels().names())}"
             + (" (double annotation)" if workflow == "double" else ""))


@click.command()
@project_options
@output_option
@errors_as_messages
def status(project_path, annotator_name, output) -> None:
    """Documents, progress, spans per label and entities of a project.

    \b
    Example:
      annotator status -p news.db --format json
    """
    with open_project(project_path, annotator_name) as project:
        show_status(project, output)


def show_status(project, output: str) -> None:
    stats = project.stats()
    if output == "json":
        print_json({"project": project.location, **stats.as_dict()})
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    console = Console()
    done = stats.by_status["done"]
    double = stats.workflow == "double"
    console.print(f"[bold]{escape(project.location)}[/]: {stats.documents} documents "
                  f"({stats.by_status['new']} new, {stats.by_status['in_progress']} in progress, "
                  f"{done} {'adjudicated' if double else 'done'})\n"
                  f"{stats.annotated} annotated{' in gold' if double else ''}, "
                  f"{stats.entities} entities; workflow {stats.workflow}")
    table = Table("label", "accepted", "suggested", box=None)
    for label, counts in stats.spans.items():
        table.add_row(Text(label), str(counts["accepted"]), str(counts["suggested"]))
    console.print(table)
    if stats.assignments:
        queues = Table("annotator", "assigned", "new", "in progress", "done", "", box=None)
        for queue in stats.assignments:
            share = queue["done"] / queue["assigned"] if queue["assigned"] else 0.0
            queues.add_row(Text(queue["annotator"]), str(queue["assigned"]), str(queue["new"]),
                           str(queue["in_progress"]), str(queue["done"]), f"{share:.0%}")
        console.print(queues)


@click.command()
@project_options
@click.option("--full", is_flag=True, help="SQLite's integrity_check (slower) instead of its "
              "quick_check.")
@errors_as_messages
def check(project_path, annotator_name, full) -> None:
    """Check the project file with SQLite's own consistency check; exit status 1 when it is
    damaged.

    \b
    Example:
      annotator check -p news.db
    """
    with open_project(project_path, annotator_name) as project:
        problems = project.check(full=full)
    if problems:
        for problem in problems[:20]:
            echo(problem, err=True)
        raise AnnotatorError(f"{project.location} is damaged ({len(problems)} problem(s) found); "
                             "restore a backup, or recover what is readable with "
                             f"`sqlite3 {project.location} .recover | sqlite3 recovered.db`")
    echo(f"{project.location}: ok")


@click.command()
@project_options
@errors_as_messages
def sample(project_path, annotator_name) -> None:
    """Open the bundled sample corpus (five news articles) in the annotator, creating its
    project the first time (default ./sample.db).

    \b
    Example:
      annotator sample
    """
    from annotator.formats import open_source
    from annotator.store.project import Project

    path = project_path or "sample.db"
    with Project.open(path, annotator=annotator_name, create=True) as project:
        if project.document_count() == 0:
            report = project.import_documents(open_source(str(sample_corpus())))
            echo(f"imported {report.imported} sample documents into {project.location}")
    open_project_ui(path, annotator_name)


def open_project_ui(path: str, annotator_name: str | None) -> None:
    """The TUI in a terminal; the status when output goes to a pipe or a file."""
    if sys.stdin.isatty() and sys.stdout.isatty():
        from annotator.tui.app import AnnotatorApp

        AnnotatorApp(path, annotator_name).run()
        return
    with open_project(path, annotator_name) as project:
        show_status(project, "text")


def sample_corpus() -> Path:
    folder = Path(__file__).resolve().parents[2] / "corpus"
    if not folder.is_dir():
        raise AnnotatorError(f"the sample corpus is missing (looked in {folder})")
    return folder


COMMANDS = [init, status, check, sample]
