"""annotator translate: install Argos packages from files, list routes, translate a project."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.common import (
    echo,
    errors_as_messages,
    open_project,
    output_option,
    print_json,
    progress_bar,
    project_options,
    secho,
)
from annotator.core.errors import InvalidValue


@click.group()
def translate() -> None:
    """Offline translation with Argos Translate packages (the 'translate' extra).

    \b
    Example:
      annotator translate install translate-en_ru-1_9.argosmodel
      annotator translate list
      annotator translate run --to ru,kk -p news.db
      annotator translate show DOC_ID -p news.db
    """


@translate.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_option
@errors_as_messages
def install(files: tuple[Path, ...], output: str) -> None:
    """Install .argosmodel package files where Argos keeps its packages
    (ARGOS_PACKAGES_DIR, else ~/.local/share/argos-translate/packages). Never uses the
    network. Every file is checked first: if one is bad, none is installed.

    \b
    Example:
      annotator translate install ~/Downloads/translate-en_ru-1_9.argosmodel
    """
    from annotator.translate.packages import install_packages, packages_dir

    results = install_packages(list(files))
    if output == "json":
        print_json([{"file": str(f), "package": r.package.name, "pair": _pair(r.package),
                     "version": r.package.version, "status": r.status, "path": str(r.package.path)}
                    for f, r in zip(files, results, strict=True)])
        return
    for result in results:
        echo(f"{result.status}: {result.package.name} ({_pair(result.package)}, "
                   f"version {result.package.version})")
    echo(f"packages directory: {packages_dir()}")


@translate.command(name="list")
@output_option
@errors_as_messages
def list_packages(output: str) -> None:
    """Show the installed translation packages and the routes they allow (a direct
    package, or two chained through a pivot language).

    \b
    Example:
      annotator translate list --format json
    """
    from annotator.translate.packages import installed_packages, packages_dir
    from annotator.translate.routes import all_routes

    packages = installed_packages()
    routes = all_routes(packages)
    if output == "json":
        print_json({
            "packages_dir": str(packages_dir()),
            "packages": [{"name": p.name, "from": p.from_code, "to": p.to_code,
                          "version": p.version, "path": str(p.path),
                          "offline_splitter": p.offline_splitter} for p in packages],
            "routes": [{"from": r.codes[0], "to": r.codes[-1], "via": r.codes[1:-1],
                        "packages": [p.name for p in r.packages]} for r in routes],
        })
        return
    echo(f"packages directory: {packages_dir()}")
    if not packages:
        echo("no translation packages installed; install one with "
                   "`annotator translate install FILE.argosmodel`")
        return
    for package in packages:
        note = "" if package.offline_splitter else "  (no bundled sentence splitter: " \
            "Argos's own translate() would download one; annotator's batch engine does not need it)"
        echo(f"  {_pair(package):10} {package.name} {package.version}{note}")
    echo("routes:")
    for route in routes:
        echo(f"  {route.describe()}")


@translate.command()
@project_options
@click.option("--to", "targets", default="ru,kk", show_default=True,
              help="Target languages, comma-separated.")
@click.option("--from", "source", default="en", show_default=True, help="Source language.")
@click.option("--doc", "doc_ids", multiple=True, metavar="ID",
              help="Translate only this document (repeatable); default: every document.")
@click.option("--status", type=click.Choice(["new", "in_progress", "done"]),
              help="Translate only documents with this status.")
@click.option("--engine", type=click.Choice(["batch", "argos"]), default="batch",
              show_default=True, help="batch: CTranslate2 directly, many sentences per call; "
              "argos: argostranslate's translate() per sentence (the reference path).")
@click.option("--beam", "beam_size", type=click.IntRange(1, 16), default=4, show_default=True)
@click.option("--threads", type=click.IntRange(0, 64), default=1, show_default=True,
              help="CTranslate2 threads working on one batch (0: one per core).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Batches translated at once, one thread each (batch engine only); "
              "--workers 2 uses both cores of a 2-core machine.")
@click.option("--batch-size", type=click.IntRange(1, 4096), default=32, show_default=True,
              help="Sentences per CTranslate2 batch.")
@click.option("--force", is_flag=True,
              help="Translate again even documents already translated with the same packages.")
@output_option
@errors_as_messages
def run(project_path, annotator_name, targets, source, doc_ids, status, engine, beam_size,
        threads, workers, batch_size, force, output) -> None:
    """Translate a project's documents sentence by sentence and store the translations,
    aligned to the source sentences, with the packages that made them. A re-run skips
    documents already translated with the same packages. Kazakh uses an en→kk package
    when one is installed, else pivots through Russian (en→ru→kk).

    \b
    Example:
      annotator translate run --to ru,kk -p news.db
      annotator translate run --to kk --doc tokayev-majilis -p news.db
      annotator translate run --to ru --workers 2 -p news.db
    """
    from annotator.translate.engines import ENGINES, TranslateOptions
    from annotator.translate.packages import installed_packages
    from annotator.translate.routes import find_route
    from annotator.translate.runner import plan, sentence_count, translate_documents

    langs = [lang.strip() for lang in targets.split(",") if lang.strip()]
    if not langs:
        raise InvalidValue("--to names no language")
    packages = installed_packages()
    routes = {lang: find_route(packages, source, lang) for lang in langs}
    with open_project(project_path, annotator_name) as project:
        selected = _select_documents(project, doc_ids, status)
        todo = plan(project, routes, selected, force)
        total = sum(sentence_count(project, docs) for docs in todo.values())
        if output != "json":
            for lang, route in routes.items():
                echo(f"{lang}: {route.describe()}")
        options = TranslateOptions(beam_size=beam_size, threads=threads, batch_size=batch_size,
                                   workers=workers)
        done = 0
        with progress_bar("translating", quiet=output == "json") as update:
            def advance(sentences: int) -> None:
                nonlocal done
                done += sentences
                update(done, total)

            translator = ENGINES[engine](options) if total else None
            report = translate_documents(project, translator, routes, selected, force=force,
                                         progress=advance) if translator else None
    translated = report.translated if report else {lang: 0 for lang in langs}
    skipped = {lang: len(selected) - len(todo[lang]) for lang in langs}
    if output == "json":
        print_json({"routes": {lang: {"route": r.name, "packages": r.signature,
                                      "pivot": r.is_pivot} for lang, r in routes.items()},
                    "translated": translated, "skipped": skipped,
                    "pivot_reused": report.reused if report else {},
                    "sentences": report.sentences if report else 0})
        return
    for lang in langs:
        echo(f"{lang}: translated {translated.get(lang, 0)} documents"
                   + (f", skipped {skipped[lang]} already translated with the same packages"
                      if skipped[lang] else "")
                   + (f"; {reused} started from the stored {routes[lang].codes[1]} translation"
                      if report and (reused := report.reused.get(lang)) else ""))


@translate.command()
@project_options
@click.argument("doc_id")
@click.option("--lang", "langs", default=None, help="Languages to show (default: all stored).")
@output_option
@errors_as_messages
def show(project_path, annotator_name, doc_id, langs, output) -> None:
    """Print a document's sentences beside their stored translations.

    \b
    Example:
      annotator translate show tokayev-majilis --lang kk -p news.db
    """
    with open_project(project_path, annotator_name) as project:
        text = project.document(doc_id).text
        wanted = [lang.strip() for lang in langs.split(",")] if langs else None
        translations = project.translations(doc_id, wanted)
    if output == "json":
        print_json({lang: {"route": t.route, "packages": t.packages, "engine": t.engine,
                           "translated_at": t.translated_at,
                           "sentences": [{"start": s.start, "end": s.end,
                                          "source": text[s.start:s.end], "text": s.text}
                                         for s in t.sentences]}
                    for lang, t in translations.items()})
        return
    if not translations:
        echo(f"{doc_id}: no translations stored; run `annotator translate run --doc "
                   f"{doc_id}`")
        return
    for lang, t in translations.items():
        secho(f"== {lang} ({t.route}, {t.packages}, {t.engine}, {t.translated_at})",
                    bold=True)
        for s in t.sentences:
            echo(f"  {text[s.start:s.end]}")
            secho(f"  → {s.text}", fg="cyan")


@translate.command(name="demo-packages")
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@errors_as_messages
def demo_packages(out: Path) -> None:
    """Build three tiny offline Argos packages (en→ru, ru→kk, en→kk) to try translation
    without downloading anything. They transliterate token by token; they do not
    translate. Real packages install and run the same way.

    \b
    Example:
      annotator translate demo-packages /tmp/demo && annotator translate install /tmp/demo/*
    """
    from annotator.translate.extra import require_translate_extra

    require_translate_extra()
    from annotator.translate.demo_packages import build_demo_packages

    for path in build_demo_packages(out):
        echo(f"wrote {path}")


def _pair(package) -> str:
    return f"{package.from_code}→{package.to_code}"


def _select_documents(project, doc_ids: tuple[str, ...], status: str | None) -> list[str]:
    if doc_ids:
        for doc_id in doc_ids:
            project.document(doc_id)  # NotFound names a wrong id
        return list(doc_ids)
    selected, offset = [], 0
    while page := project.list_documents(offset=offset, limit=1000, status=status):
        selected += [summary.id for summary in page]
        offset += len(page)
    return selected


COMMANDS = [translate]
