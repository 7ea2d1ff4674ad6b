"""Fixtures for translation tests: real Argos packages built in the session, an empty
packages directory per test, and a guard that fails any test that touches the network."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

argostranslate = pytest.importorskip(
    "argostranslate", reason="the 'translate' extra is not installed (./dev installs it)")


@pytest.fixture(scope="session")
def demo_packages(tmp_path_factory) -> dict[str, Path]:
    """The three demo packages (en_ru, ru_kk, en_kk), built once: .argosmodel paths."""
    from annotator.translate.demo_packages import build_demo_packages

    built = build_demo_packages(tmp_path_factory.mktemp("argos-packages"))
    return {path.name.split("-")[1]: path for path in built}


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Record every attempt to open a connection or resolve a host, refuse it, and fail
    the test afterwards (a library may catch the error and go on quietly)."""
    attempts: list[str] = []

    def refuse(what):
        def blocked(*args, **kwargs):
            attempts.append(f"{what}{args[1:2] if what == 'connect' else args[:1]}")
            raise OSError(f"network access in a test: {what}")
        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    yield
    assert not attempts, f"the test tried to use the network: {attempts}"


@pytest.fixture
def packages_dir(tmp_path, monkeypatch) -> Path:
    """An empty Argos packages directory for this test, patched where Argos reads it."""
    from argostranslate import settings

    directory = tmp_path / "argos-packages"
    directory.mkdir()
    monkeypatch.setattr(settings, "package_data_dir", directory)
    monkeypatch.setattr(settings, "package_dirs", [directory])
    _forget_loaded_translations()
    yield directory
    _forget_loaded_translations()


def _forget_loaded_translations() -> None:
    import sys

    translate = sys.modules.get("argostranslate.translate")
    if translate is not None:
        translate.installed_translates.clear()
        translate.get_installed_languages.cache_clear()


@pytest.fixture
def install(packages_dir, demo_packages):
    """install("en_ru", "ru_kk"): put demo packages in this test's directory."""
    from annotator.translate.packages import install_packages

    def _install(*pairs: str):
        return install_packages([demo_packages[pair] for pair in pairs])

    return _install


def copy_package(source: Path, target: Path) -> Path:
    shutil.copy(source, target)
    return target
