"""Authors, references and statements in dataset exports: their own tables; a de-identified
export (identifiers dropped) leaves out the authors' names, e-mails, ORCID iDs and
affiliations (they say where the patient was treated), keeps the references, and the
identifier scan does not refuse an author's e-mail or a reference's citation."""

from __future__ import annotations

import csv
from pathlib import Path

from core.io.deident import DeidOptions
from core.io.tables import tables
from core.model.report import Author, Reference, Statements
from core.services.datasets import DatasetService


def _export(service: DatasetService, target: Path, options: DeidOptions) -> dict[str, list]:
    service.export(target, "csv", None, options)
    out = {}
    for path in target.glob("*.csv"):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            out[path.stem] = list(csv.DictReader(fh))
    return out


def test_tables_and_names():
    by_name = {t.name: t for t in tables()}
    assert {"authors", "references", "statements"} <= set(by_name)
    names = [c.name for c in by_name["authors"].columns]
    assert "auth_name" in names and "ref_doi" in [c.name for c in by_name["references"].columns]
    ident = {c.name for c in by_name["authors"].columns if c.identifier}
    assert ident == {"auth_name", "auth_email", "auth_orcid", "auth_affiliations"}


def test_deidentified_export_drops_the_authors(casebook, reference_cases, tmp_path):
    case = reference_cases[0].model_copy(deep=True)
    case.authors = [Author(name="Jane Smith", email="jane@example.org", affiliations="Utrecht",
                           orcid="0000-0002-1825-0097", corresponding=True, degrees="MD")]
    case.references = [Reference(key="cao2023", title="Blinatumomab", doi="10.3389/x",
                                 citation="Cao Y. Blinatumomab. Front Oncol. 2023;13:1. "
                                          "PMID: 36000000.")]
    case.statements = Statements(funding="None.")
    casebook.cases.import_cases([case])
    service = DatasetService(casebook.interchange)
    plain = _export(service, tmp_path / "plain", DeidOptions())
    assert plain["authors"][0]["auth_email"] == "jane@example.org"
    deid = _export(service, tmp_path / "deid", DeidOptions(drop_identifiers=True, hash_ids=True,
                                                          dates="shift"))
    assert "auth_email" not in deid["authors"][0] and "auth_name" not in deid["authors"][0]
    assert deid["authors"][0]["auth_degrees"] == "MD"
    assert deid["references"][0]["ref_doi"] == "10.3389/x"
    assert deid["statements"][0]["stmt_funding"] == "None."
    text = "".join(p.read_text(encoding="utf-8-sig") for p in (tmp_path / "deid").glob("*.csv"))
    assert "jane@example.org" not in text and "Utrecht" not in text
