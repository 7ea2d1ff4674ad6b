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


# -- the project file under faults -----------------------------------------------------------

import json  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402

ANNOTATOR = [sys.executable, "-m", "annotator"]


def documents_jsonl(path, count, start=0, size=40):
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Document {i} about "
                                        f"Vassilenko in Astana. " * size}) + "\n"
                            for i in range(start, start + count)))
    return path


def in_private_mounts(script: str, **env) -> subprocess.CompletedProcess:
    """Run a shell script in a mount namespace of its own (mounts vanish with it)."""
    if shutil.which("unshare") is None:
        pytest.skip("no unshare here")
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot make a mount namespace here: {probe.stderr.decode().strip()}")
    return subprocess.run(["unshare", "-m", "sh", "-ec", script], capture_output=True,
                          text=True, env={**__import__("os").environ, **env})


def test_a_zero_byte_file_is_not_made_into_a_project(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    message = refused(cli("status", "-p", empty))
    assert "empty file, not a project" in message
    assert empty.stat().st_size == 0
    assert "is not a file" in refused(cli("status", "-p", tmp_path))


def test_an_immutable_project_can_be_read_not_written(tmp_path):
    path = tmp_path / "p.db"
    with Project.create(path) as project:
        project.import_documents([Incoming("d", "Astana", "t", None)])
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not allowed here")
    try:
        assert cli("status", "-p", path).exit_code == 0
        assert "1 documents" in cli("status", "-p", path).output
        message = refused(cli("labels", "add", "PLACE", "-p", path))
        assert "read-only" in message and "nothing was written" in message
        assert "read-only" in refused(cli("import", documents_jsonl(tmp_path / "in.jsonl", 2),
                                          "-p", path))
    finally:
        subprocess.run(["chattr", "-i", str(path)])


def test_a_project_on_a_read_only_disk_can_be_read_and_exported_elsewhere(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    with Project.create(disk / "p.db") as project:
        project.import_documents([Incoming("d", "Astana", "t", None)])
    out = tmp_path / "out.jsonl"
    done = in_private_mounts(
        f"mount --bind -o ro {disk} {disk}\n"
        f"{' '.join(ANNOTATOR)} status -p {disk}/p.db\n"
        f"{' '.join(ANNOTATOR)} export jsonl {out} --all -p {disk}/p.db\n"
        f"{' '.join(ANNOTATOR)} labels add PLACE -p {disk}/p.db || echo rc=$?")
    assert done.returncode == 0, done.stderr
    assert "1 documents" in done.stdout and "wrote 1 documents" in done.stdout
    assert "rc=1" in done.stdout and "read-only" in done.stderr
    assert "Traceback" not in done.stderr
    assert json.loads(out.read_text())["text"] == "Astana"


def test_a_full_disk_stops_an_import_with_a_message_and_keeps_what_was_committed(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    first = documents_jsonl(tmp_path / "first.jsonl", 50)
    more = documents_jsonl(tmp_path / "more.jsonl", 3000, start=50)
    run = " ".join(ANNOTATOR)
    done = in_private_mounts(
        f"mount -t tmpfs -o size=1m tmpfs {disk}\n"
        f"{run} init -p {disk}/p.db\n"
        f"{run} import {first} -p {disk}/p.db\n"
        f"{run} import {more} -p {disk}/p.db || echo import-rc=$?\n"
        f"{run} status -p {disk}/p.db --format json > {tmp_path}/status.json\n"
        f"dd if=/dev/zero of={disk}/filler bs=4k 2>/dev/null || true\n"
        f"{run} export jsonl {disk}/out.jsonl --all -p {disk}/p.db || echo export-rc=$?\n"
        f"ls -a {disk}\n")
    assert done.returncode == 0, done.stderr
    assert "import-rc=1" in done.stdout and "export-rc=1" in done.stdout
    assert "Traceback" not in done.stderr
    assert "disk is full" in done.stderr or "No space left" in done.stderr
    status = json.loads((tmp_path / "status.json").read_text())
    assert status["documents"] >= 50
    listing = done.stdout.split()
    assert "out.jsonl" not in listing and not any(".writing-" in n for n in listing)


def test_a_damaged_file_is_said_to_be_damaged_and_not_written_into(tmp_path):
    import sqlite3

    path = tmp_path / "p.db"
    Project.create(path).close()
    assert cli("import", documents_jsonl(tmp_path / "in.jsonl", 200), "-p", path).exit_code == 0
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    at = data.index(b"Document 150 about")
    data[at + 20:at + 24] = b"\xff\xfe\xff\xfe"
    path.write_bytes(bytes(data))
    export = refused(cli("export", "jsonl", tmp_path / "out.jsonl", "--all", "-p", path))
    assert "is damaged" in export and len(export) < 600
    assert not (tmp_path / "out.jsonl").exists()
    more = documents_jsonl(tmp_path / "more.jsonl", 5, start=500)
    assert "is damaged" in refused(cli("import", more, "-p", path))
    assert "not valid UTF-8" in refused(cli("check", "-p", path))
    with Project.open(path) as project:
        assert project.document_count() == 200


def test_a_file_whose_pages_cannot_be_followed_fails_the_export_instead_of_dropping_documents(
        tmp_path):
    import random
    import sqlite3

    path = tmp_path / "p.db"
    Project.create(path).close()
    cli("import", documents_jsonl(tmp_path / "in.jsonl", 200), "-p", path)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # A leaf page of the documents table, in the middle (where it lies depends on the
    # schema: SQLite's dbstat says).
    leaves = [page for (page,) in connection.execute(
        "SELECT pageno FROM dbstat WHERE name = 'documents' AND pagetype = 'leaf' "
        "ORDER BY pageno")]
    connection.close()
    page = leaves[len(leaves) // 2]
    data = bytearray(path.read_bytes())
    noise = random.Random(1)
    for i in range((page - 1) * 4096 + 100, page * 4096):
        data[i] = noise.randrange(256)
    path.write_bytes(bytes(data))
    message = refused(cli("export", "jsonl", tmp_path / "out.jsonl", "--all", "-p", path))
    assert "is damaged" in message and "200 documents are listed" in message
    assert not (tmp_path / "out.jsonl").exists()
    assert "is damaged" in refused(cli("labels", "add", "PLACE", "-p", path))


def test_strict_with_several_sources_writes_nothing_when_any_has_a_problem(tmp_path):
    path = tmp_path / "p.db"
    good = documents_jsonl(tmp_path / "good.jsonl", 3)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{oops\n')
    message = refused(cli("import", good, bad, "--strict", "--create", "-p", path))
    assert f"{bad}:2: invalid JSON" in message and "nothing was written" in message
    with Project.open(path) as project:
        assert project.document_count() == 0
    result = cli("import", good, tmp_path / "missing.jsonl", "-p", path)
    assert result.exit_code == 1 and "missing.jsonl: no such file" in result.stderr
    with Project.open(path) as project:
        assert project.document_count() == 3


@pytest.mark.parametrize("args, code, says", [
    (("history", "--limit", "100000000000000000000"), 2, "--limit"),
    (("history", "--limit", "1e21"), 2, "not a valid integer"),
    (("variants", "cyrillic", "Astana", "--ru", "not cyrillic"), 1,
     "'not cyrillic' is not written in Cyrillic letters"),
    (("translate", "demo-packages", "/proc/nope/x"), 1, "/proc/nope"),
])
def test_small_cases_are_messages(tmp_path, args, code, says):
    path = tmp_path / "p.db"
    with Project.create(path) as project:
        project.create_entity("Astana", label="LOC")
    result = cli(*args, "-p", path) if args[0] != "translate" else cli(*args)
    assert result.exit_code == code, result.output
    assert says in result.output


def test_terminal_escape_sequences_in_documents_are_shown_not_run(tmp_path):
    path = tmp_path / "p.db"
    text = "Vassilenko met \x1b[2J\x1b]0;owned\x07 Vasilenko in \u202eAstana."
    with Project.create(path) as project:
        project.import_documents([Incoming("d", text, "t", None)])
        project.accept_variants(["Vassilenko", "Vasilenko"], label="PERSON")
        project.rename_entity(project.entity_id("Vassilenko"), "Vassilenko\x1b[31m")
    for args in (("variants", "concordance", "Vasilenko"), ("history",),
                 ("variants", "table", "--format", "md")):
        output = cli(*args, "-p", path).output
        assert "\x1b" not in output and "\u202e" not in output, args
    assert "\\x1b[2J" in cli("variants", "concordance", "Vasilenko", "-p", path).output
