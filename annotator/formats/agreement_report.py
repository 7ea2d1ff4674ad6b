"""An agreement report as text lines, Markdown (for dataset cards) or one HTML page."""

from __future__ import annotations

import html

from annotator.agreement import AgreementReport, Figures
from annotator.core.escape import markdown

COLUMNS = ("span_f1_exact", "span_f1_partial", "kappa", "alpha")
HEADERS = ("span F1 exact", "span F1 partial", "kappa", "alpha")


def figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def summary_line(report: AgreementReport) -> str:
    documents = "1 document" if report.documents == 1 else f"{report.documents} documents"
    return (f"{documents} finished by two or more of "
            f"{', '.join(report.annotators) or 'nobody'} ({report.tokens} tokens)")


def rows(report: AgreementReport) -> list[tuple[str, Figures]]:
    """(name, figures): overall first, then each label."""
    return [("overall", report.overall), *report.by_label.items()]


def to_markdown(report: AgreementReport) -> str:
    lines = ["| | " + " | ".join(HEADERS) + " |", "|---" * (len(HEADERS) + 1) + "|"]
    for name, figures in rows(report):
        lines.append(f"| {markdown(name)} | "
                     + " | ".join(figure(getattr(figures, c)) for c in COLUMNS) + " |")
    lines += ["", "| annotators | documents | span F1 exact | span F1 partial | kappa |",
              "|---|---|---|---|---|"]
    for pair in report.pairs:
        lines.append(f"| {markdown(pair.a)} – {markdown(pair.b)} | {pair.documents} | "
                     f"{figure(pair.span_f1_exact)} | {figure(pair.span_f1_partial)} | "
                     f"{figure(pair.kappa)} |")
    lines += ["", f"Entity links, pairwise F1: {figure(report.entity_links['pairwise_f1'])}."]
    return "\n".join(lines)


def to_html(report: AgreementReport, title: str) -> str:
    e = html.escape
    label_rows = "\n".join(
        f"<tr><th>{e(name)}</th>" + "".join(_cell(getattr(f, c)) for c in COLUMNS) + "</tr>"
        for name, f in rows(report))
    pair_rows = "\n".join(
        f"<tr><th>{e(p.a)} – {e(p.b)}</th><td class=num>{p.documents}</td>"
        f"{_cell(p.span_f1_exact)}{_cell(p.span_f1_partial)}{_cell(p.kappa)}</tr>"
        for p in report.pairs)
    document_rows = "\n".join(
        f"<tr><th>{e(d.doc_id)}</th><td>{e(', '.join(d.annotators))}</td>"
        f"{_cell(d.span_f1_exact)}<td class=num>{d.disagreements}</td></tr>"
        for d in report.by_document[:200])
    return _PAGE.format(
        title=e(title), summary=e(summary_line(report)), labels=label_rows, pairs=pair_rows,
        links=figure(report.entity_links["pairwise_f1"]), documents=document_rows,
        shown=min(200, len(report.by_document)), total=len(report.by_document),
        headers="".join(f"<th>{h}</th>" for h in HEADERS))


def _cell(value: float | None) -> str:
    if value is None:
        return "<td class=num>–</td>"
    # Low agreement stands out: the cell's tint grows as the figure falls below 1.
    return (f'<td class=num style="--low:{max(0.0, min(1.0, 1 - value)):.2f}">'
            f"{value:.3f}</td>")


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
:root {{ color-scheme: light dark; --line: #8884; }}
body {{ font: 15px/1.45 system-ui, sans-serif; margin: 2rem; max-width: 60rem; }}
h1 {{ font-size: 1.4rem; margin: 0 0 .2rem; }}
h2 {{ font-size: 1.1rem; margin: 1.6rem 0 .4rem; }}
p.meta {{ margin: 0 0 1rem; opacity: .7; }}
table {{ border-collapse: collapse; }}
th, td {{ border-bottom: 1px solid var(--line); padding: .35rem .7rem; text-align: left; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums;
          background: rgb(230 80 40 / calc(var(--low, 0) * 60%)); }}
</style></head><body>
<h1>{title}</h1>
<p class="meta">{summary}. Span F1: exact (same start, end and label) and partial (same label,
overlapping); kappa: Cohen's on BIO token labels, the mean over pairs overall; alpha:
Krippendorff's, nominal, over tokens, with unfinished documents as missing values.</p>
<h2>By label</h2>
<table><thead><tr><th></th>{headers}</tr></thead><tbody>
{labels}
</tbody></table>
<h2>By pair of annotators</h2>
<table><thead><tr><th></th><th>documents</th><th>span F1 exact</th><th>span F1 partial</th>
<th>kappa</th></tr></thead><tbody>
{pairs}
</tbody></table>
<p>Entity links, pairwise F1: {links}</p>
<h2>Documents, lowest agreement first ({shown} of {total})</h2>
<table><thead><tr><th>document</th><th>annotators</th><th>span F1 exact</th>
<th>spans that differ</th></tr></thead><tbody>
{documents}
</tbody></table>
</body></html>
"""
