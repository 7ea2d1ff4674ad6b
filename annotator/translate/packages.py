"""Argos Translate packages: where they live, which are installed, and installing one from a
.argosmodel file without the network and without leaving half a package behind.

Packages go where Argos keeps them (`argostranslate.settings.package_data_dir`, which
honours ARGOS_PACKAGES_DIR), so packages installed with Argos's own tools are used too.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from annotator.core.errors import PackageError
from annotator.translate.extra import require_translate_extra


@dataclass(frozen=True)
class InstalledPackage:
    path: Path
    from_code: str
    to_code: str
    from_name: str
    to_name: str
    version: str
    target_prefix: str = ""

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def signature(self) -> str:
        """What a stored translation records: the package and its version."""
        return f"{self.name}@{self.version}"

    @property
    def offline_splitter(self) -> bool:
        """Whether Argos's own translate() can split sentences without downloading a model
        (our batch path uses annotator's splitter and never needs it)."""
        return any((self.path / "minisbd").glob("*.onnx"))


@dataclass(frozen=True)
class PackageFile:
    """A checked .argosmodel file, ready to install."""

    path: Path
    folder: str
    metadata: dict

    @property
    def pair(self) -> str:
        return f"{self.metadata['from_code']}→{self.metadata['to_code']}"


def packages_dir() -> Path:
    """Where Argos installs packages (ARGOS_PACKAGES_DIR, else its data directory)."""
    require_translate_extra()
    from argostranslate import settings

    return Path(settings.package_data_dir)


def package_dirs() -> list[Path]:
    require_translate_extra()
    from argostranslate import settings

    return [Path(p) for p in settings.package_dirs]


def installed_packages() -> list[InstalledPackage]:
    """Installed translate packages, read from their metadata.json (folders without one,
    or with unreadable metadata, are skipped: Argos itself would fail on them)."""
    found = []
    for directory in package_dirs():
        if not directory.is_dir():
            continue
        for folder in sorted(directory.iterdir()):
            package = _read_installed(folder)
            if package is not None:
                found.append(package)
    return found


def _read_installed(folder: Path) -> InstalledPackage | None:
    try:
        metadata = json.loads((folder / "metadata.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(metadata, dict) or metadata.get("type", "translate") != "translate":
        return None
    if not all(isinstance(metadata.get(key), str) for key in ("from_code", "to_code")):
        return None
    return InstalledPackage(
        folder, metadata["from_code"], metadata["to_code"],
        str(metadata.get("from_name", "")), str(metadata.get("to_name", "")),
        str(metadata.get("package_version", "")), str(metadata.get("target_prefix", "")))


def inspect_package_file(path: str | Path) -> PackageFile:
    """Check everything that can be checked before installing; PackageError names the file
    and the problem."""
    path = Path(path)
    if not path.is_file():
        raise PackageError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        with path.open("rb") as file:
            if file.read(4) == b"PK\x03\x04":
                raise PackageError(f"{path}: corrupt archive (truncated, or damaged at the end)")
        raise PackageError(f"{path}: not an Argos package (.argosmodel files are zip archives)")
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            folder = _single_folder(path, names)
            broken = archive.testzip()
            if broken is not None:
                raise PackageError(f"{path}: corrupt archive (bad checksum in {broken})")
            try:
                raw = archive.read(f"{folder}/metadata.json")
            except KeyError:
                raise PackageError(f"{path}: no {folder}/metadata.json; not an Argos package") \
                    from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as error:
        raise PackageError(f"{path}: corrupt archive ({error})") from None
    metadata = _parse_metadata(path, raw)
    _check_contents(path, folder, set(names), metadata)
    return PackageFile(path, folder, metadata)


def _single_folder(path: Path, names: list[str]) -> str:
    tops = set()
    for name in names:
        parts = PurePosixPath(name).parts
        if not parts or name.startswith("/") or ".." in parts:
            raise PackageError(f"{path}: unsafe path {name!r} in the archive")
        tops.add(parts[0])
    if len(tops) != 1:
        found = ", ".join(sorted(tops)[:5]) or "nothing"
        raise PackageError(
            f"{path}: an Argos package holds exactly one top-level folder (found: {found})")
    folder = tops.pop()
    if "stanza" in folder.lower():
        # Argos picks its splitter by looking for "stanza" anywhere in the package path.
        raise PackageError(f"{path}: folder name {folder!r} would make Argos use Stanza, "
                           "which downloads resources; rename the folder")
    return folder


def _parse_metadata(path: Path, raw: bytes) -> dict:
    try:
        metadata = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise PackageError(f"{path}: metadata.json is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise PackageError(
            f"{path}: metadata.json line {error.lineno}: {error.msg}") from None
    if not isinstance(metadata, dict):
        raise PackageError(f"{path}: metadata.json must hold a JSON object")
    kind = metadata.get("type", "translate")
    if kind != "translate":
        raise PackageError(f"{path}: a {kind!r} package; annotator installs translate packages")
    for key in ("from_code", "to_code"):
        if not isinstance(metadata.get(key), str) or not metadata[key]:
            raise PackageError(f"{path}: metadata.json has no {key}")
    _check_argos_version(path, str(metadata.get("argos_version", "")))
    return metadata


def _check_argos_version(path: Path, wanted: str) -> None:
    from importlib.metadata import version

    installed = version("argostranslate")
    if wanted and _major(wanted) > _major(installed):
        raise PackageError(
            f"{path}: made for Argos Translate {wanted}, but {installed} is installed; "
            "use a package built for Argos Translate 1.x")


def _major(version: str) -> int:
    head = version.strip().split(".")[0]
    return int(head) if head.isdigit() else 0


def _check_contents(path: Path, folder: str, names: set[str], metadata: dict) -> None:
    required = [f"{folder}/model/model.bin", f"{folder}/model/config.json"]
    missing = [name for name in required if name not in names]
    if f"{folder}/sentencepiece.model" not in names and f"{folder}/bpe.model" not in names:
        missing.append(f"{folder}/sentencepiece.model")
    if missing:
        raise PackageError(f"{path}: incomplete package, missing {', '.join(missing)}")


def _check_loads(package_file: PackageFile, extracted: Path) -> None:
    """Load the model and tokenizer as translation will, so a package built for another
    CTranslate2 or SentencePiece version fails here, before anything is installed."""
    import ctranslate2

    try:
        ctranslate2.Translator(str(extracted / "model"), device="cpu", intra_threads=1)
    except (RuntimeError, ValueError, OSError) as error:
        raise PackageError(
            f"{package_file.path}: its model does not load with CTranslate2 "
            f"{ctranslate2.__version__} ({error})") from None
    tokenizer = extracted / "sentencepiece.model"
    if tokenizer.exists():
        import sentencepiece

        try:
            sentencepiece.SentencePieceProcessor(model_file=str(tokenizer))
        except (RuntimeError, OSError) as error:
            raise PackageError(
                f"{package_file.path}: its sentencepiece.model does not load ({error})") from None


@dataclass(frozen=True)
class InstallResult:
    package: InstalledPackage
    status: str  # "installed", "replaced" or "already installed"


def install_packages(paths: list[str | Path]) -> list[InstallResult]:
    """Check every file first (nothing is installed if one is bad), then install each with
    Argos's own install_from_path."""
    require_translate_extra()
    checked = [inspect_package_file(path) for path in paths]
    for package_file in checked:
        with tempfile.TemporaryDirectory(prefix="annotator-package-check-") as scratch:
            with zipfile.ZipFile(package_file.path) as archive:
                archive.extractall(scratch)
            _check_loads(package_file, Path(scratch) / package_file.folder)
    return [_install(package_file) for package_file in checked]


def _install(package_file: PackageFile) -> InstallResult:
    from argostranslate import package as argos_package

    target_dir = packages_dir()
    target = target_dir / package_file.folder
    existing = _read_installed(target) if target.exists() else None
    if existing is not None and existing.version == str(
            package_file.metadata.get("package_version", "")):
        return InstallResult(existing, "already installed")
    # Move any older copy aside (same file system) so a failed install can put it back.
    backup = target_dir.parent / f".{package_file.folder}.annotator-backup" if target.exists() \
        else None
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)
        target.rename(backup)
    try:
        argos_package.install_from_path(package_file.path)
        installed = _read_installed(target)
        if installed is None:
            raise PackageError(f"{package_file.path}: installed, but Argos cannot read it")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        if backup is not None:
            backup.rename(target)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)
    return InstallResult(installed, "replaced" if backup is not None else "installed")
