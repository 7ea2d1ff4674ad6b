"""Label Studio's JSON export: a list of tasks, `data.text` and `annotations[].result[]` with
`value.start/end/text/labels`. Predictions become suggestions.

Label Studio's front end counts offsets in UTF-16 units (JavaScript strings), so every
character outside the Basic Multilingual Plane shifts later offsets by one. On import, a
span whose `value.text` does not match the text at its offsets is read again as UTF-16 and
kept if that matches; on export, offsets are code points, as `value.text` confirms."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.errors import InputProblem
from annotator.core.exported import ExportDocument
from annotator.core.record_fields import type_name
from annotator.core.records import Incoming, incoming_from_object
from annotator.formats.files import read_bytes
from annotator.formats.registry import Reader, RecordSource, register
from annotator.formats.writers import Writer, json_bytes, register_writer


class LabelStudioSource(RecordSource):
    unit = "tasks"

    def __init__(self, path: str, **_: Any) -> None:
        self.name = path
        self.total = None

    def __iter__(self) -> Iterator[Incoming | InputProblem]:
        try:
            data = read_bytes(Path(self.name), explicit=True)
            tasks = json.loads(data.decode("utf-8").removeprefix("\ufeff"))
        except InputProblem as problem:
            yield problem
            return
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            yield InputProblem(self.name, None, f"not a Label Studio JSON export ({error})")
            return
        except RecursionError:
            yield InputProblem(self.name, None, "JSON nested too deeply to be a Label Studio "
                               "export")
            return
        if not isinstance(tasks, list):
            yield InputProblem(self.name, None, "a Label Studio export is a JSON list of tasks")
            return
        self.total = len(tasks)
        for number, task in enumerate(tasks, 1):
            self.position = number
            yield _task(task, self.name, number)


def _task(task: Any, source: str, number: int) -> Incoming | InputProblem:
    def problem(message: str) -> InputProblem:
        return InputProblem(source, number, message, unit="task")

    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        return problem('expected a task object with "data"')
    data = task["data"]
    text = data.get("text")
    if not isinstance(text, str):
        text = next((v for v in data.values() if isinstance(v, str)), None)
    if text is None:
        return problem('no text in "data"')
    spans = []
    for key, status in (("annotations", "accepted"), ("predictions", "suggested")):
        annotations = task.get(key) or []
        if not isinstance(annotations, list):
            return problem(f'"{key}" must be a list, got {type_name(annotations)}')
        for annotation in annotations:
            if not isinstance(annotation, dict) or annotation.get("was_cancelled"):
                continue
            results = annotation.get("result") or []
            if not isinstance(results, list):
                return problem(f'"{key}": "result" must be a list, got {type_name(results)}')
            for result in results:
                value = result.get("value") if isinstance(result, dict) else None
                if not isinstance(value, dict) or "start" not in value:
                    continue  # relations, choices and other result kinds
                labels = value.get("labels") or value.get("hypertextlabels") or []
                if not (isinstance(labels, list) and all(isinstance(x, str) for x in labels)):
                    return problem(f'"{key}": "labels" must be a list of label names, got '
                                   f"{labels!r:.40}")
                for label in labels:
                    start, end = _code_points(text, value)
                    spans.append({"start": start, "end": end, "label": label,
                                  "text": value.get("text"), "status": status})
    # annotator's own export keeps metadata under data.meta; other keys of data are kept too.
    meta = {k: v for k, v in data.items() if k not in ("text", "doc_id", "meta")}
    if isinstance(data.get("meta"), dict):
        meta.update(data["meta"])
    doc_id = data.get("doc_id") or task.get("id")
    try:
        return incoming_from_object({"id": doc_id, "text": text, "meta": meta, "spans": spans},
                                    source, number)
    except InputProblem as error:
        return problem(error.problem)


def _code_points(text: str, value: dict) -> tuple[Any, Any]:
    start, end, expected = value.get("start"), value.get("end"), value.get("text")
    if not (isinstance(start, int) and isinstance(end, int)) or expected is None:
        return start, end
    if text[start:end] == expected:
        return start, end
    units = text.encode("utf-16-le")
    try:
        prefix = units[:start * 2].decode("utf-16-le")
        inner = units[start * 2:end * 2].decode("utf-16-le")
    except UnicodeDecodeError:
        return start, end
    if inner == expected:
        return len(prefix), len(prefix) + len(inner)
    return start, end


def write_labelstudio(documents: Iterable[ExportDocument], path: Path) -> int:
    """A JSON array of tasks, written one task (one line) at a time: memory stays flat
    however many documents there are."""
    count = 0
    with open(path, "wb") as out:
        out.write(b"[")
        for count, doc in enumerate(documents, 1):
            out.write(b"\n" if count == 1 else b",\n")
            out.write(json_bytes(_task_of(count, doc)))
        out.write(b"\n]\n")
    return count


def _task_of(number: int, doc: ExportDocument) -> dict[str, Any]:
    accepted: list[dict] = []
    suggested: list[dict] = []
    for index, span in enumerate(doc.spans, 1):
        result = {"id": f"s{index}", "from_name": "label", "to_name": "text",
                  "type": "labels", "value": {"start": span.start, "end": span.end,
                                              "text": span.text, "labels": [span.label]}}
        (suggested if span.status == "suggested" else accepted).append(result)
    task: dict[str, Any] = {"id": number, "data": {"text": doc.text, "doc_id": doc.id,
                                                   "meta": doc.meta},
                            "annotations": [{"result": accepted, "was_cancelled": False}]}
    if suggested:
        task["predictions"] = [{"result": suggested, "model_version": "annotator"}]
    return task


def _detect(path: Path) -> bool:
    if not (path.is_file() and path.suffix == ".json"):
        return False
    with open(path, "rb") as handle:
        head = handle.read(4096)
    return head.lstrip().startswith(b"[") and b'"data"' in head


register(Reader("labelstudio", "Label Studio JSON export (tasks with annotations)", _detect,
                LabelStudioSource))
register_writer(Writer("labelstudio", "Label Studio JSON (annotations; suggestions as "
                       "predictions)", write_labelstudio))
