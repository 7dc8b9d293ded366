"""The full text built from a stored case's JSON (``json_case_text``, the bulk rebuild) is the
text built from its model (``case_text``, a save), whatever the values hold."""

from __future__ import annotations

import copy

from core.model import Case
from core.search.derived import clinical_values
from core.search.documents import case_text, json_case_text
from core.synth import generate_cases


def both(doc: dict) -> tuple:
    case = Case.model_validate(doc)
    values = clinical_values(case)
    return json_case_text(doc, values), case_text(case, values)


def test_the_text_from_the_json_is_the_text_from_the_model_on_edge_values(reference_docs):
    """Omitted keys whose default is a text or a yes, a cleared one, yes/no fields, a code
    without its label, identifiers, CJK text, soft hyphens, control characters, white space
    to strip, empty and repeated values."""
    doc = copy.deepcopy(reference_docs[0])
    report = doc["case_report"]
    report["title"] = " 慢性髓系白血病 relapse after Onc\u00adaspar "
    del report["disease_classification_system"]  # an older document: its default
    report["cns_classification_system"] = None  # cleared: no default
    report["take_away"] = "Pegaspar\u00adgase\x01 after  two spaces\t"
    report["keywords"] = ["急性淋巴细胞白血病", " padded ", "", "lumbar_puncture", "≥ 5 %",
                          "lumbar puncture", "padded", "tab\t", "\u00a0nbsp"]
    doc["patient"]["name"] = "Ms_Test"  # an identifier: in ids, humanized as any text
    doc["patient"]["record_number"] = " MRN 7 "
    dx = doc["diagnoses"][0]
    dx["icd10_who"] = {"code": "Z99.9", "system": "ICD-10"}  # no label (none known either)
    dx["cns_parenchymal_involvement"] = True
    doc["attachments"] = [{"file_name": "scan_01.png"}]  # de-identified: True by default
    doc["neuro_exams"][0] |= {"headache": True, "seizure": False, "meningism": None}
    json_text, model_text = both(doc)
    assert json_text == model_text
    assert "CNS parenchymal involvement" in json_text.dx and "Z99.9 · C92.10" in json_text.dx
    assert "De-identified" in json_text.body and "WHO-HAEM5-2022" in json_text.body
    assert "COG-NCCN" not in json_text.body and "Headache" in json_text.body
    assert "Ms Test" in json_text.ids and "MRN 7" in json_text.ids.split(" · ")
    assert "Pegaspargase" in json_text.body and "\u00ad" not in json_text.body
    assert "慢" not in json_text.title and "慢 性" in json_text.cjk
    assert json_text.title == "  relapse after Oncaspar"  # stripped; the CJK run: a space
    assert json_text.body.count("padded") == 1
    validated = Case.model_validate(doc)  # the JSON form it writes back: the same text
    assert json_case_text(validated.to_json_dict(), clinical_values(validated)) == json_text


def test_a_text_with_nothing_to_clean_or_strip_is_kept_as_it_is(reference_docs):
    """The values are joined as they come when none needs cleaning or stripping, and each
    is cleaned or stripped when one does (whichever value it is)."""
    for value in ("plain", " lead", "trail ", "in  side", "", "\x7fctrl", "soft\u00adhyphen",
                  "nl\n", "漢字", "≥ 1"):
        for where in (0, 1, -1):
            doc = copy.deepcopy(reference_docs[1])
            keywords = ["first", "middle", "last"]
            keywords.insert(where if where >= 0 else len(keywords), value)
            doc["case_report"]["keywords"] = keywords
            json_text, model_text = both(doc)
            assert json_text == model_text, (value, where)


def test_the_text_from_the_json_is_the_text_from_the_model_on_many_generated_cases():
    for case in generate_cases(150, seed=17):
        values = clinical_values(case)
        assert json_case_text(case.to_json_dict(), values) == case_text(case, values)
