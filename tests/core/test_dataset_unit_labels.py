"""A dose unit's label in the datasets is the PDF's (found by a stranger run, research data
manager): ``drug_dose_unit_label`` repeated the code (``ug/d``) while the PDF prints µg/day and
lab units have their labels (×10⁹/L)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from core.model import Case
from core.report.format import unit_label
from core.services import Casebook
from core.services.datasets import DatasetService


def test_dose_unit_labels_are_the_pdfs(casebook: Casebook, reference_docs: list[dict],
                                       tmp_path: Path) -> None:
    doc = json.loads(json.dumps(reference_docs[0]))
    drug = doc["treatment_lines"][0]["administrations"][0]
    drug["dose_unit"] = "ug/m2/d"
    drug["dose_given_unit"] = "ug/d"
    case = Case.model_validate(doc)
    casebook.cases.import_cases([case])
    DatasetService(casebook.interchange).export(tmp_path / "d", "csv")
    with open(tmp_path / "d" / "treatment_administrations.csv", encoding="utf-8-sig",
              newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["case_id"] == case.case_id)
    assert (row["drug_dose_unit"], row["drug_dose_unit_label"]) == ("ug/m2/d", "µg/m²/day")
    assert (row["drug_dose_given_unit"], row["drug_dose_given_unit_label"]) == ("ug/d", "µg/day")
    assert row["drug_dose_given_unit_label"] == unit_label("ug/d")  # where the PDF takes it
    with open(tmp_path / "d" / "data_dictionary.csv", encoding="utf-8-sig", newline="") as fh:
        notes = {r["Variable / Field Name"]: r for r in csv.DictReader(fh)}
    assert "ug/d" in notes["drug_dose_given_unit"]["Field Note"]

    DatasetService(casebook.interchange).export(tmp_path / "d.odm.xml", "odm")
    xml = (tmp_path / "d.odm.xml").read_text(encoding="utf-8")
    assert '<TranslatedText xml:lang="en">µg/day</TranslatedText>' in xml
