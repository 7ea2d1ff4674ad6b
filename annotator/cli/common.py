"""Options and helpers shared by every command."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from annotator.core.errors import AnnotatorError
from annotator.core.escape import terminal

if TYPE_CHECKING:
    from annotator.store.project import Project


def project_options(function: Callable) -> Callable:
    """-p/--project and --annotator, on every command that opens a project."""
    function = click.option(
        "--annotator", "annotator_name", metavar="NAME",
        help="Who makes the changes (default: $ANNOTATOR_NAME, else your login name).",
    )(function)
    return click.option(
        "-p", "--project", "project_path", metavar="PATH|URL", default=None,
        help="Project file, or the postgresql:// URL of a server project (default: "
             "$ANNOTATOR_PROJECT, else ./annotator.db).",
    )(function)


def output_option(function: Callable) -> Callable:
    return click.option(
        "--format", "output", type=click.Choice(["text", "json"]), default="text",
        show_default=True, help="Text for people, or JSON for programs.",
    )(function)


def errors_as_messages(function: Callable) -> Callable:
    """The project's own errors, the database's and the file system's become one line on
    stderr and exit status 1; nothing else should ever reach the user as a traceback."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from annotator.store.health import database_errors, explain

        try:
            return function(*args, **kwargs)
        except AnnotatorError as error:
            fail(str(error))
        except database_errors() as error:
            fail(str(explain(error, _project_path(kwargs))))
        except BrokenPipeError:
            # The reader went away (`annotator spans list | head`): not an error of ours.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)
        except OSError as error:
            fail(_os_problem(error))

    return wrapper


def echo(message: str = "", **kwargs: Any) -> None:
    """click.echo for text that holds data from users and files: control characters are
    shown escaped, so a document cannot drive the terminal."""
    click.echo(terminal(message), **kwargs)


def secho(message: str = "", **kwargs: Any) -> None:
    click.secho(terminal(message), **kwargs)


def fail(message: str) -> None:
    secho(f"error: {message}", fg="red", err=True)
    sys.exit(1)


def _project_path(kwargs: dict[str, Any]) -> str | None:
    if "project_path" not in kwargs:
        return None
    from annotator.store.backends.postgres_url import masked
    from annotator.store.location import default_project

    return masked(kwargs["project_path"] or default_project())


def _os_problem(error: OSError) -> str:
    where = f"{error.filename}: " if error.filename else ""
    reason = error.strerror or str(error)
    if error.errno == 28:  # ENOSPC
        reason += "; free some space and try again"
    return f"{where}{reason}"


def open_project(
    project_path: str | None, annotator_name: str | None, *, create: bool = False
) -> Project:
    from annotator.store.location import default_project
    from annotator.store.project import Project

    return Project.open(project_path or default_project(), annotator=annotator_name,
                        create=create)


def print_json(data: Any) -> None:
    # JSON escapes control characters itself.
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


class progress_bar:
    """A rich progress bar on stderr, fed (done, total); silent when not on a terminal."""

    def __init__(self, description: str, *, quiet: bool = False, bytes_: bool = False) -> None:
        from rich.console import Console

        self.description = description
        self.console = Console(stderr=True)
        self.enabled = not quiet and self.console.is_terminal
        self.bytes = bytes_

    def __enter__(self) -> Callable[..., None]:
        """update(done, total, description=None)."""
        if not self.enabled:
            return lambda done, total, description=None: None
        from rich.markup import escape
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
        task = self.progress.add_task(escape(self.description), total=None)

        def update(done: int, total: int | None, description: str | None = None) -> None:
            if description is None:
                self.progress.update(task, completed=done, total=total)
            else:
                self.progress.update(task, completed=done, total=total,
                                     description=escape(description))

        return update

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.progress.stop()
