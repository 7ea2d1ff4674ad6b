"""ruff and mypy, as configured in pyproject.toml, pass on the whole tree."""

import subprocess
import sys

import pytest

from helpers import ROOT

pytestmark = pytest.mark.slow


def test_ruff():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "annotator", "tests", "bench"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_mypy():
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
