"""The PDF prints a derived µg/day dose to one decimal (5.1 µg/day beside 15.2 µg/day), the
same text as the editor's Absolute dose column and the blinatumomab cycle dialog."""

from __future__ import annotations

from tests.core.report.pdftext import all_text


def test_per_m2_blinatumomab_prints_one_decimal(case_1, render):
    case = case_1.model_copy(deep=True)
    case.patient.bsa_m2, case.patient.height_cm, case.patient.weight_kg = None, 60.0, 6.2
    blin = [a for line in case.treatment_lines for a in line.administrations
            if a.drug_inn == "blinatumomab"][:2]
    blin[0].dose, blin[0].dose_unit = 5.0, "ug/m2/d"
    blin[1].dose, blin[1].dose_unit = 15.0, "ug/m2/d"  # BSA 0.3215 m²: 1.6075 / 4.8224 µg/day
    text = all_text(render(case.model_validate(case.to_json_dict())))
    assert "5 µg/m²/day = 1.6 µg/day" in text and "15 µg/m²/day = 4.8 µg/day" in text
    assert "1.61 µg/day" not in text and "4.82 µg/day" not in text
