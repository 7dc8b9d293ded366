"""The submission kit's manuscript.docx prints the record tables' cells as the PDF summary does.
Found by a stranger run in a real window: the manuscript's drug tables gave blinatumomab's dose
as a bare "9" and "28" (no µg/day), the MRD as "0.0032 fraction" (the PDF: 0.32%) and an
undetectable MRD as an empty cell, a BCR::ABL1 result as "62.5" (no % IS), the splenomegaly as
"4" (no "cm below costal margin"), a lab's unit as UCUM's "10*9/L" and the IT days not at all."""

from __future__ import annotations

import io

import docx
from PySide6.QtCore import QPoint, Qt

from tests.gui.conftest import open_from_list

LEFT = Qt.MouseButton.LeftButton
CASE_1 = "SEED-C1-CAO2023"


def table_rows(document, caption_start: str) -> list[list[str]]:
    """The rows (header first) of the table whose caption starts so ("Table N. <caption>")."""
    captions = [p.text for p in document.paragraphs if p.text.startswith("Table ")]
    index = next(i for i, c in enumerate(captions) if c.split(". ", 1)[1].startswith(caption_start))
    return [[c.text for c in row.cells] for row in document.tables[index].rows]


def test_the_manuscript_tables_print_doses_mrd_and_results_with_their_units(
        qtbot, casebook, stored_references, make_window, prompter, tmp_path, monkeypatch):
    monkeypatch.setattr("gui.kit_export.kit_base_folder", lambda _casebook: tmp_path)
    window = make_window()
    open_from_list(qtbot, window, CASE_1)
    assert window.session.case_id() == CASE_1
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.kits.dialog
    assert dialog is not None and dialog.isVisible()
    target = tmp_path / "kit"
    qtbot.keyClicks(dialog.path_edit, str(target))
    qtbot.mouseClick(dialog.deidentified, LEFT, pos=QPoint(6, dialog.deidentified.height() // 2))
    assert dialog.deidentified.isChecked()
    window.kits.opener = lambda path: None
    with qtbot.waitSignal(window.kits.done, timeout=30000):
        qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)
    window.kits.done_box.close()
    assert not prompter.calls("error")
    document = docx.Document(io.BytesIO((target / "manuscript.docx").read_bytes()))

    drugs = table_rows(document, "Line 3: blinatumomab")
    assert drugs[0] == ["Drug", "Role", "Dose", "Route", "Schedule", "Cycle", "Days"]
    blinatumomab = [r for r in drugs[1:] if r[0].startswith("blinatumomab")]
    assert [r[2] for r in blinatumomab] == ["9 µg/day", "28 µg/day"]  # was "9", "28"
    assert [r[6] for r in blinatumomab] == ["d200 to d206", "d207 to d227"]
    methotrexate = next(r for r in drugs[1:] if r[0].startswith("methotrexate"))
    assert methotrexate[2] == "10 mg"
    assert methotrexate[4] == "once on each of days 201, 204, 208, 211, 218 and 225"
    assert methotrexate[6] == "d201, d204, d208, d211, d218, d225"  # its days, not d201 to d225
    line_1 = table_rows(document, "Line 1: VDCP")
    daunorubicin = next(r for r in line_1[1:] if r[0].startswith("daunorubicin"))
    assert daunorubicin[2] == "40 mg/m²\n= 72 mg (BSA 1.80 m²)"  # with the derived dose

    mrd = table_rows(document, "Measurable residual disease")
    assert [r[3] for r in mrd[1:]] == ["0.32% (3.2 × 10⁻³)", "undetectable (LoD 10⁻⁴)"]
    molecular = table_rows(document, "Molecular genetics")
    assert molecular[1][4] == "62.5 % IS; detected; no MMR"
    findings = table_rows(document, "Clinical findings on examination")
    assert findings[1][2:4] == ["splenomegaly", "4 cm below costal margin"]
    labs = table_rows(document, "Key laboratory results")
    assert labs[1][1] == "WBC" and labs[1][4] == "×10⁹/L"  # not UCUM's 10*9/L
    # the CSF's derived CNS status is a column of the manuscript's CSF table, as in the PDF
    # summary (5838b3c: a hematologist found the CNS status nowhere in the manuscript)
    csf = table_rows(document, "Cerebrospinal fluid")
    assert csf[0][0] == "When" and any(h.startswith("CNS status") for h in csf[0])
