"""Convert the domain reference file (reference-cases.json) into Casebook's interchange format.

The mapping (also in tests/data/README.md): test metadata (placeholder_summary, expected_*) and
file-level notes are dropped; ``case_report.record_status`` becomes the case ``status``
(final/exported -> complete); automatic timeline events and derived fields are recomputed, not
imported; ICD codes become coded values {code, label, system, version}; everything else maps
unchanged.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from core.io.interchange import export_document
from core.io.outputs import atomic_write_text
from core.model import Case

TEST_METADATA = ("placeholder_summary", "expected_warnings", "expected_derivations")


def reference_case_objects(doc: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for case in doc["cases"]:
        out.append({k: v for k, v in case.items() if k not in TEST_METADATA})
    return out


def convert_reference(doc: dict[str, Any]) -> dict[str, Any]:
    return export_document(Case.model_validate(c) for c in reference_case_objects(doc))


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    src, dst = Path(args[0]), Path(args[1])
    doc = convert_reference(json.loads(src.read_text(encoding="utf-8")))
    atomic_write_text(dst, json.dumps(doc, ensure_ascii=False, indent=1) + "\n", force=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
