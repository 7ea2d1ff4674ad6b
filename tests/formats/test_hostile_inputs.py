"""Bad and hostile input files: each is a `file: problem` report, never a traceback or a hang,
and the good files beside them are imported."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from annotator.core.errors import AnnotatorError, InputProblem
from annotator.formats import open_source
from annotator.store import Project

ANNOTATOR = [sys.executable, "-m", "annotator"]


def run(*args, timeout=60):
    done = subprocess.run([*ANNOTATOR, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_a_folder_of_broken_entries_imports_the_good_file_and_names_the_rest(tmp_path, target):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Roman Vassilenko met Tokayev.")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "dangling.txt").symlink_to(folder / "missing")
    (folder / "dir.txt").mkdir()
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    done = run("import", folder, "--create", "-p", target("p"))
    assert done.returncode == 1
    problems = dict(line.split(": ", 1) for line in done.stderr.strip().splitlines())
    assert problems == {
        f"{folder}/dangling.txt": "a symbolic link to something that does not exist; skipped",
        f"{folder}/dir.txt": "a folder, not a file; skipped",
        f"{folder}/loop.txt": "a loop of symbolic links; skipped",
        f"{folder}/pipe.txt": "a pipe (FIFO), not a regular file; skipped",
        f"{folder}/zero.txt": "a device or socket, not a regular file; skipped",
    }
    assert "imported 1" in done.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_a_problem(tmp_path):
    (tmp_path / "secret.txt").write_text("hidden")
    (tmp_path / "secret.txt").chmod(0)
    [problem] = list(open_source(str(tmp_path)))
    assert str(problem) == f"{tmp_path}/secret.txt: no permission to read it; skipped"


def test_named_paths_of_the_wrong_kind_are_messages(tmp_path):
    with pytest.raises(AnnotatorError, match="a folder; jsonl reads a file"):
        open_source(str(tmp_path), "jsonl")
    (tmp_path / "loop.jsonl").symlink_to(tmp_path / "loop.jsonl")
    with pytest.raises(AnnotatorError, match="loop.jsonl: a loop of symbolic links"):
        open_source(str(tmp_path / "loop.jsonl"))
    with pytest.raises(AnnotatorError, match="a device or socket"):
        open_source("/dev/zero", "jsonl")
    brat = tmp_path / "brat"
    brat.mkdir()
    (brat / "a.ann").write_text("T1\tLOC 0 6\tAstana\n")
    (brat / "a.txt").mkdir()
    [problem] = list(open_source(str(brat), "brat"))
    assert str(problem) == f"{brat}/a.txt: a folder, not a file"


def test_a_source_that_cannot_be_opened_does_not_stop_the_others(tmp_path, target):
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"text": "Astana"}) + "\n")
    done = run("import", tmp_path, good, "--from", "jsonl", "--create", "-p", target("p"))
    assert done.returncode == 1 and f"{tmp_path}: a folder; jsonl reads a file" in done.stderr
    assert f"{good}: read 1, imported 1" in done.stdout


def test_files_over_the_size_limit_are_skipped_and_the_limit_can_be_raised(tmp_path, target):
    (tmp_path / "big.txt").write_text("Astana " * 400)
    (tmp_path / "small.txt").write_text("Astana")
    done = run("import", tmp_path, "--max-file-size", "0.001", "--create",
               "-p", target("p"))
    assert done.returncode == 1
    assert f"{tmp_path}/big.txt: larger than 0 MB" in done.stderr
    assert "imported 1" in done.stdout
    again = run("import", tmp_path, "--max-file-size", "1", "-p", target("p"))
    assert again.returncode == 0 and "imported 1, already present 1" in again.stdout


def test_a_jsonl_line_without_end_is_not_read_whole(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_MAX_FILE_MB", "0.001")
    path = tmp_path / "long.jsonl"
    path.write_text('{"text": "' + "x" * 5000 + '"}\n{"text": "Astana"}\n')
    first, second = list(open_source(str(path)))
    assert str(first).startswith(f"{path}:1: a line longer than")
    assert second.text == "Astana"


def test_a_pipe_named_on_the_command_line_is_read(tmp_path, target):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a", "text": "Astana"}) + "\n")
    command = " ".join([*ANNOTATOR, "import", "--from", "jsonl", f"<(cat {source})",
                        "--create", "-p", str(target("p"))])
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "imported 1" in done.stdout


def label_studio(tmp_path, tasks):
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(tasks) if not isinstance(tasks, str) else tasks)
    return list(open_source(str(path), "labelstudio"))


@pytest.mark.parametrize("task, problem", [
    ({"data": {"text": "Astana"}, "annotations": 5}, '"annotations" must be a list'),
    ({"data": {"text": "Astana"}, "annotations": [{"result": 7}]}, '"result" must be a list'),
    ({"data": {"text": "Astana"}, "annotations": [{"result": [{"value": {
        "start": 0, "end": 6, "text": "Astana", "labels": 5}}]}]}, '"labels" must be a list'),
    ({"data": {"text": "Astana"}, "annotations": [{"result": [{"value": {
        "start": 0, "end": 6, "text": "Astana", "labels": "LOC"}}]}]},
     '"labels" must be a list'),
])
def test_label_studio_tasks_of_the_wrong_shape_are_problems_of_that_task(tmp_path, task,
                                                                          problem):
    good = {"data": {"text": "Qazaqstan"}}
    bad, fine = label_studio(tmp_path, [task, good])
    assert isinstance(bad, InputProblem) and problem in str(bad)
    assert str(bad).startswith(f"{tmp_path}/ls.json, task 1:")
    assert fine.text == "Qazaqstan"


def test_label_studio_json_nested_too_deeply_is_a_problem(tmp_path):
    [problem] = label_studio(tmp_path, "[" * 100_000 + "]" * 100_000)
    assert "nested too deeply" in str(problem)


def test_a_byte_order_mark_is_dropped_everywhere(tmp_path):
    jsonl = tmp_path / "bom.jsonl"
    jsonl.write_bytes(b"\xef\xbb\xbf" + json.dumps({"text": "Astana"}).encode() + b"\n")
    assert [d.text for d in open_source(str(jsonl))] == ["Astana"]
    conll = tmp_path / "bom.conll"
    conll.write_bytes("\ufeffAstana B-LOC\nis O\n".encode())
    [doc] = list(open_source(str(conll)))
    assert doc.text == "Astana is" and [(s.start, s.end) for s in doc.spans] == [(0, 6)]
    brat = tmp_path / "brat"
    brat.mkdir()
    (brat / "a.txt").write_bytes("\ufeffAstana".encode())
    (brat / "a.ann").write_bytes("\ufeffT1\tLOC 0 6\tAstana\n".encode())
    [doc] = list(open_source(str(brat)))
    assert [(s.start, s.end, s.label) for s in doc.spans] == [(0, 6, "LOC")]


def test_a_csv_with_bad_rows_keeps_the_good_ones_and_names_the_bad(tmp_path, target):
    path = tmp_path / "docs.csv"
    path.write_text('id,text,source\na,Astana,x\nb,"Qazaqstan",y,EXTRA\nc,Almaty,z\n'
                    'd,"Nur-Sultan\nsaid",w\n', encoding="utf-8-sig")
    items = list(open_source(str(path)))
    assert [getattr(i, "id", None) for i in items] == ["a", None, "c", "d"]
    assert str(items[1]) == f"{path}:3: 4 fields where the header has 3"
    assert items[0].meta == {"source": "x"} and items[3].text == "Nur-Sultan\nsaid"
    with Project.create(target("p")) as project:
        report = project.import_documents(open_source(str(path)))
    assert (report.imported, report.skipped) == (3, 1)
