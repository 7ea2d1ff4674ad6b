import datasets
import pytest

from annotator.core.errors import AnnotatorError
from annotator.formats import open_source


def rows():
    return {
        "id": ["a", "b", "c"],
        "content": ["Roman Vassilenko", "Мәжіліс депутаттары", ""],
        "source": ["kazinform", "astana times", "x"],
        "spans": [[{"start": 6, "end": 16, "label": "PERSON"}], [], []],
    }


def test_save_to_disk_folder_with_splits(tmp_path):
    folder = tmp_path / "saved"
    datasets.DatasetDict({
        "train": datasets.Dataset.from_dict(rows()),
        "test": datasets.Dataset.from_dict({"id": ["t"], "content": ["Qazaqstan"], "source": ["y"],
                                            "spans": [[]]}),
    }).save_to_disk(str(folder))
    items = list(open_source(str(folder), text_column="content"))
    first, second, empty, test_row = items
    assert (first.id, first.meta, [(s.start, s.end) for s in first.spans]) == (
        "a", {"source": "kazinform", "split": "train"}, [(6, 16)])
    assert second.text == "Мәжіліс депутаттары"
    assert str(empty) == f'{folder} [train], row 3: "content" is empty'
    assert test_row.meta["split"] == "test"
    only_test = list(open_source(str(folder), text_column="content", split="test"))
    assert [d.id for d in only_test] == ["t"]


@pytest.mark.parametrize("kind", ["parquet"])
def test_data_files(tmp_path, kind):
    dataset = datasets.Dataset.from_dict({"text": ["Astana", "Qarağandy"], "n": [1, 2]})
    path = tmp_path / f"data.{kind}"
    getattr(dataset, f"to_{kind}")(str(path))
    source = open_source(str(path))
    docs = list(source)
    assert [d.text for d in docs] == ["Astana", "Qarağandy"] and docs[1].meta == {"n": 2}
    assert source.total == 2 and source.position == 2


def test_missing_column_and_split_are_named(tmp_path):
    path = tmp_path / "d.parquet"
    datasets.Dataset.from_dict({"body": ["x"]}).to_parquet(str(path))
    with pytest.raises(AnnotatorError, match="no column 'text' \\(columns: body\\); choose one with --text-column"):
        open_source(str(path))
    with pytest.raises(AnnotatorError, match="no split 'dev' \\(splits: train\\)"):
        open_source(str(path), text_column="body", split="dev")


def test_a_corrupt_dataset_file_is_a_clear_error(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"PAR1 definitely not parquet")
    with pytest.raises(AnnotatorError, match="cannot read as a dataset"):
        open_source(str(path))
