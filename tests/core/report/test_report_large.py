"""A long case: 300 laboratory rows and 40 adverse events split cleanly over many pages."""

from __future__ import annotations

from core.model import Case
from tests.core.report.pdftext import page_texts, read

LAB_HEADER = "When Analyte Specimen Value Unit Reference range"
AE_HEADER = "Onset Term Grade Grading system Serious Attribution"


def long_case(case_2) -> Case:
    doc = case_2.to_json_dict()
    analytes = [("WBC", "10*9/L"), ("ANC", "10*9/L"), ("Platelets", "10*9/L"), ("LDH", "U/L")]
    doc["labs"] = [{"day": i // 4, "analyte": analytes[i % 4][0], "specimen": "blood",
                    "value_entered": round(0.5 + (i * 7) % 90, 1),
                    "unit_entered": analytes[i % 4][1],
                    "ref_low": 1, "ref_high": 400, "src": "synthetic"} for i in range(300)]
    doc["adverse_events"] = [{"ae_id": 700 + i, "term": "Febrile neutropenia", "grade": 1 + i % 4,
                              "grading_system": "CTCAE-5.0", "onset_day": 10 + 3 * i,
                              "resolution_day": 12 + 3 * i, "outcome": "recovered",
                              "attribution": [{"drug_inn": "blinatumomab", "level": "possible"}],
                              "src": "synthetic"} for i in range(40)]
    return Case.model_validate(doc)


def test_long_tables_split_over_pages_with_repeated_headers(case_2, render):
    pdf = render(long_case(case_2))
    reader = read(pdf)
    assert len(reader.pages) > 3
    texts = [" ".join(t.split()) for t in page_texts(pdf)]       # every page reads back
    lab_pages = [t for t in texts if LAB_HEADER in t]
    assert len(lab_pages) >= 4                                   # 300 rows: header on each page
    assert sum(t.count("recovered (d") for t in texts) == 40      # the outcome column
    assert len([t for t in texts if AE_HEADER in t]) >= 2
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text


def test_every_lab_row_is_printed_once(case_2, render):
    text = " ".join(" ".join(page_texts(render(long_case(case_2)))).split())
    section = text[text.index("Laboratory results"):text.index("Therapeutic intervention")]
    assert section.count("U/L") == 75
    assert section.count("×10⁹/L") == 225
