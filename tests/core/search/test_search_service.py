"""SearchService around the query: paging and sorting, counts, cohort summary, saved searches,
CSV export, the naive baseline as an oracle, rebuilding, the 0002 migration, the command line."""

from __future__ import annotations

import csv
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.cli import main as cli_main
from core.errors import CasebookError
from core.search import Filter, Query, QueryError
from tests.core.search.conftest import REF1, REF2
from tests.core.search.test_search_filters import B_ALL, EVERY


@pytest.mark.parametrize(("query", "size"), [("", 4), ("leukemia", 2)])
def test_pages_and_total(filled, query, size):
    first = filled.search.search(query, limit=size)
    second = filled.search.search(query, offset=size, limit=size)
    assert first.total == second.total >= 2 * size
    assert len(first.hits) == len(second.hits) == size
    assert not {h.case_id for h in first.hits} & {h.case_id for h in second.hits}


@pytest.mark.parametrize(("sort", "descending", "key"), [
    ("title", None, lambda h: h.title.casefold()),
    ("updated", None, lambda h: h.updated_at),
    ("day0", True, lambda h: h.day0 or ""),
])
def test_sorting(filled, sort, descending, key):
    hits = filled.search.search("", sort=sort, descending=descending).hits
    values = [key(h) for h in hits]
    expected = sorted(values, reverse=(sort != "title"))
    if sort == "day0":  # cases without a Day 0 come last
        expected = sorted([v for v in values if v], reverse=True) + [v for v in values if not v]
    assert values == expected


def test_count_and_a_structured_query(filled):
    assert filled.search.count("dx:B-ALL") == len(B_ALL)
    query = Query.of(Filter("dx", "B-ALL"), Filter("cns", "CNS3"), Filter("drug", "blinatumomab"))
    assert {h.case_id for h in filled.search.search(query).hits} == {REF2, "HC-CRSGRADE2"}
    with pytest.raises(QueryError):
        filled.search.count("cns:CNS9")
    assert filled.search.search(Query.of(Filter("age", "old"))).error is not None


def test_cohort_summary(filled):
    summary = filled.search.cohort_summary("drug:blinatumomab")
    assert summary.total == 4
    assert summary.by_diagnosis == {"B-ALL": 3, "CML": 1}
    assert summary.by_cns_at_diagnosis == {"CNS1": 3, "not recorded": 1}
    assert summary.by_best_response == {"CR": 2, "not recorded": 2}
    assert summary.ae_grade3_or_worse == 1
    assert summary.median_age == (24 + 34) / 2
    assert summary.age_range == (19, 45)  # the youngest and the oldest of the four
    assert sum(summary.by_sex.values()) == summary.total
    crs = {h.case_id for h in filled.search.search("drug:blinatumomab ae:crs").hits}
    assert summary.with_crs == len(crs)
    icans = {h.case_id for h in filled.search.search("drug:blinatumomab ae:icans").hits}
    assert summary.with_icans == len(icans)
    negative = {h.case_id for h in filled.search.search(
        "drug:blinatumomab mrd:negative_sufficient").hits}
    assert summary.mrd_negative == len(negative)
    assert summary.with_crs and summary.mrd_negative  # something to count in the fixture
    assert filled.search.cohort_summary("cns:x").error is not None


def test_saved_searches(filled):
    saved = filled.search.save_search("CNS3 on blinatumomab", "cns:CNS3 drug:blinatumomab")
    filled.search.save_search("severe CRS", Query.of(Filter("ae", "crs", ">=2")))
    filled.search.save_search("severe CRS", "ae:crs>=3")  # replaces
    listed = filled.search.list_saved()
    assert [s.name for s in listed] == ["CNS3 on blinatumomab", "severe CRS"]
    assert listed[0].query == saved.query and listed[1].query == "ae:crs>=3"
    assert filled.search.delete_saved("severe CRS") is True
    assert filled.search.delete_saved("severe CRS") is False
    with pytest.raises(QueryError):
        filled.search.save_search("bad", "cns:CNS9")
    with pytest.raises(CasebookError):
        filled.search.save_search("  ", "cns:CNS3")


def test_a_deleted_saved_search_comes_back_as_it_was(filled):
    """The app's undo of a delete: the same name, query and time saved; never over a search
    of that name saved since."""
    kept = filled.search.save_search("CNS3 on blinatumomab", "cns:CNS3 drug:blinatumomab")
    filled.search.delete_saved(kept.name)
    filled.search.restore_saved(kept)
    assert filled.search.list_saved() == [kept]
    filled.search.delete_saved(kept.name)
    newer = filled.search.save_search(kept.name, "drug:blinatumomab")
    with pytest.raises(CasebookError, match="was saved since"):
        filled.search.restore_saved(kept)
    assert filled.search.list_saved() == [newer]


def test_export_csv(filled, tmp_path):
    path = tmp_path / "cohort.csv"
    assert filled.search.export_csv("drug:blinatumomab", path) == 4
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["case_id"] for r in rows} == {REF1, REF2, "HC-BLINCNS1", "HC-CRSGRADE2"}
    ref2 = next(r for r in rows if r["case_id"] == REF2)
    assert (ref2["sex"], ref2["age"], ref2["cns_at_diagnosis"]) == ("female", "24", "CNS1")
    assert "Müller" not in path.read_text(encoding="utf-8-sig")
    with pytest.raises(QueryError):
        filled.search.export_csv('"unclosed', path)


@pytest.mark.parametrize("query", [
    "blinatumomab", "dasatinib cns:CNS3", "CNS3 -blinatumomab", "T315I OR ae:crs",
    "blin* sex:f", '"cerebral parenchymal"', "白血病", "muller", "-dx:CML age:<50",
    "leukemia OR relapse drug:L01", "status:draft updated:>2000", "",
])
def test_the_naive_scan_finds_what_the_index_finds(filled, query):
    indexed = {h.case_id for h in filled.search.search(query, limit=1000).hits}
    assert set(filled.search.naive_scan(query)) == indexed


def test_reindex_rebuilds_every_index_row(filled, find):
    with filled.ctx.db.write() as conn:
        conn.exec_driver_sql("DELETE FROM search_fts")
        conn.exec_driver_sql("DELETE FROM case_codes")
    assert find("dasatinib") == set() and find("cns:CNS3") == set()
    seen = []
    assert filled.search.reindex(lambda done, total: seen.append((done, total))) == len(EVERY)
    assert seen[-1] == (len(EVERY), len(EVERY))
    assert find("dasatinib") == {REF1, "HC-T315IABL1"}
    assert REF2 in find("cns:CNS3")


def test_migration_0002_indexes_existing_cases(data_home, reference_cases):
    from alembic import command
    from alembic.config import Config

    from core.paths import data_paths
    from core.services import open_casebook
    from core.store import schema
    from core.store.engine import Database
    from core.store.repository import stored_values

    paths = data_paths(data_home).ensure()
    db = Database(paths.database)
    cfg = Config()
    cfg.set_main_option("script_location", str(schema._MIGRATIONS))
    with db.write() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        for case in reference_cases:  # the rows as schema 0001 holds them (no id_key: 0006)
            row = {"id": case.case_id, "version": 1, "created_at": "2026-01-01T00:00:00Z",
                   "updated_at": "2026-01-01T00:00:00Z",
                   **stored_values(case.model_copy(update={"version": 1}))}
            conn.exec_driver_sql(f"INSERT INTO cases ({', '.join(row)}) "  # noqa: S608
                                 f"VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
    db.dispose()
    assert schema.inspect_file(paths.database) == "0001"
    cb = open_casebook(data_home, user="dr.test")
    try:
        assert schema.inspect_file(paths.database) == schema.HEAD_REVISION
        assert {h.case_id for h in cb.search.search("dasatinib").hits} == {REF1}
        assert {h.case_id for h in cb.search.search("cns:CNS3").hits} == {REF1, REF2}
    finally:
        cb.close()


def test_command_line_search(filled, capsys):
    assert cli_main(["search", "dasatinib", "--limit", "1"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0].split("\t")[0] in {REF1, "HC-T315IABL1"}
    assert "«" in out and "of 2 case(s)" in err
    assert cli_main(["search", "cns:CNS3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 5 and data["error"] is None
    assert cli_main(["search", "nothingmatchesthis"]) == 0
    assert "0 case(s)" in capsys.readouterr().err
    assert cli_main(["search", "cns:CNS9"]) == 1
    err = capsys.readouterr().err
    assert "cns:CNS9\n    ^^^^" in err and "not a CNS status" in err


def test_command_line_reindex(filled, capsys):
    assert cli_main(["reindex"]) == 0
    err = capsys.readouterr().err
    assert f"{len(EVERY)}/{len(EVERY)} cases" in err and f"Indexed {len(EVERY)}" in err


WORDS = st.sampled_from([
    "blinatumomab", "dasatinib", "leukemia", "CNS3", "parenchymal", "T315I", "Müller", "白血病",
    "患者", "relapse", "blin*", "C92*", '"cerebral parenchymal"', "BCR::ABL1", "meningeal",
    "dx:B-ALL", "dx:C92", "drug:L01FX", "cns:CNS3", "cns:CNS1", "cnsdx:CNS1", "ae:crs>=2",
    "ae:>=3", "mut:T315I", "mut:ABL1:T315I", "sex:f", "age:18..40", "status:draft",
    "day0:2022..2023", "mrd:negative", "response:CR",
])
QUERIES = st.lists(st.tuples(st.booleans(), WORDS, st.booleans()), min_size=1, max_size=4).map(
    lambda items: " ".join(("-" if neg else "") + w + (" OR" if orr else "")
                           for neg, w, orr in items).removesuffix(" OR"))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(QUERIES)
def test_index_and_naive_scan_agree_on_any_query(filled, query):
    result = filled.search.search(query, limit=1000)
    assert result.error is None, result.error
    assert {h.case_id for h in result.hits} == set(filled.search.naive_scan(query))


def test_a_very_common_word_ranks_the_newest_hits_and_pages_through_all(filled, monkeypatch):
    from core.search import run

    monkeypatch.setattr(run, "RANK_CAP", 3)
    everything = filled.search.search("leukemia", limit=1000)
    assert everything.capped and everything.total == len(everything.hits) == 4
    assert [h.score is None for h in everything.hits] == [False, False, False, True]
    pages = [filled.search.search("leukemia", offset=o, limit=2).hits for o in (0, 2)]
    assert [h.case_id for page in pages for h in page] == [h.case_id for h in everything.hits]
