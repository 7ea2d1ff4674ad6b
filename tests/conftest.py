from __future__ import annotations

import pytest

from annotator.store import Project
from helpers import SAMPLE_CORPUS


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

