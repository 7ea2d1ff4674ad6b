import gzip

import pytest

from annotator.core.errors import AnnotatorError, InputProblem
from annotator.formats import open_source
from helpers import write_jsonl


def read_all(path, **options):
    return list(open_source(str(path), **options))


def test_a_folder_of_text_files_with_a_manifest(tmp_path):
    (tmp_path / "b.txt").write_bytes("Second: Қазақстан\r\nline two".encode())
    (tmp_path / "a.txt").write_bytes("\ufeffFirst: Mäjilis".encode())
    (tmp_path / "manifest.jsonl").write_text('{"file": "a.txt", "id": "first", "title": "A"}\n')
    first, second = read_all(tmp_path)
    assert (first.id, first.text, first.meta) == ("first", "First: Mäjilis", {"file": "a.txt", "title": "A"})
    assert (second.id, second.text) == ("b", "Second: Қазақстан\r\nline two"), "CRLF kept as is"


def test_bad_text_files_are_reported_with_their_line(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"good line\nsecond \xff line\n")
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    (tmp_path / "fine.txt").write_text("Астана")
    bad, empty, fine = read_all(tmp_path)
    assert str(bad) == f"{tmp_path / 'bad.txt'}:2: invalid UTF-8: byte 0xff at column 8"
    assert isinstance(empty, InputProblem) and empty.problem == "the file is empty"
    assert fine.text == "Астана"


def test_jsonl_problems_name_line_and_reason(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n\n{"text": [1]}\n')
    ok, bad_utf8, bad_type = read_all(path)
    assert ok.text == "ok" and ok.line == 1
    assert str(bad_utf8) == f"{path}:2: invalid UTF-8: byte 0xe9 at column 14"
    assert (bad_type.line, bad_type.problem) == (4, '"text" must be a string, got array')


def test_gzipped_jsonl_and_a_corrupt_one(tmp_path):
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "\xd0\x9c\xd3\x99\xd0\xb6\xd1\x96\xd0\xbb\xd1\x96\xd1\x81"}\n'))
    assert read_all(path)[0].text == "Мәжіліс"
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(gzip.compress(b'{"text": "a"}\n' * 1000)[:-30])
    items = read_all(broken)
    assert isinstance(items[-1], InputProblem) and "cannot read further" in items[-1].problem


def test_other_column_names(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [{"doc_id": 7, "content": "Nur-Sultan"}])
    [doc] = read_all(path, text_column="content", id_column="doc_id")
    assert (doc.id, doc.text) == ("7", "Nur-Sultan")


def test_unknown_paths_and_formats_are_clear_errors(tmp_path):
    with pytest.raises(AnnotatorError, match="no such file"):
        open_source(str(tmp_path / "nope.jsonl"))
    odd = tmp_path / "data.xyz"
    odd.write_text("x")
    with pytest.raises(AnnotatorError, match="cannot tell its format; name one with --from"):
        open_source(str(odd))
