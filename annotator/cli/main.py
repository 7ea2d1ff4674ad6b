"""The `annotator` command group."""

from __future__ import annotations

import click

from annotator import __version__
from annotator.cli import (
    annotate_commands,
    export_commands,
    history_commands,
    import_command,
    label_commands,
    project_commands,
    project_group,
    team_commands,
    translate_commands,
    variant_commands,
)
from annotator.cli.common import errors_as_messages, open_project, project_options


@click.group(invoke_without_command=True)
@click.version_option(version=__version__, prog_name="annotator")
@project_options
@click.pass_context
@errors_as_messages
def main(ctx: click.Context, project_path: str | None, annotator_name: str | None) -> None:
    """Annotate multilingual corpora in the terminal: tag spans, link transliteration
    variants, export Hugging Face datasets.

    With no command, opens the project in the annotator TUI (./annotator.db unless -p
    names another); when output is not a terminal, prints its status instead.

    \b
    Example:
      annotator init -p news.db
      annotator import corpus/ -p news.db
      annotator status -p news.db
    """
    if ctx.invoked_subcommand is None:
        from annotator.store.location import default_project

        path = project_path or default_project()
        open_project(path, annotator_name).close()  # a clear error if it is not a project
        project_commands.open_project_ui(path, annotator_name)


for module in (project_commands, project_group, import_command, annotate_commands,
               label_commands, variant_commands, translate_commands, export_commands,
               history_commands, team_commands):
    for command in module.COMMANDS:
        main.add_command(command)
