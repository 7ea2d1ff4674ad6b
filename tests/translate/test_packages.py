"""Installing Argos packages from files: the real argostranslate install path, and every
way a file can be bad (a clear error naming the file, and nothing installed)."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import pytest

from annotator.core.errors import PackageError
from annotator.translate.demo_packages import DemoPackage, build_package
from annotator.translate.packages import (
    inspect_package_file,
    install_packages,
    installed_packages,
)


def test_installs_where_argos_looks_and_argos_sees_it(install, packages_dir):
    results = install("en_ru", "ru_kk")
    assert [r.status for r in results] == ["installed", "installed"]
    assert sorted(p.name for p in packages_dir.iterdir()) == [
        "translate-en_ru-0_1", "translate-ru_kk-0_1"]
    from argostranslate import package as argos_package

    pairs = sorted((p.from_code, p.to_code) for p in argos_package.get_installed_packages())
    assert pairs == [("en", "ru"), ("ru", "kk")]
    listed = installed_packages()
    assert [(p.from_code, p.to_code, p.version) for p in listed] == [
        ("en", "ru", "0.1"), ("ru", "kk", "0.1")]
    assert all(p.offline_splitter for p in listed)


def test_packages_installed_with_argos_own_tools_are_used_too(packages_dir, demo_packages):
    from argostranslate import package as argos_package

    argos_package.install_from_path(demo_packages["en_kk"])
    assert [(p.from_code, p.to_code) for p in installed_packages()] == [("en", "kk")]


def test_the_same_version_again_is_left_alone_and_a_new_one_replaces_it(
        install, packages_dir, tmp_path):
    install("en_ru")
    assert install("en_ru")[0].status == "already installed"
    newer = build_package(DemoPackage("en", "ru", version="0.1"), tmp_path / "v2")
    _rewrite_member(newer, "translate-en_ru-0_1/metadata.json",
                    lambda raw: raw.replace(b'"package_version": "0.1"',
                                            b'"package_version": "0.2"'))
    result = install_packages([newer])[0]
    assert (result.status, result.package.version) == ("replaced", "0.2")
    assert [p.version for p in installed_packages()] == ["0.2"]


def _rewrite_member(archive_path: Path, member: str, change) -> None:
    with zipfile.ZipFile(archive_path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            target.writestr(info, change(data) if info.filename == member else data)


def _rebuild(archive_path: Path, out: Path, *, drop: str | None = None,
             change: dict[str, bytes] | None = None, extra: dict[str, bytes] | None = None):
    with zipfile.ZipFile(archive_path) as source:
        items = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in items:
            if drop and name.endswith(drop):
                continue
            target.writestr(name, (change or {}).get(name, data))
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out


META = "translate-en_ru-0_1/metadata.json"


def _metadata(demo_packages, **changes) -> bytes:
    with zipfile.ZipFile(demo_packages["en_ru"]) as archive:
        metadata = json.loads(archive.read(META))
    metadata.update(changes)
    return json.dumps(metadata).encode()


@pytest.mark.parametrize("case, message", [
    ("missing", "no such file"),
    ("not_zip", "not an Argos package (.argosmodel files are zip archives)"),
    ("truncated", "corrupt archive"),
    ("bad_crc", "corrupt archive"),
    ("two_folders", "exactly one top-level folder"),
    ("no_metadata", "no translate-en_ru-0_1/metadata.json"),
    ("bad_json", "metadata.json line 2:"),
    ("sbd_package", "a 'sbd' package"),
    ("newer_argos", "made for Argos Translate 2.0"),
    ("no_model", "incomplete package, missing translate-en_ru-0_1/model/model.bin"),
    ("newer_ctranslate2", "does not load with CTranslate2"),
])
def test_bad_package_files_are_refused_by_name_and_nothing_is_installed(
        case, message, demo_packages, packages_dir, tmp_path):
    good = demo_packages["en_ru"]
    bad = tmp_path / f"{case}.argosmodel"
    if case == "not_zip":
        bad.write_text("this is not a package\n")
    elif case == "truncated":
        bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif case == "bad_crc":
        data = bytearray(good.read_bytes())
        with zipfile.ZipFile(good) as archive:
            info = archive.getinfo("translate-en_ru-0_1/model/model.bin")
        # Flip a byte inside the compressed data of model.bin.
        data[info.header_offset + 30 + len(info.filename) + 10] ^= 0xFF
        bad.write_bytes(bytes(data))
    elif case == "two_folders":
        _rebuild(good, bad, extra={"other/README.md": b"x"})
    elif case == "no_metadata":
        _rebuild(good, bad, drop="metadata.json")
    elif case == "bad_json":
        _rebuild(good, bad, change={META: b'{\n  "from_code": "en",,\n}'})
    elif case == "sbd_package":
        _rebuild(good, bad, change={META: _metadata(demo_packages, type="sbd")})
    elif case == "newer_argos":
        _rebuild(good, bad, change={META: _metadata(demo_packages, argos_version="2.0")})
    elif case == "no_model":
        _rebuild(good, bad, drop="model/model.bin")
    elif case == "newer_ctranslate2":
        with zipfile.ZipFile(good) as archive:
            model = bytearray(archive.read("translate-en_ru-0_1/model/model.bin"))
        model[0:4] = struct.pack("<I", 99)  # the binary version CTranslate2 checks first
        _rebuild(good, bad, change={"translate-en_ru-0_1/model/model.bin": bytes(model)})
    with pytest.raises(PackageError) as raised:
        install_packages([good, bad])  # the good one first: still not installed
    assert str(bad) in str(raised.value)
    assert message in str(raised.value)
    assert list(packages_dir.iterdir()) == []


def test_inspecting_a_good_file_reads_its_pair(demo_packages):
    checked = inspect_package_file(demo_packages["ru_kk"])
    assert (checked.folder, checked.pair) == ("translate-ru_kk-0_1", "ru→kk")
