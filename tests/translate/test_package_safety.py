"""Hostile and interrupted package installs: refused by name with nothing installed, and a
kill at any moment leaves the old package or the new one, never half of one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile

import pytest

from annotator.core.errors import PackageError
from annotator.translate.packages import install_packages, installed_packages

META = "translate-en_ru-0_1/metadata.json"


def rebuilt(good, out, *, metadata=None, extra=(), compression=zipfile.ZIP_DEFLATED):
    """A copy of a package with its metadata changed and extra members (ZipInfo, bytes)."""
    with zipfile.ZipFile(good) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(out, "w", compression) as target:
        for info, data in items:
            if metadata is not None and info.filename == META:
                data = metadata(json.loads(data))
            target.writestr(info, data)
        for info, data in extra:
            target.writestr(info, data)
    return out


def with_metadata(**changes):
    return lambda metadata: json.dumps({**metadata, **changes}).encode()


def symlink_member(name, to):
    info = zipfile.ZipInfo(name)
    info.external_attr = (0o120777 << 16)
    return info, to.encode()


@pytest.mark.parametrize("case, message", [
    ("bomb", "would expand 64 MB"),
    ("too_large", "more than the 0 MB a package may take"),
    ("symlink", "is a symbolic link"),
    ("file_then_folder", "is a file, yet"),
    ("deep_metadata", "nested too deeply"),
    ("long_version", "argos_version is not a version number"),
    ("path_code", "'../../x' is not a language code"),
    ("markup_code", "'<script>' is not a language code"),
])
def test_hostile_packages_are_refused_by_name(case, message, demo_packages, packages_dir,
                                              tmp_path, monkeypatch):
    good = demo_packages["en_ru"]
    bad = tmp_path / f"{case}.argosmodel"
    folder = "translate-en_ru-0_1"
    if case == "bomb":
        padding = zipfile.ZipInfo(f"{folder}/padding.bin")
        padding.compress_type = zipfile.ZIP_DEFLATED
        rebuilt(good, bad, extra=[(padding, bytes(64 << 20))])
        assert bad.stat().st_size < 1 << 20
    elif case == "too_large":
        monkeypatch.setenv("ANNOTATOR_MAX_PACKAGE_MB", "0.01")
        bad = good
    elif case == "symlink":
        rebuilt(good, bad, extra=[symlink_member(f"{folder}/link", "/etc"),
                                  (zipfile.ZipInfo(f"{folder}/link/passwd"), b"x")])
    elif case == "file_then_folder":
        rebuilt(good, bad, extra=[(zipfile.ZipInfo(f"{folder}/model/model.bin/x"), b"x")])
    elif case == "deep_metadata":
        rebuilt(good, bad, metadata=lambda m: b"[" * 100_000 + b"]" * 100_000)
    elif case == "long_version":
        rebuilt(good, bad, metadata=with_metadata(argos_version="1" * 5000))
    elif case == "path_code":
        rebuilt(good, bad, metadata=with_metadata(from_code="../../x"))
    elif case == "markup_code":
        rebuilt(good, bad, metadata=with_metadata(to_code="<script>"))
    with pytest.raises(PackageError) as raised:
        install_packages([bad])
    assert str(bad) in str(raised.value) and message in str(raised.value)
    assert list(packages_dir.iterdir()) == []
    assert installed_packages() == []


def test_an_install_interrupted_between_its_renames_puts_the_old_package_back(
        install, packages_dir):
    install("en_ru")
    staging = packages_dir.parent / f".{packages_dir.name}.staging"
    backup = staging / "backup-999999999-translate-en_ru-0_1"
    backup.mkdir(parents=True)
    (packages_dir / "translate-en_ru-0_1").rename(backup / "translate-en_ru-0_1")
    half = staging / "install-999999999-0" / "translate-en_ru-0_1"
    half.mkdir(parents=True)
    (half / "metadata.json").write_text("{")
    assert [(p.from_code, p.to_code) for p in installed_packages()] == [("en", "ru")]
    assert list(staging.iterdir()) == []


@pytest.mark.slow
def test_an_install_killed_at_any_moment_leaves_a_whole_package_or_none(
        demo_packages, tmp_path):
    packages = tmp_path / "packages"
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(packages)}
    command = [sys.executable, "-m", "annotator", "translate", "install",
               str(demo_packages["en_ru"])]
    listing = [sys.executable, "-c", "import json; from annotator.translate.packages import "
               "installed_packages as i; print(json.dumps([p.name for p in i()]))"]
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.4, 3.0):
        installing = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if installing.poll() is None:
            os.kill(installing.pid, signal.SIGKILL)
        installing.wait()
        listed = json.loads(subprocess.run(listing, env=env, capture_output=True, text=True,
                                           check=True).stdout)
        assert listed in ([], ["translate-en_ru-0_1"])
        for folder in packages.iterdir() if packages.exists() else []:
            assert (folder / "model" / "model.bin").exists(), "a half-extracted package"
        again = subprocess.run(command, env=env, capture_output=True, text=True)
        assert again.returncode == 0, again.stderr
        from argostranslate import package as argos_package

        found = argos_package.get_installed_packages([packages])
        assert [(p.from_code, p.to_code) for p in found] == [("en", "ru")]
        subprocess.run(["rm", "-rf", str(packages)], check=True)


def test_a_full_disk_during_install_is_a_message_and_nothing_is_installed(demo_packages,
                                                                           tmp_path):
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot make a mount namespace here")
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (f"mount -t tmpfs -o size=20k tmpfs {disk}\n"
              f"{sys.executable} -m annotator translate install {demo_packages['en_ru']} "
              f"|| echo rc=$?\nls -A {disk}/packages\n")
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True,
                          env={**os.environ, "ARGOS_PACKAGES_DIR": f"{disk}/packages"})
    assert "rc=1" in done.stdout and "Traceback" not in done.stderr, done.stderr
    assert "No space left on device" in done.stderr
    assert done.stdout.strip().endswith("rc=1"), "nothing is listed in the packages folder"
