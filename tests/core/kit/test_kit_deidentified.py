"""casebook kit: the de-identified kit of the PDF tests' probe case holds no identifier and no
un-attested figure; the identified kit is audited; the output folder is checked."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from core.cli import main
from tests.conftest import REFERENCE_CASEBOOK
from tests.core.kit.conftest import LEGENDS, add_figures, paper_case
from tests.core.report.test_report_deidentified import FORBIDDEN as REPORT_FORBIDDEN
from tests.core.report.test_report_deidentified import MRN, NAME, NARRATIVE

CASE_1 = "SEED-C1-CAO2023"
# the probe of tests/core/report/test_report_deidentified.py, and the figures' file names
FORBIDDEN = [*REPORT_FORBIDDEN, "figure-1.png", "figure-2.png"]


def run(capsys, *args: str) -> tuple[int, str]:
    code = main([*args])
    return code, capsys.readouterr().err


@pytest.fixture
def probe(capsys, data_home):
    """Reference case 1 stored with the probe's identifiers, references, an attested (red) and
    an un-attested (green) figure."""
    from core.model import Case
    from core.services import open_casebook

    assert run(capsys, "import", str(REFERENCE_CASEBOOK))[0] == 0
    cb = open_casebook(data_home, user="dr.kit")
    try:
        doc = paper_case(cb.cases.open_case(CASE_1)).to_json_dict()
        doc["patient"].update(name=NAME, record_number=MRN, birth_date="1961-07-23")
        doc["case_report"].update(day0="2023-04-18", discussion=NARRATIVE,
                                  take_away="Seen again on 2 June 2023 by Quistorp's family.")
        doc["clinical_findings"][0]["day"] = "2023-04-18"
        doc["clinical_findings"][2]["day"] = "2023-06-02"
        doc["timeline"] = [{"day": "2023-05", "event_type": "other",
                            "label": "Outpatient review"}]
        doc["bm_assessments"][1]["note"] = "Aspirate of 2023-05-18, reported by phone"
        case = Case.model_validate(doc)
        add_figures(cb, case, [("red", LEGENDS[0] + " Ms Quistorp, 2023-04-18.", True),
                               ("lime", LEGENDS[1], False)])
    finally:
        cb.close()


def texts_of(folder: Path) -> dict[str, str]:
    """Every file's text: DOCX XML parts, PDF text and raw bytes, TIFF bytes."""
    out = {}
    for path in folder.iterdir():
        data = path.read_bytes()
        if path.suffix == ".docx":
            with zipfile.ZipFile(path) as z:  # widths in twips left out: w:w="1961" is no year
                out[path.name] = " ".join(re.sub(r'w:w="\d+"', "", z.read(n).decode(
                    "utf-8", "replace")) for n in z.namelist())
        elif path.suffix == ".pdf":
            text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
            out[path.name] = " ".join(text.split()) + data.decode("latin-1")
        else:
            out[path.name] = data.decode("latin-1")
    return out


def test_deidentified_kit_holds_no_identifier_and_no_unattested_figure(capsys, probe, tmp_path,
                                                                       data_home):
    from core.services import open_casebook

    target = tmp_path / "kit"
    code, err = run(capsys, "kit", CASE_1, "-o", str(target), "--deidentified")
    assert code == 0, err
    names = {p.name for p in target.iterdir()}
    # Figure 1 (attested), Figure 2 = the timeline chart; the green figure is left out
    assert names == {"manuscript.docx", "CARE-checklist.docx", "CARE-checklist.pdf",
                     "case-summary.pdf", "Figure1.tiff", "Figure2.tiff"}
    assert "Left out: Figure 2: left out of the de-identified kit, because nobody attested" in err
    for name in ("Figure1.tiff", "Figure2.tiff"):
        with Image.open(target / name) as image:
            colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
            assert not any(c == (0, 255, 0) for _, c in colours), name
    for name, text in texts_of(target).items():
        for forbidden in FORBIDDEN:
            assert forbidden not in text, (name, forbidden)
    manuscript = texts_of(target)["manuscript.docx"]
    assert "[name removed]" in manuscript and "d0" in manuscript
    assert "lymphoblasts [2]" in manuscript
    cb = open_casebook(data_home)
    try:  # de-identified: nothing written into the data folder's audit trail
        assert not [r for r in cb.audit.history(CASE_1) if r.action == "pdf-save"]
    finally:
        cb.close()


def test_deidentified_kit_leaves_out_the_authors_and_their_institutions(capsys, probe,
                                                                        tmp_path):
    """As the de-identified PDF summary and dataset: the authors' names, affiliations, e-mail
    and ORCID iDs say where the patient was treated, so the de-identified manuscript has none."""
    target = tmp_path / "kit"
    code, err = run(capsys, "kit", CASE_1, "-o", str(target), "--deidentified")
    assert code == 0, err
    texts = texts_of(target)
    for name, text in texts.items():
        for forbidden in ("Ana Ruiz", "Tom Berg", "City Hospital", "Madrid", "Oslo",
                          "ana.ruiz@example.org", "0000-0002-1825-0097"):
            assert forbidden not in text, (name, forbidden)
    assert "left out of the de-identified kit (they say where" in texts["manuscript.docx"]
    code, err = run(capsys, "kit", CASE_1, "-o", str(tmp_path / "named"))
    assert code == 0, err
    assert "City Hospital" in texts_of(tmp_path / "named")["manuscript.docx"]


def test_identified_kit_is_audited_and_shows_progress(capsys, probe, tmp_path, data_home):
    from core.services import open_casebook

    target = tmp_path / "kit"
    code, err = run(capsys, "kit", CASE_1, "-o", str(target))
    assert code == 0, err
    assert "Figure3.tiff" in err and f"Wrote 7 file(s) to {target}" in err
    assert re.search(r"^\[#+\.*\] \d+/\d+$", err, re.M)  # the progress bar (a line per tenth)
    assert NAME in texts_of(target)["case-summary.pdf"]
    cb = open_casebook(data_home)
    try:
        entries = [r for r in cb.audit.history(CASE_1) if r.action == "pdf-save"]
        assert len(entries) == 1 and "submission kit" in (entries[0].reason or
                                                          str(entries[0]))
    finally:
        cb.close()


def test_kit_refuses_the_data_folder_and_a_full_folder(capsys, probe, tmp_path, data_home):
    code, err = run(capsys, "kit", CASE_1, "-o", str(data_home / "kit"))
    assert code == 2 and "inside the data folder" in err
    assert not (data_home / "kit").exists()
    full = tmp_path / "full"
    full.mkdir()
    (full / "mine.txt").write_text("keep")
    code, err = run(capsys, "kit", CASE_1, "-o", str(full), "--deidentified")
    assert code == 2 and "already exists and is not empty" in err
    assert [p.name for p in full.iterdir()] == ["mine.txt"]
    code, err = run(capsys, "kit", "NO-SUCH-CASE", "-o", str(tmp_path / "k"), "--deidentified")
    assert code != 0 and "NO-SUCH-CASE" in err and "Traceback" not in err
