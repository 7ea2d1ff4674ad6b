"""The variant table as CSV, TSV, Markdown, JSON or a self-contained HTML page.

Every format carries the same report (`VariantReport`): each accepted entity with every
spelling, the rule and romanization systems behind it, its count, documents and contexts
(the documents named by title and date); then the pending suggestions, the rejected pairs
and the Cyrillic proposals with their evidence.

CSV and TSV have one row per context (left / keyword / right), the shape a spreadsheet or
pandas wants, with a `section` column: entity, pending, rejected, cyrillic-proposal.
Markdown has a section for each part, HTML one sortable table with every context behind
"more" and the other parts below it, JSON the full structure.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable, Iterator

from annotator.core.escape import markdown, one_line, spreadsheet_cell
from annotator.variants.report import VariantReport, spelling_rule
from annotator.variants.table import FormUse, VariantRow

FLAT_COLUMNS = ["section", "entity_id", "canonical", "type", "form", "count", "documents",
                "rule", "ru", "kk", "document", "date", "left", "keyword", "right"]
SHOWN_CONTEXTS = 3  # in HTML, before "more"


def _flat_rows(report: VariantReport) -> Iterator[list[str]]:
    for row in report.rows:
        entity = row.entity
        cyrillic = [" | ".join(entity.cyrillic.get(lang, [])) for lang in ("ru", "kk")]
        for use in row.forms:
            head = ["entity", str(entity.id), entity.canonical, entity.label or "", use.form,
                    str(use.count), str(len(use.documents)),
                    spelling_rule(use.form, entity.canonical), *cyrillic]
            if not use.contexts:
                yield [*head, "", "", "", "", ""]
            for doc_id, left, keyword, right in use.contexts:
                document = report.document(doc_id)
                yield [*head, document.title or doc_id, document.date, left, keyword, right]
        for proposal in report.proposals.get(entity.id or 0, []):
            yield ["cyrillic-proposal", str(entity.id), entity.canonical, entity.label or "",
                   proposal.form, str(proposal.support), "",
                   f"{proposal.lang} {proposal.source}: {proposal.evidence}", "", "", "", "",
                   "", "", ""]
    for suggestion in report.pending:
        for stats in suggestion.forms:
            yield ["pending", suggestion.id, suggestion.canonical, "", stats.form,
                   str(stats.count), str(stats.documents_total),
                   spelling_rule(stats.form, suggestion.canonical), "", "", "", "", "", "", ""]
    for pair in report.rejected:
        yield ["rejected", "", pair.form_a, "", pair.form_b, "", "",
               f"rejected by {pair.annotator} at {pair.at}", "", "", "", "", "", "", ""]


def to_csv(report: VariantReport, delimiter: str = ",") -> str:
    """Forms come from document text: a cell starting with = + - @ would run as a formula
    in a spreadsheet, so such cells start with an apostrophe (OWASP's advice). Contexts are
    put on one line."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(FLAT_COLUMNS)
    writer.writerows([[spreadsheet_cell(one_line(cell)) for cell in row]
                      for row in _flat_rows(report)])
    return out.getvalue()


def to_tsv(report: VariantReport) -> str:
    return to_csv(report, delimiter="\t")


def to_json(report: VariantReport) -> str:
    def entity(row: VariantRow) -> dict:
        described = row.as_dict()
        for form, use in zip(described["forms"], row.forms, strict=True):
            form["rule"] = spelling_rule(use.form, row.entity.canonical)
            for context in form["contexts"]:
                document = report.document(context["doc_id"])
                context["title"], context["date"] = document.title, document.date
        described["cyrillic_proposals"] = [
            {"lang": p.lang, "form": p.form, "source": p.source, "support": p.support,
             "evidence": p.evidence} for p in report.proposals.get(row.entity.id or 0, [])]
        return described

    return json.dumps({
        "entities": [entity(row) for row in report.rows],
        "pending": [suggestion.as_dict() for suggestion in report.pending],
        "rejected": [{"forms": [pair.form_a, pair.form_b], "annotator": pair.annotator,
                      "at": pair.at} for pair in report.rejected],
    }, ensure_ascii=False, indent=2) + "\n"


def to_markdown(report: VariantReport) -> str:
    cell = markdown
    lines = ["## Entities", "",
             "| canonical | type | forms (occurrences) | total | documents | ru | kk |",
             "|---|---|---|---:|---:|---|---|"]
    for row in report.rows:
        forms = ", ".join(f"{f.form} ({f.count})" for f in row.forms)
        lines.append("| " + " | ".join(cell(x) for x in [
            row.entity.canonical, row.entity.label or "", forms, str(row.count),
            str(len(row.documents)), ", ".join(row.entity.cyrillic.get("ru", [])),
            ", ".join(row.entity.cyrillic.get("kk", []))]) + " |")
    for row in report.rows:
        lines += ["", f"### {cell(row.entity.canonical)}", "",
                  "| spelling | count | documents | rule |", "|---|---:|---:|---|"]
        lines += [f"| {cell(use.form)} | {use.count} | {len(use.documents)} | "
                  f"{cell(spelling_rule(use.form, row.entity.canonical))} |" for use in row.forms]
        for use in row.forms:
            if use.contexts:
                lines += ["", f"Contexts of {cell(use.form)}:", ""]
                lines += [f"- {cell(report.document(doc).name)}: …{cell(left)}**{cell(form)}**"
                          f"{cell(right)}…" for doc, left, form, right in use.contexts]
        proposals = report.proposals.get(row.entity.id or 0, [])
        if proposals:
            lines += ["", "Cyrillic proposals:", ""]
            lines += [f"- {p.lang}: {cell(p.form)} ({cell(p.evidence)})" for p in proposals]
    lines += ["", "## Pending suggestions", ""]
    if report.pending:
        lines += ["| id | canonical | spellings (occurrences) | score | tier | rules |",
                  "|---|---|---|---:|---|---|"]
        lines += [f"| {s.id} | {cell(s.canonical)} | "
                  f"{cell(', '.join(f'{f.form} ({f.count})' for f in s.forms))} | "
                  f"{s.score:.2f} | {s.tier} | "
                  f"{cell('; '.join(e.describe() for e in s.explanations))} |"
                  for s in report.pending]
    else:
        lines.append("None.")
    lines += ["", "## Rejected pairs", ""]
    if report.rejected:
        lines += ["| spelling | spelling | rejected by | at |", "|---|---|---|---|"]
        lines += [f"| {cell(p.form_a)} | {cell(p.form_b)} | {cell(p.annotator)} | {cell(p.at)} |"
                  for p in report.rejected]
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def to_html(report: VariantReport, title: str = "Variant table") -> str:
    rows = report.rows
    most = max((f.count for row in rows for f in row.forms), default=1) or 1
    body = "\n".join(_html_row(report, row, most)
                     for row in sorted(rows, key=lambda r: -r.count))
    return _PAGE.format(title=html.escape(title), rows=body, entities=len(rows),
                        forms=sum(len(r.forms) for r in rows),
                        pending=_html_pending(report), rejected=_html_rejected(report))


def _html_contexts(report: VariantReport, use: FormUse) -> str:
    e = html.escape
    items = [f"<li><span class=doc>{e(report.document(doc).name)}</span> …{e(left)}"
             f"<mark>{e(form)}</mark>{e(right)}…</li>" for doc, left, form, right in use.contexts]
    if not items:
        return "<ul><li>no occurrence in the text</li></ul>"
    shown, more = items[:SHOWN_CONTEXTS], items[SHOWN_CONTEXTS:]
    extra = (f"<details class=more><summary>{len(more)} more</summary>"
             f"<ul>{''.join(more)}</ul></details>") if more else ""
    return f"<ul>{''.join(shown)}</ul>{extra}"


def _html_row(report: VariantReport, row: VariantRow, most: int) -> str:
    e = html.escape
    forms = []
    for use in row.forms:
        width = round(100 * use.count / most)
        rule = spelling_rule(use.form, row.entity.canonical)
        forms.append(
            f'<details><summary><span class=form>{e(use.form)}</span>'
            f'<span class=bar style="width:{width}%"></span>'
            f'<span class=n>{use.count} in {len(use.documents)} '
            f'doc{"s" if len(use.documents) != 1 else ""}</span></summary>'
            f"<p class=rule>{e(rule)}</p>{_html_contexts(report, use)}</details>")

    def cyrillic(lang: str) -> str:
        recorded = e(", ".join(row.entity.cyrillic.get(lang, [])))
        proposed = "".join(
            f"<div class=proposal title=\"{e(p.evidence)}\">proposed: {e(p.form)} "
            f"<span class=evidence>({e(p.evidence)})</span></div>"
            for p in report.proposals.get(row.entity.id or 0, []) if p.lang == lang)
        return recorded + proposed

    return (f"<tr><td>{e(row.entity.canonical)}</td><td>{e(row.entity.label or '')}</td>"
            f"<td class=forms>{''.join(forms)}</td><td class=num>{row.count}</td>"
            f"<td class=num>{len(row.documents)}</td><td>{cyrillic('ru')}</td>"
            f"<td>{cyrillic('kk')}</td></tr>")


def _html_pending(report: VariantReport) -> str:
    e = html.escape
    if not report.pending:
        return "<p>None.</p>"
    rows = "".join(
        f"<tr><td><code>{e(s.id)}</code></td><td>{e(s.canonical)}</td>"
        f"<td>{e(', '.join(f'{f.form} ({f.count})' for f in s.forms))}</td>"
        f"<td class=num>{s.score:.2f}</td><td>{e(s.tier)}</td>"
        f"<td>{'<br>'.join(e(x.describe()) for x in s.explanations)}</td></tr>"
        for s in report.pending)
    return ("<table><thead><tr><th>Id</th><th>Canonical</th><th>Spellings</th><th>Score</th>"
            f"<th>Tier</th><th>Rules</th></tr></thead><tbody>{rows}</tbody></table>")


def _html_rejected(report: VariantReport) -> str:
    e = html.escape
    if not report.rejected:
        return "<p>None.</p>"
    rows = "".join(f"<tr><td>{e(p.form_a)}</td><td>{e(p.form_b)}</td><td>{e(p.annotator)}</td>"
                   f"<td>{e(p.at)}</td></tr>" for p in report.rejected)
    return ("<table><thead><tr><th>Spelling</th><th>Spelling</th><th>Rejected by</th>"
            f"<th>At</th></tr></thead><tbody>{rows}</tbody></table>")


WRITERS: dict[str, Callable[[VariantReport], str]] = {
    "csv": to_csv, "tsv": to_tsv, "md": to_markdown, "json": to_json, "html": to_html,
}

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
:root {{ color-scheme: light dark; --bar: #4c78a8; --line: #8884; }}
body {{ font: 15px/1.45 system-ui, sans-serif; margin: 2rem; }}
h1 {{ font-size: 1.4rem; margin: 0 0 .2rem; }}
p.meta {{ margin: 0 0 1rem; opacity: .7; }}
input {{ font: inherit; padding: .3rem .5rem; width: 28rem; max-width: 100%; margin-bottom: 1rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid var(--line); padding: .4rem .6rem; vertical-align: top;
         text-align: left; }}
th {{ cursor: pointer; user-select: none; white-space: nowrap; position: sticky; top: 0;
     background: Canvas; }}
th[aria-sort=ascending]::after {{ content: " ▲"; }}
th[aria-sort=descending]::after {{ content: " ▼"; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
td.forms {{ min-width: 22rem; }}
summary {{ display: grid; grid-template-columns: 11rem 1fr 7rem; gap: .5rem; align-items: center;
          cursor: pointer; }}
.bar {{ height: .7rem; background: var(--bar); border-radius: 2px; min-width: 2px; }}
.n {{ font-size: .85em; opacity: .75; text-align: right; }}
details ul {{ margin: .2rem 0 .5rem 1rem; padding: 0; font-size: .9em; }}
.doc {{ opacity: .6; margin-right: .4rem; }}
mark {{ background: #f5851833; color: inherit; font-weight: 600; }}
h2 {{ font-size: 1.15rem; margin: 2rem 0 .5rem; }}
p.rule {{ margin: .2rem 0 0 1rem; font-size: .85em; opacity: .8; }}
details.more {{ margin-left: 1rem; font-size: .9em; }}
details.more > summary {{ display: list-item; }}
.proposal {{ font-size: .85em; opacity: .8; }}
.evidence {{ opacity: .7; }}
</style></head><body>
<h1>{title}</h1>
<p class="meta">{entities} entities, {forms} spellings. Click a column to sort; click a spelling
for its contexts.</p>
<input id="filter" type="search" placeholder="Filter by any spelling, type or Cyrillic form">
<table id="variants"><thead><tr><th data-kind="text">Canonical</th><th data-kind="text">Type</th>
<th data-kind="text">Spellings (occurrences)</th><th data-kind="num">Total</th>
<th data-kind="num">Documents</th><th data-kind="text">Russian</th><th data-kind="text">Kazakh</th>
</tr></thead><tbody>
{rows}
</tbody></table>
<h2>Pending suggestions</h2>
{pending}
<h2>Rejected pairs</h2>
{rejected}
<script>
const table = document.getElementById("variants");
table.querySelectorAll("th").forEach((th, column) => th.addEventListener("click", () => {{
  const ascending = th.getAttribute("aria-sort") !== "ascending";
  table.querySelectorAll("th").forEach(h => h.removeAttribute("aria-sort"));
  th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  const value = row => row.cells[column].innerText.trim();
  const rows = [...table.tBodies[0].rows].sort((a, b) => th.dataset.kind === "num"
    ? Number(value(a)) - Number(value(b)) : value(a).localeCompare(value(b)));
  if (!ascending) rows.reverse();
  table.tBodies[0].append(...rows);
}}));
document.getElementById("filter").addEventListener("input", event => {{
  const needle = event.target.value.toLowerCase();
  for (const row of table.tBodies[0].rows)
    row.hidden = needle && !row.innerText.toLowerCase().includes(needle);
}});
</script></body></html>
"""
