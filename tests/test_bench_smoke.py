"""`make bench` must keep working: its quick engine section runs and reports targets.

No timing is asserted here (targets are the benchmark's business, reported as met / not met).
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_bench_engine_section_prints_json_with_targets(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--only", "engine", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["machine"]["cpu_count"] >= 1
    load = doc["results"]["engine"]["load_bundle"]
    assert load["n"] >= 1
    assert load["median"] > 0
    assert isinstance(load["met"], bool)
    assert doc["results"]["engine"]["answer"]["unit"] == "us"
