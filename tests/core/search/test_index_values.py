"""The indexed VALUES of a fixed set of cases, as a golden digest: what a case puts in its
full-text row, in case_codes and in case_numbers changes only with a new index version (a
folder whose index was built by another version is rebuilt when opened; one built by the same
version is kept as it is, stale if the values changed). test_index_version.py guards the facet
names and the columns; this guards the words, codes and numbers. The save path and the bulk
rebuild (the service's reindex) must write the same rows."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import text

from core.search.index import FTS_COLUMNS, INDEX_REVISION, INDEX_VERSION
from core.services.demo import reference_cases
from core.synth import GENERATOR_VERSION, generate_cases
from tests.core.search.search_cases import BLINATUMOMAB, make_case, near_misses, variant

SEED, GENERATED = 20261206, 40  # generated case ids are SYN-<seed>-<n>: no random id
SOFT = "\u00ad"  # revisions 2 and 3: soft hyphens out of the indexed text and codes

DIGESTS = {  # per INDEX_VERSION (hand-code revision . model facets digest): the sha256 of the
    # indexed values of indexed_cases(), as canonical() writes them. Keyed by the whole version,
    # not the revision alone: a change of a model field's facet makes a new version by itself
    # (the folder is rebuilt, no bump needed) and only needs its digest added here
    "3.742721d7": "683b60dd920e3a318339dc7aff4a0a968b6f82a16c423d353f4f464b65cf60be",
    # 4: best response of overall scopes only; no case indexed here has another scope's CR
    "4.742721d7": "683b60dd920e3a318339dc7aff4a0a968b6f82a16c423d353f4f464b65cf60be",
    "5.742721d7": "2dcd3eb16dde47d12e34b5f63da8e87ee19bbc5a57e7799da48af9135952292d",  # scopes
    "6.742721d7": "2dcd3eb16dde47d12e34b5f63da8e87ee19bbc5a57e7799da48af9135952292d",  # (none
    # of these cases lists a variant under a test that detected nothing)
    "7.742721d7": "2dcd3eb16dde47d12e34b5f63da8e87ee19bbc5a57e7799da48af9135952292d",  # (each
    # of these cases with a birth date has an age typed)
    "8.742721d7": "b4348d2b1c04b801b4cbf4e524e8c6b8c0efb4ac446e147c3ffc0c90ccd15f89",  # route
    # names in the text (IT: Intrathecal use)
    "9.742721d7": "f65b517358cb8810534934921f0ab9d27e3682307083ff8868bc95c4245f2f4c",  # CRS
    # for cytokine release syndrome in the text, and back
    "10.742721d7": "f631555d74c0e872a0e6387eadd94e8d6c44268494486e406e3e35680a158a70",  # dx:
    # of a CML's phase ("cml, blast phase")
    "11.742721d7": "c9fd47c46bf5580198a8ab4e0f00c3b22d85ec7ecb189ec8cb694550de2a426f",  # the
    # patient's country and subdivision by name in the text (CN: China)
    "12.742721d7": "350a442f93ac5454b579918314b5744804207b5be456d7eadf6e3deedfcd2d43",  # mrd:
    # positive_level_pending for a detected MRD whose value is pending
    "13.742721d7": "350a442f93ac5454b579918314b5744804207b5be456d7eadf6e3deedfcd2d43",  # mrd:
    # positive_level_not_reported; no result, no value: negative only with a LoD (no such
    # row among these cases: the same digest)
}


def indexed_cases() -> list:
    """The two reference cases, the search tests' near misses, one case of text edge cases
    and GENERATED cases from the generator (fixed seed): deterministic, no random id, no date
    of today."""
    edge = make_case(
        "HC-GOLDEDGE", f"Remission after Pegaspar{SOFT}gase, Ph{SOFT}like ALL", age=7,
        drugs=({**BLINATUMOMAB, "drug_inn": f"blina{SOFT}tumomab", "dose": 0.1},),
        tests=(variant("ABL1", f"T315{SOFT}I"),), day0="2021-02-03",
        history_items=[{"kind": "comorbidity",
                        "description": "Crème brûlée, Ⅻ, ﬁbrosis, straße, 白血病, e\u0301"}])
    assert SOFT in edge.case_report.title and SOFT in edge.molecular_tests[0].variants[0].short
    return [*reference_cases(), *near_misses(), edge,
            *generate_cases(GENERATED, seed=SEED)]


def indexed_values(casebook) -> dict[str, list[list[Any]]]:
    """Every full-text row (case id, then every column; by case id, not row id), every
    case_codes and case_numbers row, sorted."""
    columns = ", ".join(f"f.{name}" for name in FTS_COLUMNS)
    with casebook.ctx.db.read() as conn:
        fts = [list(r) for r in conn.execute(text(
            f"SELECT d.case_id, {columns} FROM search_docs d "
            "JOIN search_fts f ON f.rowid = d.doc_id ORDER BY d.case_id"))]
        codes = sorted(list(r) for r in conn.execute(text(
            "SELECT case_id, facet, value FROM case_codes")))
        numbers = sorted((list(r) for r in conn.execute(text(
            "SELECT case_id, facet, value, unit, typeof(value) FROM case_numbers"))),
            key=lambda r: (r[0], r[1], r[2], r[3] is None, r[3] or "", r[4]))
    return {"fts": fts, "codes": codes, "numbers": numbers}


def canonical(values: dict[str, list[list[Any]]]) -> bytes:
    """One text for the values: sorted keys, ASCII escapes, floats as Python's shortest
    round-trip repr (the same on every machine), one row a line."""
    lines = [json.dumps([name, row], ensure_ascii=True, allow_nan=False)
             for name in sorted(values) for row in values[name]]
    return "\n".join(lines).encode("ascii")


def digest(casebook) -> str:
    return hashlib.sha256(canonical(indexed_values(casebook))).hexdigest()


def test_the_indexed_values_change_only_with_a_new_index_version(casebook):
    cases = indexed_cases()
    casebook.cases.import_cases(cases, source="test")  # the save path
    values = indexed_values(casebook)
    assert len(values["fts"]) == len(cases) and len(values["codes"]) > 10 * len(cases)
    assert {row[0] for row in values["fts"]} == {case.case_id for case in cases}
    assert SOFT not in json.dumps(values, ensure_ascii=False)  # the edge case has them
    saved = digest(casebook)
    assert casebook.search.reindex() == len(cases)  # the bulk rebuild, from the stored JSON
    rebuilt = indexed_values(casebook)
    for part in ("fts", "codes", "numbers"):
        assert rebuilt[part] == values[part], f"the bulk rebuild wrote other {part} rows"
    assert digest(casebook) == saved

    known = DIGESTS.get(INDEX_VERSION)
    assert saved == known, (
        f"the indexed values changed: bump INDEX_REVISION in core/search/index.py and add the "
        f"new digest here (tests/core/search/test_index_values.py, DIGESTS): "
        f"'{INDEX_REVISION + 1}.{INDEX_VERSION.split('.', 1)[1]}': '{saved}'"
        if known is not None else
        f"INDEX_VERSION is new ({INDEX_VERSION}): add the new digest here "
        f"(tests/core/search/test_index_values.py, DIGESTS): '{INDEX_VERSION}': '{saved}'") + (
        f". If only the cases indexed here changed (the reference cases, near_misses, core/synth "
        f"at GENERATOR_VERSION {GENERATOR_VERSION}), not what a case indexes, replace the digest "
        f"under the same version instead.")
