"""The CDISC ODM 1.3.2 export (issue 18): validated against the ODM 1.3.2 XSD (with the xmldsig
schema it imports) that odmlib ships, read with lxml, and checked for what an XSD cannot say:
every OID referenced is defined, every ItemData's item is in its ItemGroupDef, repeat keys are
unique, values are in their code lists and of their data type; de-identified as asked."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import odmlib
import pytest
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs
from odmlib.context import open_odm

from core.cli import main
from core.io.deident import Deidentifier, DeidOptions, load_key, shift_date
from core.io.odm import write_odm_dataset
from core.model import Case
from core.services.datasets import DatasetService
from core.synth.generator import generate_cases
from tests.core.dataset_text import without_random_ids
from tests.core.report.test_report_deidentified import MRN, NAME, NARRATIVE

CASE = "SEED-C1-CAO2023"
NS = {"o": "http://www.cdisc.org/ns/odm/v1.3"}
XSD = Path(odmlib.__file__).parent / "schemas" / "odm" / "1.3.2" / "ODM1-3-2.xsd"
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
REFS = {"StudyEventRef": "StudyEventOID", "FormRef": "FormOID",
        "ItemGroupRef": "ItemGroupOID", "ItemRef": "ItemOID", "CodeListRef": "CodeListOID",
        "MeasurementUnitRef": "MeasurementUnitOID"}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def validated(path: Path, schema: etree.XMLSchema) -> Any:
    """The parsed file, valid against the XSD and its references checked."""
    doc = etree.parse(str(path))
    assert schema.validate(doc), schema.error_log.filter_from_errors()[:5]
    check_references(doc)
    return doc


def check_references(doc: Any) -> None:
    root = doc.getroot()
    defined = {e.get("OID") for tag in ("StudyEventDef", "FormDef", "ItemGroupDef", "ItemDef",
                                         "CodeList", "MeasurementUnit")
               for e in root.iterfind(f".//o:{tag}", NS)}
    for tag, attr in REFS.items():
        for ref in root.iterfind(f".//o:{tag}", NS):
            assert ref.get(attr) in defined, (tag, ref.get(attr))
    mdv = root.find(".//o:MetaDataVersion", NS)
    forms = {f.get("OID"): {r.get("ItemGroupOID") for r in f.iterfind("o:ItemGroupRef", NS)}
             for f in mdv.iterfind("o:FormDef", NS)}
    groups = {g.get("OID"): ({r.get("ItemOID") for r in g.iterfind("o:ItemRef", NS)},
                             g.get("Repeating") == "Yes") for g in mdv.iterfind("o:ItemGroupDef", NS)}
    items = {i.get("OID"): i for i in mdv.iterfind("o:ItemDef", NS)}
    codes = {c.get("OID"): {i.get("CodedValue") for i in c.iterfind("o:CodeListItem", NS)}
             for c in mdv.iterfind("o:CodeList", NS)}
    subjects = [s.get("SubjectKey") for s in root.iterfind(".//o:SubjectData", NS)]
    assert len(subjects) == len(set(subjects))
    for subject in root.iterfind(".//o:SubjectData", NS):
        for form in subject.iterfind(".//o:FormData", NS):
            keys: Counter[tuple[str, str | None]] = Counter()
            for group in form.iterfind("o:ItemGroupData", NS):
                oid = group.get("ItemGroupOID")
                assert oid in forms[form.get("FormOID")]
                members, repeating = groups[oid]
                key = group.get("ItemGroupRepeatKey")
                assert (key is not None) == repeating, (oid, key)
                keys[(oid, key)] += 1
                for data in group.iterfind("o:ItemData", NS):
                    assert data.get("ItemOID") in members, (oid, data.get("ItemOID"))
                    check_value(items[data.get("ItemOID")], data.get("Value"), codes)
            assert max(keys.values(), default=1) == 1, keys.most_common(1)


def check_value(item: Any, value: str, codes: dict[str, set[str]]) -> None:
    kind = item.get("DataType")
    if kind == "integer":
        int(value)
    elif kind == "float":
        float(value)
    elif kind == "partialDate":
        assert PARTIAL_DATE.match(value), (item.get("OID"), value)
    ref = item.find("o:CodeListRef", NS)
    if ref is not None:
        assert value in codes[ref.get("CodeListOID")], (item.get("OID"), value)


def test_reference_and_generated_cases_are_valid_odm(reference_cases: list[Case],
                                                     schema: etree.XMLSchema,
                                                     tmp_path: Path) -> None:
    cases = [*reference_cases, *generate_cases(50, seed=18)]
    target = tmp_path / "cases.odm.xml"
    report = write_odm_dataset(target, cases, Deidentifier(DeidOptions(), b"k" * 32))
    assert report.cases == 52 and report.files == ["cases.odm.xml"]
    doc = validated(target, schema)
    root = doc.getroot()
    assert root.get("ODMVersion") == "1.3.2"
    keys = [s.get("SubjectKey") for s in root.iterfind(".//o:SubjectData", NS)]
    assert keys == [c.case_id for c in cases]
    # the metadata: repeating groups for lists, units, code lists of Literal choices
    lab = root.find(".//o:ItemGroupDef[@OID='IG.labs']", NS)
    assert lab is not None and lab.get("Repeating") == "Yes"
    assert root.find(".//o:ItemGroupDef[@OID='IG.patient']", NS).get("Repeating") == "No"
    assert root.findall(".//o:MeasurementUnit", NS)
    assert root.findall(".//o:ItemDef/o:MeasurementUnitRef", NS)
    assert len(root.findall(".//o:CodeList", NS)) > 10
    first = root.find(".//o:SubjectData", NS)
    labs = first.findall(".//o:ItemGroupData[@ItemGroupOID='IG.labs']", NS)
    assert [g.get("ItemGroupRepeatKey") for g in labs] == \
        [str(i) for i in range(1, len(cases[0].labs) + 1)]
    # odmlib, a well-kept ODM library, reads it too
    with open_odm(str(target)) as odm:
        assert odm is not None


@pytest.fixture
def stored(casebook: Any, reference_cases: list[Case]) -> DatasetService:
    doc = reference_cases[0].to_json_dict()
    doc["patient"].update(name=NAME, record_number=MRN, birth_date="1961-07-23")
    doc["case_report"].update(day0="2023-04-18", discussion=NARRATIVE)
    casebook.cases.import_cases([Case.model_validate(doc), reference_cases[1]])
    return DatasetService(casebook.interchange)


def test_plain_odm_export_holds_the_identifiers(stored: DatasetService, tmp_path: Path,
                                                schema: etree.XMLSchema) -> None:
    target = tmp_path / "all.odm.xml"
    result = stored.export(target, "odm")
    assert result.cases == 2
    validated(target, schema)
    text = target.read_text(encoding="utf-8")
    assert NAME in text and MRN in text and "1961-07-23" in text and CASE in text


def test_cli_deidentified_odm_export(capsys: pytest.CaptureFixture[str], stored: DatasetService,
                                     tmp_path: Path, data_home: Path,
                                     schema: etree.XMLSchema) -> None:
    target = tmp_path / "deid.odm.xml"
    flags = ["--format", "odm", "--drop-identifiers", "--hash-ids", "--shift-dates"]
    code = main(["export", CASE, *flags, "-o", str(target)])
    err = capsys.readouterr().err
    assert code == 1 and "Quistorp" in err and "--confirm-phi" in err
    assert not target.exists() and not list(tmp_path.glob(".deid.odm.xml*"))

    code = main(["export", CASE, *flags, "--drop-text", "-o", str(target)])
    assert code == 0, capsys.readouterr().err
    doc = validated(target, schema)
    text = target.read_text(encoding="utf-8")
    for secret in (NAME, "Quistorp", MRN, "1961", CASE):
        assert secret not in without_random_ids(text)
    deid = Deidentifier(DeidOptions(hash_ids=True, dates="shift"), load_key(data_home))
    root = doc.getroot()
    assert [s.get("SubjectKey") for s in root.iterfind(".//o:SubjectData", NS)] == \
        [deid.case_id(CASE)]
    dates = {d.get("Value") for d in root.iterfind(".//o:ItemData", NS)
             if d.get("ItemOID") == "IT.rep_day0_date"}
    assert dates == {shift_date("2023-04-18", deid.shift_days(CASE))}
    assert root.find(".//o:ItemDef[@OID='IT.pt_name']", NS) is None  # not even declared
    with sqlite3.connect(data_home / "casebook.db") as db:
        rows = db.execute("SELECT new FROM audit WHERE action = 'export'").fetchall()
    assert rows[-1][0].startswith("1 case(s) as odm to deid.odm.xml; identifiers dropped, "
                                  "case ids hashed, free text dropped, dates shifted")

    dropped = tmp_path / "nodates.odm.xml"
    code = main(["export", CASE, "--format", "odm", "--drop-dates", "--drop-text", "-o",
                 str(dropped)])
    assert code == 0, capsys.readouterr().err
    doc = validated(dropped, schema)
    assert not doc.getroot().findall(".//o:ItemDef[@DataType='partialDate']", NS)
    assert "2023-" not in dropped.read_text(encoding="utf-8").split("<ClinicalData", 1)[1]


def test_mandatory_items_are_the_dictionarys_required_columns(reference_cases: list[Case],
                                                               tmp_path: Path) -> None:
    """A required field's day and code items are Mandatory, not the calendar date beside the
    day (empty wherever only the day is known) nor a code's label: as the data dictionary's
    Required (it said Yes for lab_day_date, missing from hundreds of lab groups)."""
    target = tmp_path / "cases.odm.xml"
    write_odm_dataset(target, reference_cases, Deidentifier(DeidOptions(), b"k" * 32))
    root = etree.parse(str(target)).getroot()
    mandatory = {r.get("ItemOID"): r.get("Mandatory")
                 for r in root.iterfind(".//o:ItemGroupDef/o:ItemRef", NS)}
    assert mandatory["IT.find_day_day"] == "Yes" and mandatory["IT.find_day_date"] == "No"
    assert mandatory["IT.find_finding"] == "Yes"
    assert mandatory["IT.find_finding_label"] == "No"
    assert mandatory["IT.dx_icd10_who_code"] == "Yes"
    assert mandatory["IT.dx_icd10_who_label"] == "No"
