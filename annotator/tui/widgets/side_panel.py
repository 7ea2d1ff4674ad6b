"""The panel beside the document: the span under the cursor (its text, label and who made
it), its entity with every spelling and how often the corpus writes it, and the variant
suggestions that concern it, with their explanations."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from annotator.core.models import Entity, Span
from annotator.variants.suggest import Suggestion


class SidePanel(Static):
    DEFAULT_CSS = """
    SidePanel { width: 34%; min-width: 24; max-width: 48; height: 1fr; overflow: hidden;
                padding: 0 1; border-left: solid $primary-darken-2; }
    """

    _shown: tuple | None = None

    def show(self, surface: str, spans: list[Span], entity: Entity | None,
             suggestions: list[Suggestion], colors: dict[str, str],
             counts: dict[str, int] | None = None) -> None:
        """Redraw only when something shown changed (moving within a word changes nothing).
        Its size is fixed by the layout, so the update needs no layout pass."""
        key = (surface, tuple(spans), entity, tuple(id(s) for s in suggestions[:3]),
               counts is None)
        if key == self._shown:
            return
        self._shown = key
        text = Text()
        text.append(f"{surface or '-'}\n", style="bold")
        if not spans:
            text.append("no span here\n", style="dim")
        for span in spans:
            text.append(f" {span.label} ", style=f"black on {colors.get(span.label, '#888888')}")
            verb = "suggested by" if span.status == "suggested" else "by"
            text.append(f" {verb} {span.annotator}",
                        style="italic" if span.status == "suggested" else "")
            text.append(f"  [{span.start}, {span.end})\n", style="dim")
        if entity is not None:
            text.append("\nentity ", style="dim")
            text.append(f"{entity.canonical}", style="bold")
            text.append(f" ({entity.label or 'no type'})\n")
            for form in entity.forms:
                count = f" ({counts.get(form, 0)})" if counts is not None else ""
                text.append(f"  · {form}{count}\n")
            for lang, cyrillic in entity.cyrillic.items():
                text.append(f"  {lang}: {', '.join(cyrillic)}\n", style="dim")
        if suggestions:
            text.append("\nvariants suggested", style="bold")
            text.append("  V accept · X reject\n", style="dim")
        for suggestion in suggestions[:3]:
            forms = ", ".join(f"{f.form} ({f.count})" for f in suggestion.forms)
            text.append(f"{forms}  {suggestion.score:.2f}\n")
            for explanation in suggestion.explanations[:3]:
                for step in explanation.steps[:2]:
                    text.append(f"  {step.a or '∅'} → {step.b or '∅'}: ", style="bold")
                    text.append(f"{step.why}\n", style="dim")
        self.update(text, layout=False)
