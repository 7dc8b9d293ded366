"""The 1M-case bench's bulk folder (tests/bench/bulk_folder.py), built small: it passes
`casebook check` and `casebook audit verify`, and answers searches as a folder holding the same
cases imported through the app does."""

from __future__ import annotations

from pathlib import Path

from core.cli import main
from core.services import open_casebook
from core.services.listing import ListQuery
from tests.bench.bulk_folder import build, clone_ids
from tests.bench.search_bench import QUERIES


def test_clone_ids_are_app_ids_and_skip_taken() -> None:
    from core.model.case import Case

    first = list(clone_ids(3, set()))
    assert len(set(first)) == 3
    assert list(clone_ids(2, {first[0]})) == first[1:]
    assert all(i.startswith("HC-") and len(i) == 11 for i in first)
    Case.model_validate({"case_id": first[0]})  # the model takes them


def test_bulk_folder_checks_and_searches_like_an_imported_one(tmp_path: Path, capsys) -> None:
    bulk = tmp_path / "bulk"
    bulk.mkdir()
    done = build(bulk, 300, templates=100)
    assert done["cases"] == 302 and done["clones"] == 200

    assert main(["--data-dir", str(bulk), "check"]) == 0
    assert main(["--data-dir", str(bulk), "audit", "verify"]) == 0
    assert "OK: 302 audit entries verified" in capsys.readouterr().out

    cb = open_casebook(bulk, user="test")
    try:
        ids = [s.case_id for s in cb.cases.list_cases(ListQuery(limit=1000))]
        assert len(ids) == 302
        cases = [cb.cases.open_case(i) for i in ids]
        found = {q: cb.search.search(q, limit=1000) for q in QUERIES}
    finally:
        cb.close()
    imported = tmp_path / "imported"
    other = open_casebook(imported, user="test")
    try:
        other.cases.import_cases(cases, source="test")
        for query, result in found.items():
            again = other.search.search(query, limit=1000)
            assert again.total == result.total, query
            assert {h.case_id for h in again.hits} == {h.case_id for h in result.hits}, query
    finally:
        other.close()
    assert found["leukemia"].total > 100  # the clones are found, not only the templates
