"""Records of the domain. These models are also the source of the JSON Schemas in schemas/."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from annotator.core.escape import is_printable_name

LANGUAGES_CYRILLIC = ("ru", "kk")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


class SpanStatus(StrEnum):
    SUGGESTED = "suggested"
    ACCEPTED = "accepted"


class DocumentStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Record):
    """One label of the project's label set."""

    name: str = Field(min_length=1, max_length=64, description="Shown to annotators and exported")
    key: str | None = Field(default=None, description="One key that applies the label in the TUI")
    color: str = Field(default="#888888", description="#rrggbb")

    @field_validator("name")
    @classmethod
    def _name_is_trimmed(cls, name: str) -> str:
        if name != name.strip() or not is_printable_name(name):
            raise ValueError("label names have no surrounding spaces, tabs, line breaks or "
                             "other control characters")
        return name

    @field_validator("key")
    @classmethod
    def _key_is_one_character(cls, key: str | None) -> str | None:
        if key is not None and (len(key) != 1 or key.isspace()):
            raise ValueError("a label key is one visible character")
        return key

    @field_validator("color")
    @classmethod
    def _color_is_hex(cls, color: str) -> str:
        if not _COLOR.match(color):
            raise ValueError("colour must look like #1f77b4")
        return color.lower()


class LabelSet(_Record):
    labels: list[Label]

    @model_validator(mode="after")
    def _unique(self) -> LabelSet:
        names = [label.name for label in self.labels]
        keys = [label.key for label in self.labels if label.key]
        if len(set(names)) != len(names):
            raise ValueError("label names must be unique")
        if len(set(keys)) != len(keys):
            raise ValueError("label keys must be unique")
        return self

    def names(self) -> list[str]:
        return [label.name for label in self.labels]


# Colours chosen to stay readable on both dark and light terminal themes.
DEFAULT_LABELS = LabelSet(
    labels=[
        Label(name="PERSON", key="1", color="#e45756"),
        Label(name="ORG", key="2", color="#4c78a8"),
        Label(name="LOC", key="3", color="#54a24b"),
        Label(name="EVENT", key="4", color="#b279a2"),
        Label(name="TERM", key="5", color="#f58518"),
    ]
)


class Document(_Record):
    """A document, its text exactly as imported (offsets count Unicode code points)."""

    id: str = Field(min_length=1)
    text: str
    meta: dict[str, Any] = Field(default_factory=dict)
    status: DocumentStatus = DocumentStatus.NEW


class Span(_Record):
    """A labelled character range [start, end) of one document."""

    id: int | None = None
    doc_id: str
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    label: str
    status: SpanStatus = SpanStatus.ACCEPTED
    entity_id: int | None = None
    annotator: str | None = None
    created_at: datetime | None = None
    layer: str = Field(default="gold", description="gold, or the annotator whose own layer "
                       "holds it (double annotation)")

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end <= self.start:
            raise ValueError("a span ends after it starts")
        return self


class Entity(_Record):
    """A variant group: the spellings of one name, with its canonical form."""

    id: int | None = None
    canonical: str = Field(min_length=1)
    label: str | None = Field(default=None, description="The entity type, a label name")
    forms: list[str] = Field(default_factory=list, description="Surface forms as written")
    cyrillic: dict[str, list[str]] = Field(
        default_factory=dict, description="Cyrillic forms by language code (ru, kk)"
    )
    note: str | None = None

    @field_validator("cyrillic")
    @classmethod
    def _known_languages(cls, cyrillic: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = set(cyrillic) - set(LANGUAGES_CYRILLIC)
        if unknown:
            raise ValueError(f"Cyrillic forms are kept for {LANGUAGES_CYRILLIC}, not {unknown}")
        return cyrillic


class RecordSpan(BaseModel):
    """A span inside an import/export record. Other keys (token_start, ...) are ignored."""

    model_config = ConfigDict(extra="allow")

    start: int = Field(ge=0, description="First character, counted in Unicode code points")
    end: int = Field(gt=0, description="One past the last character (exclusive)")
    label: str
    text: str | None = Field(default=None, description="If given, must equal text[start:end]")
    status: SpanStatus | None = Field(default=None, description="Defaults to the record's")
    entity: str | None = Field(default=None, description="Canonical form of the linked entity")


class RecordTranslatedSentence(BaseModel):
    start: int = Field(ge=0, description="First character of the source sentence in text")
    end: int = Field(gt=0, description="One past its last character (exclusive)")
    text: str = Field(description="The sentence's translation")


class RecordTranslation(BaseModel):
    """A machine translation of the document, sentence by sentence."""

    route: str = Field(default="", description='Language codes along the way, e.g. "en>ru>kk"')
    packages: str = Field(default="", description="The packages and versions that made it")
    engine: str = ""
    translated_at: str = ""
    sentences: list[RecordTranslatedSentence]


class DocumentRecord(BaseModel):
    """One line of native JSONL: the import shape, and the full-fidelity export shape.
    Other top-level keys are kept as document metadata."""

    model_config = ConfigDict(extra="allow")

    id: str | int | None = Field(
        default=None, description="Stable id; made from the text hash if absent"
    )
    text: str = Field(min_length=1)
    meta: dict[str, Any] | None = None
    status: DocumentStatus | None = None
    suggested: bool = Field(
        default=False, description="Import the record's spans as suggestions, not annotations"
    )
    spans: list[RecordSpan] | None = None
    translations: dict[str, RecordTranslation | None] | None = Field(
        default=None, description="Machine translations by language code (ru, kk, ...)")


SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "document": Document,
    "span": Span,
    "entity": Entity,
    "label-set": LabelSet,
    "document-record": DocumentRecord,
}
