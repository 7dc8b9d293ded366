"""Export is canonical: the same data gives the same bytes, in any run (issue 20)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from core.cli import main
from core.model import Case
from tests.conftest import REFERENCE_CASEBOOK

ROOT = Path(__file__).resolve().parents[2]


def test_missing_value_reasons_are_written_in_one_order(reference_docs):
    doc = next(d for d in reference_docs if "nf" in str(d) or "_nf" in str(d))
    flipped = _reverse_keys(doc)
    assert Case.model_validate(doc).model_dump_json() == \
        Case.model_validate(flipped).model_dump_json()


def _reverse_keys(value):
    if isinstance(value, dict):
        return {k: _reverse_keys(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reverse_keys(v) for v in value]
    return value


def test_two_exports_in_different_runs_are_byte_identical(tmp_path, data_home):
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    outputs = []
    for seed in ("1", "2", "3"):  # set order differs between runs with another hash seed
        target = tmp_path / f"export-{seed}.json"
        env = dict(os.environ, PYTHONHASHSEED=seed, CASEBOOK_HOME=str(data_home))
        done = subprocess.run([sys.executable, "-m", "core.cli", "export", "-o", str(target)],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]
    assert b'_nf"' in outputs[0]  # the reference cases hold missing-value reasons
    text = outputs[0].decode("utf-8")
    assert text.startswith('{"format":"casebook","schema_version":')
    for case in json.loads(text)["cases"]:  # each case canonical: its keys sorted, all levels
        assert json.dumps(case, ensure_ascii=False, separators=(",", ":"),
                          sort_keys=True) in text
