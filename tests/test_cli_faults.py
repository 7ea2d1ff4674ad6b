"""The command line under faults and conflicts: each case is a one-line message and exit
status 1 or 2, never a traceback, and nothing already saved is lost."""

from __future__ import annotations

from click.testing import CliRunner

from annotator.cli import main
from annotator.core.records import Incoming
from annotator.store import Project


def cli(*args, input=None):
    result = CliRunner().invoke(main, [str(a) for a in args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"traceback: {result.exc_info}"
    return result


def refused(result, code=1):
    assert result.exit_code == code, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    return result.stderr


def test_a_refused_undo_names_the_blocker_and_drop_moves_past_it(tmp_path):
    path = tmp_path / "p.db"
    with Project.create(path, annotator="alice") as alice, \
            Project.open(path, annotator="bob") as bob:
        alice.import_documents([Incoming("d", "Roman Vassilenko met Vasilenko.", "t", None)])
        alice.add_span("d", 0, 5, "PERSON")
        span = bob.add_span("d", 6, 16, "PERSON")
        alice.remove_span(span.id)
        bob.add_span("d", 6, 16, "PERSON")
    message = refused(cli("undo", "-p", path, "--annotator", "alice"))
    assert "cannot undo 'remove span PERSON [6, 16)'" in message and "bob" in message
    assert "annotator undo --drop" in message
    dropped = cli("undo", "--drop", "-p", path, "--annotator", "alice")
    assert dropped.exit_code == 0 and "remove span" in dropped.output
    assert cli("undo", "-p", path, "--annotator", "alice").output == "undid: tag 'Roman' PERSON\n"
    history = cli("history", "-p", path, "--annotator", "alice").output
    assert "(dropped)" in history and "(undone)" in history


def test_a_write_waiting_on_another_process_lock_says_so_and_writes_nothing(tmp_path, monkeypatch):
    import subprocess
    import sys

    path = tmp_path / "p.db"
    Project.create(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], "
         "isolation_level=None); c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); "
         "time.sleep(30)", str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "locked\n"
        monkeypatch.setenv("ANNOTATOR_LOCK_TIMEOUT", "0.5")
        message = refused(cli("labels", "add", "PLACE", "-p", path))
    finally:
        holder.kill()
        holder.wait()
    assert "being written by another process" in message
    assert f"pid {holder.pid}" in message and "waited 0.5 s" in message
    assert "wrote nothing" in message and len(message.strip().splitlines()) == 1
    with Project.open(path) as project:
        assert "PLACE" not in project.labels().names()
