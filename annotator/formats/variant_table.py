"""The variant table as CSV, TSV, Markdown, JSON or a self-contained HTML page.

CSV and TSV have one row per spelling (entity columns repeated), the shape a spreadsheet
or pandas wants; Markdown and HTML one row per entity; JSON the full structure.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable

from annotator.core.escape import markdown, spreadsheet_cell
from annotator.variants.table import VariantRow

FLAT_COLUMNS = ["entity_id", "canonical", "type", "form", "count", "documents", "ru", "kk",
                "context"]


def _flat_rows(rows: list[VariantRow]) -> list[list[str]]:
    flat = []
    for row in rows:
        for use in row.forms:
            context = "".join(use.contexts[0][1:]).strip() if use.contexts else ""
            flat.append([str(row.entity.id), row.entity.canonical, row.entity.label or "",
                         use.form, str(use.count), str(len(use.documents)),
                         " | ".join(row.entity.cyrillic.get("ru", [])),
                         " | ".join(row.entity.cyrillic.get("kk", [])), context])
    return flat


def to_csv(rows: list[VariantRow], delimiter: str = ",") -> str:
    """Forms come from document text: a cell starting with = + - @ would run as a formula
    in a spreadsheet, so such cells start with an apostrophe (OWASP's advice)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(FLAT_COLUMNS)
    writer.writerows([[spreadsheet_cell(cell) for cell in row] for row in _flat_rows(rows)])
    return out.getvalue()


def to_tsv(rows: list[VariantRow]) -> str:
    return to_csv(rows, delimiter="\t")


def to_json(rows: list[VariantRow]) -> str:
    return json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2) + "\n"


def to_markdown(rows: list[VariantRow]) -> str:
    cell = markdown
    lines = ["| canonical | type | forms (occurrences) | total | documents | ru | kk |",
             "|---|---|---|---:|---:|---|---|"]
    for row in rows:
        forms = ", ".join(f"{f.form} ({f.count})" for f in row.forms)
        lines.append("| " + " | ".join(cell(x) for x in [
            row.entity.canonical, row.entity.label or "", forms, str(row.count),
            str(len(row.documents)), ", ".join(row.entity.cyrillic.get("ru", [])),
            ", ".join(row.entity.cyrillic.get("kk", []))]) + " |")
    return "\n".join(lines) + "\n"


def to_html(rows: list[VariantRow], title: str = "Variant table") -> str:
    most = max((f.count for row in rows for f in row.forms), default=1) or 1
    body = "\n".join(_html_row(row, most) for row in sorted(rows, key=lambda r: -r.count))
    return _PAGE.format(title=html.escape(title), rows=body, entities=len(rows),
                        forms=sum(len(r.forms) for r in rows))


def _html_row(row: VariantRow, most: int) -> str:
    e = html.escape
    forms = []
    for use in row.forms:
        width = round(100 * use.count / most)
        contexts = "".join(
            f"<li><span class=doc>{e(doc)}</span> …{e(left)}<mark>{e(form)}</mark>"
            f"{e(right)}…</li>" for doc, left, form, right in use.contexts)
        forms.append(
            f'<details><summary><span class=form>{e(use.form)}</span>'
            f'<span class=bar style="width:{width}%"></span>'
            f'<span class=n>{use.count} in {len(use.documents)} '
            f'doc{"s" if len(use.documents) != 1 else ""}</span></summary>'
            f"<ul>{contexts or '<li>no occurrence in the text</li>'}</ul></details>")
    cyrillic = lambda lang: e(", ".join(row.entity.cyrillic.get(lang, [])))  # noqa: E731
    return (f"<tr><td>{e(row.entity.canonical)}</td><td>{e(row.entity.label or '')}</td>"
            f"<td class=forms>{''.join(forms)}</td><td class=num>{row.count}</td>"
            f"<td class=num>{len(row.documents)}</td><td>{cyrillic('ru')}</td>"
            f"<td>{cyrillic('kk')}</td></tr>")


WRITERS: dict[str, Callable[[list[VariantRow]], str]] = {
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
