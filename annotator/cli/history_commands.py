"""annotator history / undo / redo: the persistent per-annotator history."""

from __future__ import annotations

import click

from annotator.cli.common import (
    errors_as_messages,
    open_project,
    output_option,
    print_json,
    project_options,
)


@click.command()
@project_options
@click.option("--all", "everyone", is_flag=True, help="Every annotator's actions, not only yours.")
@click.option("-n", "--limit", default=20, show_default=True)
@output_option
@errors_as_messages
def history(project_path, annotator_name, everyone, limit, output) -> None:
    """The latest actions, newest first (undone ones marked).

    \b
    Example:
      annotator history --all -n 50
    """
    with open_project(project_path, annotator_name) as project:
        entries = project.history(limit, everyone=everyone)
    if output == "json":
        print_json([entry.__dict__ for entry in entries])
        return
    for entry in entries:
        mark = " (undone)" if entry.undone else ""
        click.echo(f"{entry.at}  {entry.annotator:<12} {entry.action}{mark}")


@click.command()
@project_options
@errors_as_messages
def undo(project_path, annotator_name) -> None:
    """Undo your latest action, even one made in an earlier session.

    \b
    Example:
      annotator undo --annotator alice
    """
    with open_project(project_path, annotator_name) as project:
        entry = project.undo()
    click.echo(f"undid: {entry.action}" if entry else "nothing to undo")


@click.command()
@project_options
@errors_as_messages
def redo(project_path, annotator_name) -> None:
    """Redo the action you undid last.

    \b
    Example:
      annotator redo
    """
    with open_project(project_path, annotator_name) as project:
        entry = project.redo()
    click.echo(f"redid: {entry.action}" if entry else "nothing to redo")


COMMANDS = [history, undo, redo]
