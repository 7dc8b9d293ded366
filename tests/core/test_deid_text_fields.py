"""Every text field of a case is classified for a de-identified dataset export
(core.io.text_fields): identifying, free text, or short coded text kept by every option; a new
text field that is none of them fails here, so it cannot slip into a de-identified export.

Found by a stranger run: an export with "Leave out free text", the identifiers left out and the
dates shifted still wrote the case report's Day 0 definition ("admission of John Smith (MRN …)
at St Mary's on 03/03/2023": a name, a record number, an unshifted date), its keywords, and the
source publication's case label; and the identifier scan advised leaving out the free text,
which was left out. Every format is read back (CSV, Excel, ODM, FHIR)."""

from __future__ import annotations

import types
import typing
from typing import Any, Literal

import pytest
from pydantic import BaseModel

from core.io.deident import DeidOptions, IdentifiersFound, scan_case
from core.io.tables import records, tables
from core.io.text_fields import FREE_TEXT, IDENTIFYING, SAFE_TEXT, is_free_text, is_identifying
from core.model import Case, Coded
from core.model.base import field_meta, is_bookkeeping, is_code
from core.services.datasets import DatasetService
from tests.core.dataset_text import export_text, exported_text

FORMATS = [("csv", "out"), ("xlsx", "out.xlsx"), ("odm", "out.xml"), ("fhir", "out.json")]
DAY0_TEXT = "admission of John Smith (MRN 12345678) at St Mary's on 03/03/2023"
ALL_OPTIONS = DeidOptions(drop_identifiers=True, hash_ids=True, drop_text=True, dates="shift")


def _holds_str(annotation: Any) -> bool:
    """Whether a field's type holds text a user types (not a closed list of codes)."""
    if annotation is str:
        return True
    if typing.get_origin(annotation) is Literal:
        return False
    return any(_holds_str(a) for a in typing.get_args(annotation))


def _models() -> set[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen or model is Coded:  # a code with its label, system and version
            return
        seen.add(model)
        for info in model.model_fields.values():
            stack = [info.annotation]
            while stack:
                a = stack.pop()
                if isinstance(a, type) and issubclass(a, BaseModel):
                    walk(a)
                elif typing.get_origin(a) in (list, typing.Union, types.UnionType,
                                              typing.Annotated):
                    stack += typing.get_args(a)
    for table in tables():
        walk(table.model)
    return seen


def _text_fields() -> list[tuple[type[BaseModel], str]]:
    return [(model, name) for model in _models() for name, info in model.model_fields.items()
            if name not in ("nf", "case_id") and not is_bookkeeping(model, name)
            and _holds_str(info.annotation) and not is_code(model, name)
            and not field_meta(model, name).get("vocab")]


def test_every_text_field_is_classified():
    unclassified = [f"{m.__name__}.{n}" for m, n in _text_fields()
                    if not (is_identifying(m, n) or is_free_text(m, n) or (m, n) in SAFE_TEXT)]
    assert unclassified == [], "classify these in core/io/text_fields.py"


def test_the_classes_name_real_fields_and_do_not_overlap():
    for model, name in FREE_TEXT | IDENTIFYING | SAFE_TEXT:
        assert name in model.model_fields, (model.__name__, name)
    assert not SAFE_TEXT & (FREE_TEXT | IDENTIFYING)
    assert [(m, n) for m, n in SAFE_TEXT if is_free_text(m, n) or is_identifying(m, n)] == []


def test_the_fields_the_stranger_found_are_classified():
    from core.model.report import CaseReport, SourcePublication

    assert is_free_text(CaseReport, "day0_definition") and is_free_text(CaseReport, "keywords")
    assert all(is_identifying(SourcePublication, n) for n in SourcePublication.model_fields)


def _marked(case: Case, option: str) -> tuple[Case, list[str]]:
    """``case`` with a marker word in every text field that ``option`` (``narrative`` or
    ``identifier``) leaves out, in every record the case holds; and the markers."""
    left_out = is_free_text if option == "narrative" else is_identifying
    case = case.model_copy(deep=True)
    markers: list[str] = []
    for table in tables():
        for _key, record in records(case, table):
            for col in table.columns:
                if col.kind not in ("text", "notes") or col.part != "value":
                    continue
                holder: Any = record
                for name in col.path[:-1]:
                    holder = getattr(holder, name, None)
                if holder is None or not left_out(type(holder), col.path[-1]):
                    continue
                marker = f"Zqmark{len(markers)}x"
                markers.append(marker)
                field = type(holder).model_fields[col.path[-1]]
                many = typing.get_origin(_optional(field.annotation)) is list
                object.__setattr__(holder, col.path[-1], [marker] if many else marker)
    return case, markers


def _optional(annotation: Any) -> Any:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    return args[0] if typing.get_origin(annotation) in (typing.Union, types.UnionType) \
        and len(args) == 1 else annotation


@pytest.fixture
def probe(reference_cases) -> Case:
    from core.model.report import SourcePublication

    case = reference_cases[0].model_copy(deep=True)
    case.case_report.source_publication = SourcePublication(case_label_in_source="Case 1")
    return case


@pytest.mark.parametrize("fmt, target", FORMATS)
def test_drop_text_leaves_out_every_free_text_field(casebook, probe, tmp_path, fmt, target):
    case, markers = _marked(probe, "narrative")
    assert len(markers) > 20
    casebook.cases.import_cases([case])
    service = DatasetService(casebook.interchange)
    if fmt != "fhir":  # the probe: the plain export writes them (FHIR writes only the prose)
        plain = export_text(service, tmp_path, "plain", fmt, target, DeidOptions())
        assert "Zqmark" in plain and "Case 1" in plain
    text = export_text(service, tmp_path, "deid", fmt, target, DeidOptions(drop_text=True))
    assert [m for m in markers if m in text] == []


@pytest.mark.parametrize("fmt, target", FORMATS)
def test_drop_identifiers_leaves_out_every_identifying_field(casebook, probe, tmp_path, fmt,
                                                             target):
    case, markers = _marked(probe, "identifier")
    casebook.cases.import_cases([case])
    service = DatasetService(casebook.interchange)
    text = export_text(service, tmp_path, "deid", fmt, target, DeidOptions(drop_identifiers=True))
    assert [m for m in markers if m in text] == []
    assert "rep_source_publication_cas" not in text and "Case label in source" not in text


@pytest.mark.parametrize("fmt, target", FORMATS)
def test_the_strangers_export_leaves_out_day0_definition_and_keywords(casebook, probe,
                                                                      tmp_path, fmt, target):
    probe.case_report.day0_definition = DAY0_TEXT
    probe.case_report.keywords = ["Smithkeyword", "CML"]
    casebook.cases.import_cases([probe])
    service = DatasetService(casebook.interchange)
    path = tmp_path / target
    service.export(path, fmt, None, ALL_OPTIONS)  # nothing to confirm: the text is left out
    text = exported_text(path)
    for word in ("John Smith", "12345678", "03/03/2023", "St Mary", "Smithkeyword", "Case 1"):
        assert word not in text, word


def test_a_date_in_kept_short_text_stops_a_shifted_export(casebook, probe, tmp_path):
    probe.diagnoses[0].risk_group = "adverse, 14/02/2019"  # short text that every option keeps
    casebook.cases.import_cases([probe])
    service = DatasetService(casebook.interchange)
    with pytest.raises(IdentifiersFound) as caught:
        service.export(tmp_path / "out", "csv", None, ALL_OPTIONS)
    assert any(h.text == "14/02/2019" for h in caught.value.hits)
    assert not (tmp_path / "out").exists()
    # free text is left out already: the advice does not say to leave it out
    assert "free text" not in str(caught.value).split("\n")[-1]
    assert "drop the free text" in str(IdentifiersFound(caught.value.hits, DeidOptions()))


def test_scan_reads_no_free_text_that_is_left_out(probe):
    probe.case_report.day0_definition = DAY0_TEXT
    assert [h for h in scan_case(probe, DeidOptions(dates="shift")) if "day0" in h.path]
    assert not [h for h in scan_case(probe, ALL_OPTIONS) if "day0" in h.path]
