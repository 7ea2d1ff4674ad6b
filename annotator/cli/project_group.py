"""annotator project: moving a project between a file and a server, and who works on it."""

from __future__ import annotations

import click

from annotator.cli.common import (
    echo,
    errors_as_messages,
    open_project,
    output_option,
    print_json,
    progress_bar,
    project_options,
)


@click.group("project")
def project_group() -> None:
    """Whole projects: copy one between a file and a database server; who works on it.

    \b
    Example:
      annotator project copy news.db postgresql://alice@db.example/news
    """


@project_group.command("copy")
@click.argument("source", metavar="SOURCE")
@click.argument("target", metavar="TARGET")
@click.option("--annotator", "annotator_name", metavar="NAME",
              help="On a server: the role to log in as when the URL names none.")
@errors_as_messages
def copy(source: str, target: str, annotator_name: str | None) -> None:
    """Copy the project at SOURCE to TARGET, a file or a postgresql:// URL that holds no
    project yet: documents, labels, spans with their authors, entities, forms, Cyrillic
    forms, rejections, translations and the history, ids kept, so undo goes on working
    in the copy. The copy is one transaction: complete, or not there at all.

    \b
    Example:
      annotator project copy news.db postgresql://alice@db.example/news
      annotator project copy postgresql://db.example/news backup.db
    """
    from annotator.store.backends.postgres_url import masked
    from annotator.store.copy import copy_project

    with progress_bar("copying") as update:
        report = copy_project(source, target, user=annotator_name,
                              progress=lambda table, rows: update(rows, None, f"copying {table}"))
    total = ", ".join(f"{rows} {table}" for table, rows in report.rows.items() if rows)
    echo(f"copied {masked(source)} to {masked(target)}: {total}")


COMMANDS = [project_group]


@project_group.command("grant")
@project_options
@click.argument("name")
@click.option("--role", type=click.Choice(["annotator", "reviewer"]), default="annotator",
              show_default=True, help="Reviewers also adjudicate between annotators.")
@errors_as_messages
def grant(project_path, annotator_name, name, role) -> None:
    """Let NAME work on the project as an annotator or a reviewer. On a server NAME is a
    login role (an administrator creates it with `createuser NAME`), and it gets access to
    the project's tables; only the project's owner can give it.

    \b
    Example:
      annotator project grant bob -p postgresql://alice@db.example/news
      annotator project grant carol --role reviewer -p postgresql://alice@db.example/news
    """
    with open_project(project_path, annotator_name) as project:
        member = project.grant(name, role)
    echo(f"{member.name} is now {'a reviewer' if member.role == 'reviewer' else 'an annotator'}"
         " of the project")


@project_group.command("revoke")
@project_options
@click.argument("name")
@errors_as_messages
def revoke(project_path, annotator_name, name) -> None:
    """Take back NAME's access to the project (their spans and history stay).

    \b
    Example:
      annotator project revoke bob -p postgresql://alice@db.example/news
    """
    with open_project(project_path, annotator_name) as project:
        project.revoke(name)
    echo(f"{name} no longer works on the project")


@project_group.command("members")
@project_options
@output_option
@errors_as_messages
def members(project_path, annotator_name, output) -> None:
    """Who works on the project, and as what.

    \b
    Example:
      annotator project members -p postgresql://alice@db.example/news
    """
    with open_project(project_path, annotator_name) as project:
        found = project.members()
    if output == "json":
        print_json([member.__dict__ for member in found])
        return
    for member in found:
        echo(f"{member.name:<16} {member.role:<10} granted by {member.granted_by} "
             f"at {member.granted_at}")


@project_group.command("workflow")
@project_options
@click.argument("workflow", type=click.Choice(["shared", "double"]), required=False)
@errors_as_messages
def workflow(project_path, annotator_name, workflow) -> None:
    """Show the project's workflow, or switch it: shared (one common layer everyone edits)
    or double (each annotator in a layer of their own; reviewers adjudicate into gold).
    Switching keeps every span: what was annotated so far is gold.

    \b
    Example:
      annotator project workflow double -p news.db
    """
    with open_project(project_path, annotator_name) as project:
        if workflow is not None:
            project.set_workflow(workflow)
        echo(f"{project.location}: workflow {project.workflow}")
