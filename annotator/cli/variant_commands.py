"""annotator variants: find, explain, accept and review transliteration variants."""

from __future__ import annotations

import re
import sys
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
from annotator.core.errors import AnnotatorError
from annotator.core.escape import terminal
from annotator.variants.suggest import homonym_note

SUGGESTION_ID = re.compile(r"s[0-9a-f]{8}")


@click.group()
def variants() -> None:
    """Transliteration variants: suggestions, decisions and the variant table.

    \b
    Example:
      annotator variants suggest -p news.db
      annotator variants accept Vassilenko Vasilenko --label PERSON -p news.db
    """


@variants.command()
@project_options
@click.option("--doc", "doc_id", help="Only clusters with a form in this document.")
@click.option("-n", "--limit", type=click.IntRange(0), help="Show at most this many clusters.")
@click.option("--possible", is_flag=True,
              help="Also the possible tier: lower-scored pairs to review last.")
@output_option
@errors_as_messages
def suggest(project_path, annotator_name, doc_id, limit, possible, output) -> None:
    """Suggest clusters of spellings of one name found across the corpus, with the reason
    for each (which romanization rules turn one spelling into the other), best first. The
    project's accepted and rejected suggestions re-weight the rules they used; clusters
    whose spellings are tagged with different labels are flagged as homonyms and go to
    the possible tier.

    With --format json: a list of {"id", "canonical", "variants", "score", "explanations",
    "forms", "entity_ids", "tier", "homonym"}; "variants" holds every spelling as written,
    canonical first; "id" names the suggestion to `variants accept` and `variants reject`.

    \b
    Example:
      annotator variants suggest -p news.db --format json
      annotator variants suggest --possible -p news.db
    """
    with open_project(project_path, annotator_name) as project, \
            progress_bar("reading the corpus", quiet=output == "json") as update:
        suggestions = project.variant_suggestions(
            doc_id, progress=update, possible=possible,
            stage=lambda what: update(0, None, description=what))
    suggestions = suggestions[:limit] if limit else suggestions
    if output == "json":
        print_json([s.as_dict() for s in suggestions])
        return
    if not suggestions:
        echo("no variant suggestions")
    for s in suggestions:
        forms = ", ".join(f"{f.form} ({f.count})" for f in s.forms)
        into = f"  [joins entity {', '.join(map(str, s.entity_ids))}]" if s.entity_ids else ""
        tier = "" if s.tier == "confident" else f"  ({s.tier})"
        secho(f"{s.canonical}  [{s.id}]  score {s.score:.2f}{tier}{into}", bold=True)
        echo(f"  {forms}")
        if s.homonym:
            secho(f"  ! homonym? {s.homonym}", fg="yellow")
        for explanation in s.explanations:
            echo(f"  - {explanation.describe()}")


@variants.command()
@project_options
@click.argument("forms", nargs=-1, required=True)
@click.option("--canonical", help="The canonical form (default: the most frequent spelling).")
@click.option("--label", help="The entity type (default: the label most used on these forms).")
@errors_as_messages
def accept(project_path, annotator_name, forms, canonical, label) -> None:
    """Make the forms one entity (or add them to the entity some already belong to);
    a suggestion's id (from `variants suggest`) stands for all its forms.

    \b
    Example:
      annotator variants accept Mazhilis Majilis --label ORG
      annotator variants accept s1f0c2a9e --label ORG
    """
    with open_project(project_path, annotator_name) as project:
        spellings = _forms_of(project, forms)
        tagged = project.form_labels(spellings)
        entity = project.accept_variants(spellings, canonical=canonical, label=label)
    echo(f"entity {entity.id}: {entity.canonical} ({entity.label or 'no type'}) = "
         f"{', '.join(entity.forms)}")
    homonyms = homonym_note(tagged, spellings)
    if homonyms:
        secho(f"  homonyms? these spellings are {homonyms}; if they are two names, "
              "`annotator undo` takes this back", fg="yellow", err=True)
    if entity.label is None:
        echo(f"  it has no type: no span of these forms is tagged yet, and no --label was "
             f"given; give it one with `annotator variants type {entity.id} LABEL`")


@variants.command("type")
@project_options
@click.argument("entity")
@click.argument("label", required=False)
@errors_as_messages
def type_(project_path, annotator_name, entity, label) -> None:
    """Set the type (a label) of ENTITY (by id, canonical form or any form); without
    LABEL, take its type away.

    \b
    Example:
      annotator variants type Mazhilis ORG
    """
    with open_project(project_path, annotator_name) as project:
        typed = project.set_entity_type(project.entity_id(entity), label)
    echo(f"entity {typed.id}: {typed.canonical} ({typed.label or 'no type'})")


def _forms_of(project, arguments: tuple[str, ...]) -> list[str]:
    """Forms as given, with each suggestion id among them replaced by its forms."""
    if not any(SUGGESTION_ID.fullmatch(a) for a in arguments):
        return list(arguments)
    by_id = {s.id: s for s in project.variant_suggestions(possible=True)}
    forms: list[str] = []
    for argument in arguments:
        if not SUGGESTION_ID.fullmatch(argument):
            forms.append(argument)
        elif argument in by_id:
            forms += by_id[argument].variants
        else:
            raise AnnotatorError(
                f"no suggestion {argument} now (suggestions change as the corpus and the "
                "decisions do): run `annotator variants suggest` again")
    return forms


@variants.command()
@project_options
@click.argument("forms", nargs=-1, required=True)
@errors_as_messages
def reject(project_path, annotator_name, forms) -> None:
    """Never suggest these forms as variants of each other again (a suggestion's id
    stands for all its forms).

    \b
    Example:
      annotator variants reject Marat Murat
      annotator variants reject s51b7d0e2
    """
    with open_project(project_path, annotator_name) as project:
        count = project.reject_variants(_forms_of(project, forms))
    echo(f"rejected {count} pair(s)")


@variants.command()
@project_options
@click.argument("target")
@click.argument("other")
@errors_as_messages
def merge(project_path, annotator_name, target, other) -> None:
    """Merge entity OTHER into TARGET (by id, canonical form or any form).

    \b
    Example:
      annotator variants merge Kazakhstan Qazaqstan
    """
    with open_project(project_path, annotator_name) as project:
        entity = project.merge_entities(project.entity_id(target),
                                        project.entity_id(other))
    echo(f"entity {entity.id}: {entity.canonical} = {', '.join(entity.forms)}")


@variants.command()
@project_options
@click.argument("entity")
@click.argument("forms", nargs=-1, required=True)
@click.option("--canonical", help="Canonical form of the new entity (default: the first form).")
@errors_as_messages
def split(project_path, annotator_name, entity, forms, canonical) -> None:
    """Move FORMS out of ENTITY into a new entity (their spans follow).

    \b
    Example:
      annotator variants split Kazakhstan Qazaqstan --canonical "Qazaqstan TV"
    """
    with open_project(project_path, annotator_name) as project:
        new = project.split_entity(project.entity_id(entity), forms, canonical)
    echo(f"new entity {new.id}: {new.canonical} = {', '.join(new.forms)}")


@variants.command()
@project_options
@click.argument("entity")
@click.argument("canonical")
@errors_as_messages
def rename(project_path, annotator_name, entity, canonical) -> None:
    """Give an entity a new canonical form.

    \b
    Example:
      annotator variants rename Vasilenko Vassilenko
    """
    with open_project(project_path, annotator_name) as project:
        renamed = project.rename_entity(project.entity_id(entity), canonical)
    echo(f"entity {renamed.id} is now {renamed.canonical}")


@variants.command()
@project_options
@click.argument("entity")
@click.option("--ru", "russian", multiple=True, help="A Russian Cyrillic form (repeatable).")
@click.option("--kk", "kazakh", multiple=True, help="A Kazakh Cyrillic form (repeatable).")
@errors_as_messages
def cyrillic(project_path, annotator_name, entity, russian, kazakh) -> None:
    """Set the Russian and/or Kazakh Cyrillic forms of an entity.

    \b
    Example:
      annotator variants cyrillic Mazhilis --ru Мажилис --kk Мәжіліс
    """
    with open_project(project_path, annotator_name) as project:
        entity_id = project.entity_id(entity)
        found = project.entity(entity_id)
        for lang, forms in (("ru", russian), ("kk", kazakh)):
            if forms:
                found = project.set_cyrillic_forms(entity_id, lang, forms)
    echo(f"{found.canonical}: " + "; ".join(
        f"{lang} {', '.join(forms)}" for lang, forms in found.cyrillic.items()))


@variants.command(name="propose-cyrillic")
@project_options
@click.argument("entities", nargs=-1)
@click.option("--accept", is_flag=True, help="Store the best proposal per language for "
              "entities that have no Cyrillic form in that language yet.")
@output_option
@errors_as_messages
def propose_cyrillic(project_path, annotator_name, entities, accept, output) -> None:
    """Propose Cyrillic forms for entities (all unless some are named): from the
    translations of the sentences they occur in (`annotator translate run`), and by
    back-transliteration of their spellings. Each comes with its evidence.

    \b
    Example:
      annotator variants propose-cyrillic Tokayev -p news.db
      annotator variants propose-cyrillic --accept -p news.db
    """
    results = []
    with open_project(project_path, annotator_name) as project:
        ids = [project.entity_id(name) for name in entities] if entities \
            else [entity.id for entity in project.entities() if entity.id is not None]
        for entity_id in ids:
            entity = project.entity(entity_id)
            proposals = project.cyrillic_proposals(entity_id)
            stored = {}
            if accept:
                for lang in ("ru", "kk"):
                    best = next((p for p in proposals if p.lang == lang), None)
                    if best is not None and not entity.cyrillic.get(lang):
                        project.set_cyrillic_forms(entity_id, lang, [best.form])
                        stored[lang] = best.form
            results.append((entity, proposals, stored))
    if output == "json":
        print_json([{"entity": e.canonical, "id": e.id, "existing": e.cyrillic,
                     "proposals": [p.__dict__ for p in proposals], "stored": stored}
                    for e, proposals, stored in results])
        return
    for entity, proposals, stored in results:
        secho(f"{entity.canonical}", bold=True)
        if not proposals:
            echo("  no proposal (translate the documents it occurs in first)")
        for p in proposals:
            mark = "  ✓ stored" if stored.get(p.lang) == p.form else ""
            demo = "[demo] " if p.demo else ""
            echo(f"  {p.lang} {p.form:24} {demo}{p.evidence}{mark}")


@variants.command()
@project_options
@click.argument("entities", nargs=-1)
@output_option
@errors_as_messages
def preannotate(project_path, annotator_name, entities, output) -> None:
    """Tag every occurrence of the entities' forms as suggested spans to review
    (all entities unless some are named). Undo takes them all back.

    \b
    Example:
      annotator variants preannotate -p news.db
    """
    with open_project(project_path, annotator_name) as project:
        ids = [project.entity_id(name) for name in entities] if entities else None
        with progress_bar("pre-annotating", quiet=output == "json") as update:
            report = project.preannotate(ids, progress=update)
    if output == "json":
        print_json(report.__dict__)
        return
    echo(f"{report.added} suggested spans added; {report.already_tagged} already tagged, "
               f"{report.rejected_before} rejected before, {report.overlapping} overlapping "
               "a span of the same label")
    if report.entities_without_type:
        echo("entities without a type were skipped (give them one with "
                   f"`variants accept ... --label`): {', '.join(report.entities_without_type)}")


@variants.command()
@project_options
@click.option("--format", "table_format", type=click.Choice(["csv", "tsv", "md", "json", "html"]),
              default="md", show_default=True)
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to this file instead of standard output.")
@click.option("--contexts", type=click.IntRange(0), default=None,
              help="Contexts per spelling (default: every one).")
@click.option("-w", "--width", type=click.IntRange(1, 10_000), default=40, show_default=True,
              help="Characters of context on each side.")
@errors_as_messages
def table(project_path, annotator_name, table_format, out, contexts, width) -> None:
    """The variant table for linguists: every accepted entity with each spelling, the rule
    and romanization systems it follows, its occurrences, documents (by title and date) and
    contexts, and its Cyrillic forms and proposals; then the pending suggestions and the
    rejected pairs. CSV and TSV have one row per context (left, keyword, right) and a
    `section` column; HTML is one self-contained, sortable page.

    \b
    Example:
      annotator variants table --format html -o exports/variants.html
      annotator variants table --format csv --contexts 5 -o exports/variants.csv
    """
    from annotator.formats.variant_table import WRITERS, to_html

    with open_project(project_path, annotator_name) as project, \
            progress_bar("reading the corpus") as update:
        report = project.variant_report(contexts, width, progress=update)
        name = project.name
    text = to_html(report, f"Variant table: {name}") if table_format == "html" \
        else WRITERS[table_format](report)
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        echo(f"wrote {len(report.rows)} entities, {len(report.pending)} pending suggestions "
             f"and {len(report.rejected)} rejected pairs to {out}", err=True)
    else:
        # Contexts come from documents: shown, never obeyed, on a terminal.
        sys.stdout.write(terminal(text))


@variants.command()
@project_options
@click.argument("form")
@click.option("-w", "--width", type=click.IntRange(1, 10_000), default=40, show_default=True,
              help="Characters of context.")
@output_option
@errors_as_messages
def concordance(project_path, annotator_name, form, width, output) -> None:
    """Every occurrence of FORM in the corpus with its context (keyword in context).

    \b
    Example:
      annotator variants concordance Vasilenko
    """
    with open_project(project_path, annotator_name) as project:
        lines = project.concordance(form, width=width)
    if output == "json":
        print_json([{"doc_id": d, "left": left, "form": f, "right": right}
                    for d, left, f, right in lines])
        return
    for doc_id, left, found, right in lines:
        echo(f"{doc_id:>18}  {left:>{width}}[{found}]{right}")


COMMANDS = [variants]
