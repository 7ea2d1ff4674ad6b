from __future__ import annotations

import os
import tempfile

import pytest

from annotator.store import Project
from helpers import SAMPLE_CORPUS

# Argos Translate reads its directories once, at first import: point them at a scratch
# folder before any test can import it, so no test reads or writes the user's packages.
_ARGOS_HOME = tempfile.mkdtemp(prefix="annotator-tests-argos-")
for _name, _folder in {"XDG_DATA_HOME": "data", "XDG_CONFIG_HOME": "config",
                       "XDG_CACHE_HOME": "cache"}.items():
    os.environ[_name] = os.path.join(_ARGOS_HOME, _folder)
os.environ["ARGOS_PACKAGES_DIR"] = os.path.join(_ARGOS_HOME, "packages")
os.environ["ARGOS_INTRA_THREADS"] = "1"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch):
    """No test reads the user's caches or sends anything to the Hub."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HF_HOME", str(home / "hf"))
    monkeypatch.setenv("HF_DATASETS_CACHE", str(home / "hf" / "datasets"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("ANNOTATOR_NAME", "tester")
    monkeypatch.delenv("ANNOTATOR_PROJECT", raising=False)


@pytest.fixture
def project(target) -> Project:
    with Project.create(target("test"), annotator="alice") as created:
        yield created


@pytest.fixture
def sample_project(target) -> Project:
    from annotator.formats import open_source

    with Project.create(target("sample"), annotator="alice") as created:
        created.import_documents(open_source(str(SAMPLE_CORPUS)))
        yield created



@pytest.fixture
def tui_project(tmp_path, monkeypatch):
    """The sample corpus in a project for a TUI test, with no user keymap read."""
    from tui_harness import make_sample_project

    monkeypatch.setenv("ANNOTATOR_KEYMAP", str(tmp_path / "no-keymap.toml"))
    return make_sample_project(tmp_path / "sample.db")


SLOW_FOLDERS = ("tui", "translate")


def pytest_collection_modifyitems(items):
    """Everything that drives the TUI or runs translation models is slow: `./dev test -m
    "not slow"` is the fast loop; the whole suite stays the README command and CI."""
    for item in items:
        if item.path.parent.name in SLOW_FOLDERS:
            item.add_marker(pytest.mark.slow)


# -- two backends ------------------------------------------------------------------------------
#
# A test that takes the `target` fixture runs twice: on an SQLite file and on a PostgreSQL
# database of its own (created by the project, dropped after the session). The server is
# the one every machine of this project runs (127.0.0.1:5432, trust authentication);
# $ANNOTATOR_TEST_POSTGRES names another. With CI=true a missing server fails the run;
# elsewhere the PostgreSQL half is skipped with the reason.

import itertools  # noqa: E402
import uuid  # noqa: E402

POSTGRES_ENV = "ANNOTATOR_TEST_POSTGRES"
POSTGRES_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
TEST_ROLES = ("alice", "bob", "carol", "dave", "eve", "tester", "lin", "root")
_created_databases: list[str] = []
_numbers = itertools.count()


def pytest_generate_tests(metafunc):
    if "target" in metafunc.fixturenames:
        metafunc.parametrize("backend", ["sqlite", "postgres"], indirect=True)


@pytest.fixture(scope="session")
def postgres_server():
    """The admin URL of the test server, roles for the annotators tests name, and the test
    databases dropped at the end."""
    import psycopg

    admin = os.environ.get(POSTGRES_ENV, POSTGRES_DEFAULT)
    try:
        conn = psycopg.connect(admin, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        reason = f"no PostgreSQL server at {admin} ({str(error).strip().splitlines()[0]})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; CI must run the PostgreSQL tests (.ci/run starts it)")
        pytest.skip(f"{reason}; start one (pg_ctlcluster 15 main start) or set {POSTGRES_ENV}")
    with conn:
        existing = {r[0] for r in conn.execute("SELECT rolname FROM pg_roles")}
        for role in TEST_ROLES:
            if role not in existing:
                conn.execute(f'CREATE ROLE "{role}" LOGIN SUPERUSER')
        yield admin
        for name in _created_databases:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def backend(request):
    return request.param


@pytest.fixture
def server_target(postgres_server):
    """server_target("name") -> the URL of a database no one uses yet on the test server
    (no user in it: each annotator logs in as their own role); the same for the same name."""
    from psycopg.conninfo import conninfo_to_dict

    server = conninfo_to_dict(postgres_server)
    host, port = server.get("host", "127.0.0.1"), server.get("port", 5432)
    made: dict[str, str] = {}

    def make(name="project"):
        if name not in made:
            database = f"annotator_test_{uuid.uuid4().hex[:8]}_{next(_numbers)}"
            _created_databases.append(database)
            made[name] = f"postgresql://{host}:{port}/{database}"
        return made[name]

    return make


@pytest.fixture
def target(backend, tmp_path, request):
    """target("name") -> where a new project called `name` goes on this test's backend: a
    file path, or a fresh server database (see server_target)."""
    if backend == "sqlite":
        return lambda name="project": str(tmp_path / f"{name}.db")
    return request.getfixturevalue("server_target")
