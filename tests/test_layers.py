"""The dependency rule: the core imports no UI or heavy library, and start-up stays light."""

import subprocess
import sys

import pytest

HEAVY = ("textual", "click", "datasets", "argostranslate", "ctranslate2", "sentencepiece",
         "torch", "onnx", "pyarrow", "numpy", "rich")


def modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in output.stdout.split()}


@pytest.mark.parametrize("package", ["annotator.core.models", "annotator.core.tokenize",
                                     "annotator.core.records", "annotator.core.schemas",
                                     "annotator.core.token_offsets", "annotator.core.exported",
                                     "annotator.agreement"])
def test_the_core_imports_nothing_heavy(package):
    assert not modules_after(f"import {package}") & set(HEAVY)


def test_the_store_imports_no_front_end_or_heavy_library():
    assert not modules_after("import annotator.store") & set(HEAVY)


def test_the_cli_starts_without_datasets_or_textual():
    loaded = modules_after("from annotator.cli import main")
    assert not loaded & {"datasets", "argostranslate", "ctranslate2", "textual", "pyarrow",
                          "numpy"}


def test_route_planning_and_package_listing_import_no_translation_library():
    loaded = modules_after("import annotator.translate.routes, annotator.translate.runner")
    assert not loaded & {"argostranslate", "ctranslate2", "sentencepiece", "torch"}
