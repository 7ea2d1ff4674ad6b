"""Run a measurement script in a fresh Python process and read back the JSON it prints, so
each measurement's peak memory is its own."""

from __future__ import annotations

import json
import subprocess
import sys


def run_script(script: str, *args: str) -> dict:
    output = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                            text=True, check=True).stdout
    return json.loads(output)
