"""A stored reference case 1 with two attested figures and three cited references, and a kit of
it (built once per module: a kit takes about two seconds)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

REFERENCES = [
    {"key": "cao2023", "authors": "Cao Y, Li X, Wang Z", "title": "Blinatumomab for CNS leukemia "
     "in CML lymphoid blast phase", "journal": "Front Oncol", "year": 2023, "volume": "13",
     "pages": "1234567", "doi": "10.3389/fonc.2023.1234567", "pmid": "37000001"},
    {"key": "jabbour2018", "authors": "Jabbour E, Kantarjian H", "title": "Chronic myeloid "
     "leukemia: 2018 update", "journal": "Am J Hematol", "year": 2018, "volume": "93",
     "issue": "3", "pages": "442-59"},
    {"key": "gokbuget2018", "authors": "Gokbuget N, Dombret H, Bonifacio M, et al.",
     "title": "Blinatumomab for minimal residual disease in adults with B-cell precursor ALL",
     "journal": "Blood", "year": 2018, "volume": "131", "issue": "14", "pages": "1522-31"},
]
INTRODUCTION = ("Lymphoid blast phase of CML is rare [@jabbour2018], and CNS relapse in it rarer "
                "still [@cao2023]. Blinatumomab clears MRD [@gokbuget2018; @cao2023].")
LEGENDS = ("Bone-marrow smear at diagnosis: lymphoblasts [@cao2023].",
           "Brain MRI at CNS relapse, day 194.")


def png(colour: str, size: tuple[int, int] = (90, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def add_figures(casebook, case, figures: list[tuple[str, str, bool]]):
    """Store each (colour, legend, attested) PNG through the FileStore and add it to the case
    as Figure 1, 2..., then save the case."""
    from core.model.report import Attachment

    rows = []
    for number, (colour, legend, attested) in enumerate(figures, start=1):
        stored = casebook.ctx.files.put_bytes(png(colour), f"figure-{number}.png")
        rows.append(Attachment(kind="smear_image", figure_number=number, caption=legend,
                               file_sha256=stored.sha256, media_type=stored.media_type,
                               file_name=f"figure-{number}.png",
                               no_full_face_attested=attested))
    case.attachments = rows
    return casebook.cases.save_case(case)


def paper_case(case):
    """Reference case 1 with the three references, cited in the introduction."""
    from core.model.report import Author, Reference, Statements

    case.case_report.introduction = INTRODUCTION
    case.references = [Reference(**r) for r in REFERENCES]
    case.authors = [Author(name="Ana Ruiz", degrees="MD", affiliations="Dept of Hematology, "
                           "City Hospital, Madrid, Spain", corresponding=True,
                           email="ana.ruiz@example.org", orcid="0000-0002-1825-0097"),
                    Author(name="Tom Berg", affiliations="Dept of Hematology, City Hospital, "
                           "Madrid, Spain; Lab of Leukemia Biology, Oslo, Norway")]
    case.statements = Statements(funding="No specific funding.",
                                 conflicts_of_interest="None declared.",
                                 ethics_approval="Not required for a single case report.")
    return case


@dataclass
class Kit:
    folder: Path
    report: object
    case: object


@pytest.fixture(scope="module")
def kit_1(tmp_path_factory) -> Kit:
    import json

    from core.kit import build_kit
    from core.model import Case
    from core.services import open_casebook
    from tests.conftest import REFERENCE_CASEBOOK

    root = tmp_path_factory.mktemp("kit-home")
    doc = json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))["cases"][0]
    cb = open_casebook(root / "data", user="dr.kit")
    try:
        case = Case.model_validate(doc).model_copy(update={"version": 0, "status": "draft"})
        case = cb.cases.save_case(paper_case(case))
        case = add_figures(cb, case, [("red", LEGENDS[0], True), ("blue", LEGENDS[1], True)])
        report = build_kit(cb, case.case_id, root / "kit", deidentified=False)
    finally:
        cb.close()
    return Kit(root / "kit", report, case)
