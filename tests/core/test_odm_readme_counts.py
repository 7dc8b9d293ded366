"""The README's counts of the CDISC ODM export's metadata (forms, item groups, items, units,
code lists) are those of a real export (found by a review: the forms and item groups had
grown with the model, the README still said 27 and 33)."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from core.model import Case
from core.services import Casebook
from core.services.datasets import DatasetService

README = Path(__file__).resolve().parents[2] / "README.md"
NS = {"o": "http://www.cdisc.org/ns/odm/v1.3"}


def test_the_readme_counts_are_an_export_s(casebook: Casebook, tmp_path: Path,
                                           reference_cases: list[Case]) -> None:
    casebook.cases.import_cases(reference_cases)
    DatasetService(casebook.interchange).export(tmp_path / "cases.odm.xml", "odm")
    root = etree.parse(str(tmp_path / "cases.odm.xml")).getroot()
    mdv = root.find(".//o:MetaDataVersion", NS)
    groups = mdv.findall("o:ItemGroupDef", NS)
    found = {"forms": len(mdv.findall("o:FormDef", NS)), "groups": len(groups),
             "repeating": sum(g.get("Repeating") == "Yes" for g in groups),
             "items": len(mdv.findall("o:ItemDef", NS)),
             "units": len(root.findall(".//o:MeasurementUnit", NS)),
             "codelists": len(mdv.findall("o:CodeList", NS))}
    text = " ".join(README.read_text("utf-8").split())
    said = re.search(r"a form per section of the case \((\d+)\), an item group per table "
                     r"\((\d+); the (\d+) that come from lists.*?an item per column \((\d+),"
                     r".*?`MeasurementUnit` \((\d+)\).*?and for yes/no \((\d+);", text)
    assert said, "the ODM paragraph of the README no longer says its counts this way"
    assert dict(zip(found, map(int, said.groups()), strict=True)) == found
