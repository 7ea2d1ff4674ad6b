"""Options and helpers shared by every command."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from annotator.core.errors import AnnotatorError

if TYPE_CHECKING:
    from annotator.store.project import Project


def project_options(function: Callable) -> Callable:
    """-p/--project and --annotator, on every command that opens a project."""
    function = click.option(
        "--annotator", "annotator_name", metavar="NAME",
        help="Who makes the changes (default: $ANNOTATOR_NAME, else your login name).",
    )(function)
    return click.option(
        "-p", "--project", "project_path", metavar="PATH",
        type=click.Path(dir_okay=False, path_type=Path), default=None,
        help="Project file (default: $ANNOTATOR_PROJECT, else ./annotator.db).",
    )(function)


def output_option(function: Callable) -> Callable:
    return click.option(
        "--format", "output", type=click.Choice(["text", "json"]), default="text",
        show_default=True, help="Text for people, or JSON for programs.",
    )(function)


def errors_as_messages(function: Callable) -> Callable:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except AnnotatorError as error:
            click.secho(f"error: {error}", fg="red", err=True)
            sys.exit(1)

    return wrapper


def open_project(
    project_path: Path | None, annotator_name: str | None, *, create: bool = False
) -> Project:
    from annotator.store.project import Project, default_project_path

    return Project.open(
        project_path or default_project_path(), annotator=annotator_name, create=create
    )


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


class progress_bar:
    """A rich progress bar on stderr, fed (done, total); silent when not on a terminal."""

    def __init__(self, description: str, *, quiet: bool = False, bytes_: bool = False) -> None:
        from rich.console import Console

        self.description = description
        self.console = Console(stderr=True)
        self.enabled = not quiet and self.console.is_terminal
        self.bytes = bytes_

    def __enter__(self) -> Callable[[int, int | None], None]:
        if not self.enabled:
            return lambda done, total: None
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        amount = (DownloadColumn(), TransferSpeedColumn()) if self.bytes \
            else (MofNCompleteColumn(),)
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), *amount,
                                 TimeRemainingColumn(), console=self.console, transient=True)
        self.progress.start()
        task = self.progress.add_task(self.description, total=None)
        return lambda done, total: self.progress.update(task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.progress.stop()
