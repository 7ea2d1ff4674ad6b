"""A server that drops the connection (a restart, pg_terminate_backend): the next step
reconnects, an action in flight is either committed or reported as not saved, and an
import keeps every batch it committed."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import psycopg
import pytest

from annotator.core.errors import ConnectionLost
from annotator.core.records import Incoming
from annotator.store import Project, spans
from annotator.store.backends.postgres import PostgresDatabase


def terminate(admin: str, pid: int) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(%s)", (pid,))


@pytest.fixture
def served(server_target, postgres_server):
    url = server_target("faults")
    with Project.create(url, annotator="alice") as project:
        project.import_documents([Incoming("d", "Roman Vassilenko met Tokayev in Astana.",
                                           "t", None)])
    with Project.open(url, annotator="alice") as project:
        yield project, postgres_server


def test_a_dropped_connection_is_made_again_at_the_next_step(served):
    project, admin = served
    project.add_span("d", 0, 5, "PERSON")
    terminate(admin, project.db.conn.info.backend_pid)
    with pytest.raises(ConnectionLost, match="lost"):
        project.spans("d")                      # the step that finds it dropped says so
    span = project.add_span("d", 6, 16, "PERSON")  # and the next one works
    assert project.db.reconnections == 1
    assert [s.start for s in project.spans("d")] == [0, 6] and span.annotator == "alice"


def test_an_action_cut_off_before_its_commit_is_reported_not_saved(served, monkeypatch):
    project, admin = served
    add = spans.add

    def add_then_lose_the_server(change, *args, **kwargs):
        found = add(change, *args, **kwargs)
        terminate(admin, project.db.conn.info.backend_pid)
        return found

    monkeypatch.setattr(spans, "add", add_then_lose_the_server)
    with pytest.raises(ConnectionLost, match="'tag 'Roman' PERSON' was not saved"):
        project.add_span("d", 0, 5, "PERSON")
    monkeypatch.setattr(spans, "add", add)
    assert project.spans("d") == [] and project.history() == []
    project.add_span("d", 0, 5, "PERSON")
    assert len(project.spans("d")) == 1


def test_an_action_whose_commit_went_through_before_the_drop_is_saved(served, monkeypatch):
    project, _ = served
    commit = PostgresDatabase.commit

    def commit_then_lose_the_answer(self):
        commit(self)
        raise ConnectionLost("lost while committing", during_commit=True)

    monkeypatch.setattr(PostgresDatabase, "commit", commit_then_lose_the_answer)
    span = project.add_span("d", 0, 5, "PERSON")  # no error: the history shows it was saved
    monkeypatch.setattr(PostgresDatabase, "commit", commit)
    assert [s.id for s in project.spans("d")] == [span.id]
    assert project.history()[0].action == "tag 'Roman' PERSON"


@pytest.mark.slow
def test_an_import_cut_off_by_the_server_keeps_its_batches_and_a_rerun_completes(
        server_target, postgres_server, tmp_path):
    url = server_target("import")
    Project.create(url, annotator="alice").close()
    source = tmp_path / "big.jsonl"
    source.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Document {i}: Vassilenko "
                                          "met Tokayev in Astana."}) + "\n"
                              for i in range(60_000)))
    importing = subprocess.Popen([sys.executable, "-m", "annotator", "import", str(source),
                                  "-p", url, "--annotator", "alice"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    database = url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        deadline = time.monotonic() + 60
        count = 0
        while count < 5_000 and time.monotonic() < deadline:
            with psycopg.connect(url.replace("://", "://alice@"), autocommit=True) as reader:
                count = reader.execute("SELECT count(*) FROM annotator.documents").fetchone()[0]
            assert importing.poll() is None, "the import ended before it could be cut off"
            time.sleep(0.05)
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                      "AND application_name = 'annotator'", (database,))
    out, err = importing.communicate(timeout=120)
    assert importing.returncode == 1, (out, err)
    assert "connection to the server was lost" in err and "run the same command again" in err
    assert "Traceback" not in err
    with Project.open(url, annotator="alice") as project:
        committed = project.document_count()
        assert 0 < committed < 60_000 and committed % 1000 == 0
    again = subprocess.run([sys.executable, "-m", "annotator", "import", str(source), "-p", url,
                            "--annotator", "alice"], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert f"imported {60_000 - committed}, already present {committed}" in again.stdout
