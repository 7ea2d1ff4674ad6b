"""annotator history / undo / redo: the persistent per-annotator history."""

from __future__ import annotations

import click

from annotator.cli.common import (
    echo,
    errors_as_messages,
    open_project,
    output_option,
    print_json,
    project_options,
    secho,
)


@click.command()
@project_options
@click.option("--all", "everyone", is_flag=True, help="Every annotator's actions, not only yours.")
@click.option("-n", "--limit", type=click.IntRange(1, 1_000_000), default=20, show_default=True,
              help="How many actions to show.")
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
        print_json([{**entry.__dict__, "undone": entry.undone} for entry in entries])
        return
    for entry in entries:
        mark = f" ({entry.state})" if entry.state != "done" else ""
        echo(f"#{entry.id:<6} {entry.at}  {entry.annotator:<12} {entry.action}{mark}")


def _history_step(verb: str) -> click.Command:
    @click.command(verb, help=f"""{verb.capitalize()} your latest {'undone ' if verb == 'redo'
                                                                     else ''}action, even one
    made in an earlier session.

    Refused, with what blocks it, when another annotator has changed the same data since or
    when it would break a rule of the project (two overlapping spans of one label, a
    spelling in two entities); nothing is changed then. `--drop` gives up that step: the
    action stays as it is{' undone' if verb == 'redo' else ''}, and the next {verb} goes
    on to the one {'after' if verb == 'redo' else 'before'} it.

    \b
    Example:
      annotator {verb} --annotator alice
      annotator {verb} --drop
    """)
    @project_options
    @click.option("--drop", is_flag=True,
                  help=f"Do not {verb} the next action; remove it from your {verb} stack.")
    @errors_as_messages
    def command(project_path, annotator_name, drop) -> None:
        from annotator.core.errors import UndoRefused

        with open_project(project_path, annotator_name) as project:
            if drop:
                dropped = (project.drop_redo if verb == "redo" else project.drop_undo)()
                echo(f"dropped from your {verb} stack: #{dropped.id} {dropped.action}")
                return
            try:
                entry = (project.redo if verb == "redo" else project.undo)()
            except UndoRefused as refused:
                secho(f"error: {refused}", fg="red", err=True)
                echo(f"`annotator {verb} --drop` leaves '{refused.entry.action}' as it "
                           f"is and moves past it.", err=True)
                raise SystemExit(1) from None
        past = "undid" if verb == "undo" else "redid"
        echo(f"{past}: {entry.action}" if entry else f"nothing to {verb}")

    return command


undo = _history_step("undo")
redo = _history_step("redo")


COMMANDS = [history, undo, redo]
