"""The submission kit of reference case 1 (issue 19): every file, the manuscript read back with
python-docx (CARE headings in order, numbered citations, legends, reference list), and the
CARE checklist naming where each item the case fills is reported."""

from __future__ import annotations

from docx import Document
from PIL import Image

from core.kit.sections import CARE_SECTIONS
from tests.core.kit.conftest import LEGENDS

FILES = {"manuscript.docx", "CARE-checklist.docx", "CARE-checklist.pdf", "case-summary.pdf",
         "Figure1.tiff", "Figure2.tiff", "Figure3.tiff"}


def headings(doc: Document, level: int = 1) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def test_kit_holds_every_file(kit_1):
    assert {p.name for p in kit_1.folder.iterdir()} == FILES
    assert kit_1.report.written and set(kit_1.report.written) == FILES
    for name in ("Figure1.tiff", "Figure2.tiff", "Figure3.tiff"):
        with Image.open(kit_1.folder / name) as image:
            assert image.format == "TIFF" and image.info["dpi"] == (300, 300)
    with Image.open(kit_1.folder / "Figure1.tiff") as image:  # the red smear, pixels kept
        assert image.size == (90, 60) and image.getpixel((5, 5)) == (255, 0, 0)
    with Image.open(kit_1.folder / "Figure3.tiff") as image:  # the timeline chart, 300 dpi
        assert image.size[0] > 1500
    assert (kit_1.folder / "case-summary.pdf").read_bytes().startswith(b"%PDF")


def test_manuscript_reads_back_in_care_order_with_citations_legends_references(kit_1):
    doc = Document(str(kit_1.folder / "manuscript.docx"))
    shown = headings(doc)
    assert [h for h in shown if h in CARE_SECTIONS] == list(CARE_SECTIONS)
    assert shown.index("Abstract") < shown.index("Introduction")
    assert shown[-3:] == ["Declarations", "References", "Figure legends"]
    text = "\n".join(p.text for p in doc.paragraphs)
    # numbered by first citation: jabbour2018 [1], cao2023 [2], gokbuget2018 [3]
    assert "is rare [1], and CNS relapse in it rarer still [2]" in text
    assert "clears MRD [2,3]" in text and "[@" not in text
    refs = [p.text for p in doc.paragraphs[[p.text for p in doc.paragraphs].index("References")
                                           + 1:]][:3]
    assert refs[0].startswith("1. Jabbour E, Kantarjian H. Chronic myeloid leukemia")
    assert refs[1].startswith("2. Cao Y, Li X, Wang Z. Blinatumomab for CNS leukemia")
    assert "Front Oncol. 2023;13:1234567." in refs[1]
    assert refs[2].startswith("3. Gokbuget N")
    assert "Figure 1. Bone-marrow smear at diagnosis: lymphoblasts [2]." in text
    assert f"Figure 2. {LEGENDS[1]}" in text
    assert "Figure 3. Course of the disease by day relative to Day 0" in text
    # title page: authors with numbered affiliations, the corresponding author, keywords
    assert "Ana Ruiz, MD1; Tom Berg1,2" in text
    assert "1 Dept of Hematology, City Hospital, Madrid, Spain" in text
    assert "Corresponding author: Ana Ruiz, ana.ruiz@example.org" in text
    assert "Keywords: case report;" in text
    assert "Funding: No specific funding." in text
    tables = [p.text for p in doc.paragraphs if p.text.startswith("Table ")]
    assert any("Treatment lines" in t for t in tables)
    assert len(doc.tables) == len(tables) >= 5
    assert doc.core_properties.author == ""


def test_checklist_names_a_location_for_every_item_the_case_fills(kit_1):
    from core.clinical import engine

    care = engine.evaluate(kit_1.case).evaluation.care
    filled = {p.number for item in care.items for p in (item.parts or (item,))
              if p.status == "reported"}
    assert {"1", "4", "5a", "7", "8a", "9a", "13"} <= filled
    table = Document(str(kit_1.folder / "CARE-checklist.docx")).tables[0]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:]}
    sections = set(headings(Document(str(kit_1.folder / "manuscript.docx")))) | {"Title page"}
    for number in filled - {"11"}:
        _, _, section, page = rows[number]
        # a section, or sections with what of each holds it: "Therapeutic intervention
        # (treatment lines)"
        assert all(place.split(" (")[0] in sections for place in section.split("; ")), \
            (number, section)
        assert page.startswith("p. "), (number, page)
    # the case has take-away lessons but no discussion: the manuscript's Discussion says "Not
    # reported." above them, so the checklist points at the lessons, saying so
    assert rows["11"][2] == ("Discussion › Take-away lessons (the discussion itself is not "
                             "reported)") and rows["11"][3].startswith("p. ")
    assert rows["7"][2:] == ["Timeline", "p. 2"]        # the timeline starts on page 2
    assert rows["13"][2] == "Informed consent"
    unfilled = set(rows) - filled
    assert all(rows[n][2].startswith(("Missing", "Not reported")) and not rows[n][3]
               for n in unfilled)
    pdf = (kit_1.folder / "CARE-checklist.pdf").read_bytes()
    import io

    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "CARE checklist" in text and "Informed consent" in text
