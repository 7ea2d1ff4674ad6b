"""Agreement reports show names that came from users: escaped in HTML and Markdown."""

from __future__ import annotations

from annotator.agreement import AnnotatedDocument, Mark, measure
from annotator.formats.agreement_report import to_html, to_markdown

HOSTILE = "<img src=x onerror=alert(1)>"


def report():
    document = AnnotatedDocument("doc<1>", [0, 6], [5, 11], {
        HOSTILE: [Mark(0, 5, "A|B")], "bob": [Mark(0, 5, "A|B"), Mark(6, 11, "A|B")]})
    return measure([document], ["A|B"])


def test_html_escapes_annotators_labels_and_document_ids():
    page = to_html(report(), f"Agreement: {HOSTILE}")
    assert HOSTILE not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "doc&lt;1&gt;" in page


def test_markdown_escapes_table_cells():
    table = to_markdown(report())
    assert "| A\\|B |" in table
    assert HOSTILE not in table
