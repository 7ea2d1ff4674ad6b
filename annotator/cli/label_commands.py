"""annotator labels: list and edit the project's label set."""

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


@click.group()
def labels() -> None:
    """List, add, edit and remove labels.

    \b
    Example:
      annotator labels add MISC --key 6 -p news.db
    """


@labels.command("list")
@project_options
@output_option
@errors_as_messages
def list_(project_path, annotator_name, output) -> None:
    """Show the labels with their keys and colours.

    \b
    Example:
      annotator labels list -p news.db --format json
    """
    with open_project(project_path, annotator_name) as project:
        label_set = project.labels()
    if output == "json":
        print_json(label_set.model_dump()["labels"])
        return
    for label in label_set.labels:
        echo(f"{label.key or '-'}  {label.name:<16} {label.color}")


@labels.command()
@project_options
@click.argument("name")
@click.option("--key", help="The key that applies it in the TUI (default: next free digit).")
@click.option("--color", help="#rrggbb")
@errors_as_messages
def add(project_path, annotator_name, name, key, color) -> None:
    """Add a label.

    \b
    Example:
      annotator labels add FACILITY --key 7 --color #9d755d
    """
    with open_project(project_path, annotator_name) as project:
        label = project.add_label(name, key=key, color=color)
    echo(f"added {label.name} (key {label.key or 'none'}, {label.color})")


@labels.command()
@project_options
@click.argument("name")
@click.option("--name", "new_name", help="Rename it (spans and entities follow).")
@click.option("--key")
@click.option("--color")
@errors_as_messages
def edit(project_path, annotator_name, name, new_name, key, color) -> None:
    """Rename a label or change its key or colour.

    \b
    Example:
      annotator labels edit LOC --name PLACE
    """
    with open_project(project_path, annotator_name) as project:
        label = project.update_label(name, new_name=new_name, key=key, color=color)
    echo(f"{name} is now {label.name} (key {label.key or 'none'}, {label.color})")


@labels.command()
@project_options
@click.argument("name")
@errors_as_messages
def remove(project_path, annotator_name, name) -> None:
    """Remove a label that no span uses.

    \b
    Example:
      annotator labels remove MISC
    """
    with open_project(project_path, annotator_name) as project:
        project.remove_label(name)
    echo(f"removed {name}")


COMMANDS = [labels]
