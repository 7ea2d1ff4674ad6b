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
def project(tmp_path) -> Project:
    with Project.create(tmp_path / "test.db", annotator="alice") as created:
        yield created


@pytest.fixture
def sample_project(tmp_path) -> Project:
    from annotator.formats import open_source

    with Project.create(tmp_path / "sample.db", annotator="alice") as created:
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
