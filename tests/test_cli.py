import json
import re
import subprocess
import sys

import click
from click.testing import CliRunner

from annotator.cli import main
from helpers import ROOT, SAMPLE_CORPUS, write_jsonl


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def all_commands(group=main, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


def test_every_command_has_help_with_an_example_and_a_readme_mention():
    readme = (ROOT / "README.md").read_text("utf-8")
    for path, command in all_commands():
        result = run(*path, "--help")
        assert result.exit_code == 0, path
        assert command.help and "Example:" in command.help, f"{path} needs an example"
        assert f"annotator {' '.join(path)}" in readme, f"README never mentions {' '.join(path)}"


def test_init_import_status_round(target):
    db = target("news")
    assert run("init", "-p", db, "--labels", "PERSON,ORG,TERM").exit_code == 0
    result = run("import", SAMPLE_CORPUS, "-p", db)
    assert result.exit_code == 0
    assert "read 5, imported 5, already present 0, skipped 0" in result.output
    status = json.loads(run("status", "-p", db, "--format", "json").output)
    assert status["documents"] == 5 and list(status["spans"]) == ["PERSON", "ORG", "TERM"]


def test_import_problems_go_to_stderr_with_exit_status_1(tmp_path, target):
    db = target("p")
    path = write_jsonl(tmp_path / "in.jsonl", [{"text": "good"}, "{oops", {"text": "fine"}])
    result = CliRunner().invoke(main, ["import", str(path), "-p", str(db), "--create"])
    assert result.exit_code == 1
    assert f"{path}:2: invalid JSON at column 2" in result.stderr
    assert "read 3, imported 2, already present 0, skipped 1" in result.stdout
    strict = CliRunner().invoke(main, ["import", str(path), "-p", str(target("s")), "--create",
                                       "--strict"])
    assert strict.exit_code == 1 and "nothing was written" in strict.stderr


def test_import_from_stdin_as_json(target):
    db = target("p")
    result = run("import", "-", "-p", db, "--create", "--format", "json",
                 input='{"id": "x", "text": "Qazaqstan"}\n')
    [report] = json.loads(result.output)
    assert report["imported"] == 1 and report["problems"] == []


def test_errors_are_messages_not_tracebacks(target):
    result = CliRunner().invoke(main, ["status", "-p", str(target("missing"))])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "Traceback" not in result.output


def test_labels_history_undo_redo(target):
    db = target("p")
    run("init", "-p", db)
    assert run("labels", "add", "PARTY", "-p", db).output == "added PARTY (key 6, #72b7b2)\n"
    listed = json.loads(run("labels", "list", "-p", db, "--format", "json").output)
    assert listed[-1] == {"name": "PARTY", "key": "6", "color": "#72b7b2"}
    assert run("labels", "add", "PARTY", "-p", db).exit_code == 1
    assert run("undo", "-p", db).output == "undid: add label PARTY\n"
    assert run("redo", "-p", db).output == "redid: add label PARTY\n"
    assert "add label PARTY" in run("history", "-p", db).output
    assert run("labels", "remove", "PARTY", "-p", db).exit_code == 0


def test_no_command_prints_the_status_of_the_default_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("init")
    result = run()
    assert result.exit_code == 0 and "annotator.db: 0 documents" in result.output


def test_sample_creates_the_sample_project_once(target):
    db = target("sample")
    assert "imported 5 sample documents" in run("sample", "-p", db).output
    assert "imported" not in run("sample", "-p", db).output


def test_the_installed_command_runs():
    result = subprocess.run([sys.executable, "-m", "annotator", "--version"], capture_output=True,
                            text=True, check=True)
    assert re.search(r"\d+\.\d+\.\d+", result.stdout)


def test_every_key_binding_is_in_the_readme_table():
    from textual.binding import Binding

    from annotator.tui import keymap

    readme = (ROOT / "README.md").read_text("utf-8")
    for binding in keymap.bindings():
        assert isinstance(binding, Binding)
        assert f"| {keymap.what(binding)} | `{binding.id}` |" in readme, binding.id
