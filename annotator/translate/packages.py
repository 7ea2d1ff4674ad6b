"""Argos Translate packages: where they live, which are installed, and installing one from a
.argosmodel file without the network and without leaving half a package behind.

Packages go where Argos keeps them (`argostranslate.settings.package_data_dir`, which
honours ARGOS_PACKAGES_DIR), so packages installed with Argos's own tools are used too.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from annotator.core.errors import PackageError
from annotator.core.processes import process_alive
from annotator.core.translation_records import DEMO_MARK, LANGUAGE_CODE
from annotator.translate.extra import require_translate_extra

MAX_PACKAGE_ENV = "ANNOTATOR_MAX_PACKAGE_MB"
METADATA_LIMIT = 1 << 20
# Models and tokenizers compress little (Argos's own are about 1.1x); 100x is no package.
BOMB_RATIO = 100


def max_package_bytes() -> int:
    """How large an extracted package may be (Argos's own are 100-400 MB)."""
    try:
        return int(float(os.environ.get(MAX_PACKAGE_ENV, 4096)) * 2**20)
    except ValueError:
        return 4096 * 2**20


@dataclass(frozen=True)
class InstalledPackage:
    path: Path
    from_code: str
    to_code: str
    from_name: str
    to_name: str
    version: str
    target_prefix: str = ""
    # Built by `annotator translate demo-packages`: it transliterates, it does not translate.
    demo: bool = False

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def signature(self) -> str:
        """What a stored translation records: the package and its version (and DEMO_MARK
        for the demo packages)."""
        return f"{self.name}@{self.version}{DEMO_MARK if self.demo else ''}"

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
    recover_interrupted_installs()
    found = []
    for directory in package_dirs():
        if not directory.is_dir():
            continue
        for folder in sorted(directory.iterdir()):
            package = None if folder.name.startswith(".") else _read_installed(folder)
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
        str(metadata.get("package_version", "")), str(metadata.get("target_prefix", "")),
        metadata.get("annotator_demo") is True)


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
            members = archive.infolist()
            names = [info.filename for info in members]
            folder = _single_folder(path, names)
            _check_members(path, members)
            try:
                info = archive.getinfo(f"{folder}/metadata.json")
            except KeyError:
                raise PackageError(f"{path}: no {folder}/metadata.json; not an Argos package") \
                    from None
            if info.file_size > METADATA_LIMIT:
                raise PackageError(f"{path}: metadata.json is {info.file_size} bytes; not an "
                                   "Argos package")
            raw = archive.read(info)
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


def _check_members(path: Path, members: list[zipfile.ZipInfo]) -> None:
    """Refuse what extraction would turn into harm: links, names twice or a file where a
    folder must be, and archives that expand far beyond their size (zip bombs)."""
    files: set[str] = set()
    total = 0
    for info in members:
        if stat.S_ISLNK(info.external_attr >> 16):
            raise PackageError(f"{path}: {info.filename!r} is a symbolic link; packages hold "
                               "only files and folders")
        name = info.filename.rstrip("/")
        if name in files:
            raise PackageError(f"{path}: {name!r} is in the archive twice")
        if not info.is_dir():
            files.add(name)
        total += info.file_size
        if info.file_size > 1 << 20 and info.file_size > BOMB_RATIO * max(info.compress_size, 1):
            raise PackageError(f"{path}: {info.filename!r} would expand {info.file_size // 2**20}"
                               f" MB from {info.compress_size} bytes; not a real package")
    for name in files:
        parents = PurePosixPath(name).parents
        clash = next((str(p) for p in parents if str(p) in files), None)
        if clash:
            raise PackageError(f"{path}: {clash!r} is a file, yet {name!r} lies under it")
    limit = max_package_bytes()
    if total > limit:
        raise PackageError(f"{path}: expands to {total // 2**20} MB, more than the "
                           f"{limit // 2**20} MB a package may take (${MAX_PACKAGE_ENV})")


def _parse_metadata(path: Path, raw: bytes) -> dict:
    try:
        metadata = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise PackageError(f"{path}: metadata.json is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise PackageError(
            f"{path}: metadata.json line {error.lineno}: {error.msg}") from None
    except RecursionError:
        raise PackageError(f"{path}: metadata.json is nested too deeply") from None
    if not isinstance(metadata, dict):
        raise PackageError(f"{path}: metadata.json must hold a JSON object")
    kind = metadata.get("type", "translate")
    if kind != "translate":
        raise PackageError(f"{path}: a {kind!r} package; annotator installs translate packages")
    for key in ("from_code", "to_code"):
        if not isinstance(metadata.get(key), str) or not metadata[key]:
            raise PackageError(f"{path}: metadata.json has no {key}")
        if len(metadata[key]) > 16 or not LANGUAGE_CODE.fullmatch(metadata[key]):
            raise PackageError(f"{path}: metadata.json {key} {metadata[key][:20]!r} is not a "
                               "language code")
    version = metadata.get("argos_version", "")
    if not isinstance(version, str | int | float) or len(str(version)) > 32:
        raise PackageError(f"{path}: metadata.json argos_version is not a version number")
    _check_argos_version(path, str(version))
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
    """Check every file, extract and load each in a staging folder beside the packages
    folder, and only then move them in, each with one rename: if one file is bad, none is
    installed, and a kill at any moment leaves either the old package or the new one."""
    require_translate_extra()
    recover_interrupted_installs()
    checked = [inspect_package_file(path) for path in paths]
    staging = _staging_dir()
    staged: list[tuple[PackageFile, Path]] = []
    try:
        for package_file in checked:
            work = staging / f"install-{os.getpid()}-{len(staged)}"
            _extract(package_file, work)
            _check_loads(package_file, work / package_file.folder)
            staged.append((package_file, work))
        results = [_move_in(package_file, work) for package_file, work in staged]
    finally:
        for _, work in staged:
            shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(staging / f"install-{os.getpid()}-{len(staged)}", ignore_errors=True)
    _forget_argos_cache()
    return results


def recover_interrupted_installs() -> None:
    """An install killed between its two renames left the old package in the staging
    folder: put it back. Folders of installs whose process is gone are removed."""
    try:
        target_dir = packages_dir()
    except PackageError:
        return
    staging = target_dir.parent / f".{target_dir.name}.staging"
    if not staging.is_dir():
        return
    for work in staging.iterdir():
        kind, _, rest = work.name.partition("-")
        pid = rest.split("-", 1)[0]
        if not pid.isdigit() or process_alive(int(pid)):
            continue
        if kind == "backup":
            for folder in work.iterdir():
                if not (target_dir / folder.name).exists():
                    folder.rename(target_dir / folder.name)
        shutil.rmtree(work, ignore_errors=True)


def _staging_dir() -> Path:
    """A hidden sibling of the packages folder (same file system, so moving in is one
    rename). Not inside it: Argos's own listing fails on any folder there without a
    metadata.json."""
    target_dir = packages_dir()
    staging = target_dir.parent / f".{target_dir.name}.staging"
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        staging.mkdir(exist_ok=True)
    except OSError as error:
        raise PackageError(f"{staging}: cannot create the folder ({error.strerror})") from None
    return staging


def _extract(package_file: PackageFile, work: Path) -> None:
    """Extract member by member, never more bytes than each member declares (checked
    against the limits already) and checking every CRC."""
    try:
        with zipfile.ZipFile(package_file.path) as archive:
            for info in archive.infolist():
                target = work.joinpath(*PurePosixPath(info.filename).parts)
                if info.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out, 1 << 20)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise PackageError(f"{package_file.path}: corrupt archive ({error})") from None
    except OSError as error:
        raise PackageError(f"{package_file.path}: cannot extract it to {work} "
                           f"({error.strerror or error})") from None


def _move_in(package_file: PackageFile, work: Path) -> InstallResult:
    target_dir = packages_dir()
    target = target_dir / package_file.folder
    existing = _read_installed(target) if target.exists() else None
    if existing is not None and existing.version == str(
            package_file.metadata.get("package_version", "")):
        return InstallResult(existing, "already installed")
    staged = work / package_file.folder
    if _read_installed(staged) is None:
        raise PackageError(f"{package_file.path}: extracted, but its metadata cannot be read")
    replaced = target.exists()
    if replaced:
        backup = work.parent / f"backup-{os.getpid()}-{package_file.folder}"
        backup.mkdir()
        target.rename(backup / package_file.folder)
        try:
            staged.rename(target)
        except BaseException:
            (backup / package_file.folder).rename(target)
            raise
        shutil.rmtree(backup, ignore_errors=True)
    else:
        staged.rename(target)
    installed = _read_installed(target)
    assert installed is not None
    return InstallResult(installed, "replaced" if replaced else "installed")


def _forget_argos_cache() -> None:
    """Argos caches its installed languages; drop that, as its own install does."""
    from argostranslate.translate import get_installed_languages

    get_installed_languages.cache_clear()
