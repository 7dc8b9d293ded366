"""A valid export of 10,000 generated cases imports completely (issue: foundation)."""

from __future__ import annotations

import json

from core.io.interchange import write_export
from core.services.listing import ListQuery
from core.synth import generate_cases

COUNT = 10_000


def test_export_of_ten_thousand_generated_cases_imports_completely(casebook, tmp_path):
    source = tmp_path / "generated.json"
    assert write_export(source, generate_cases(COUNT, seed=3)) == COUNT
    report = casebook.interchange.import_files([source])
    assert report.imported == COUNT
    assert casebook.cases.count_cases() == COUNT
    last = casebook.cases.list_cases(ListQuery(limit=1, sort="case_id", descending=True))[0]
    assert last.case_id == "SYN-3-9999"
    original = json.loads(source.read_text(encoding="utf-8"))["cases"][-1]
    stored = casebook.cases.open_case("SYN-3-9999").to_json_dict()
    original.pop("version"), stored.pop("version")
    assert stored == original
    assert casebook.maintenance.verify_audit().ok
