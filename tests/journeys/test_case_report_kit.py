"""Journey 7 (issue 19): from the case record to the submission kit. A data folder filled the
README's way (`casebook demo`), reference case 1 opened; in Figures a picture added through
Add figure…'s file dialog, its legend typed, its attestation ticked; in Authors & references a
citation pasted (Paste citation…) and cited as [@cao2023] in the Discussion; Ctrl+S; Case ›
Submission kit… (Ctrl+Shift+K) written to a folder. Meanwhile `casebook list` and `casebook show`
read the same folder from another process. At the end: the kit's files, the legend and "[1]"
in manuscript.docx, the figure and the reference in the database, no ERROR in casebook.log."""

from __future__ import annotations

import threading
from pathlib import Path

from docx import Document
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox

from core.paths import data_paths
from gui.editor.citation_dialog import CitationDialog
from tests.gui.helpers.processes import run_cli
from tests.journeys.conftest import audit_rows, stored_case
from tests.journeys.steps import answer_next, go_to_section, open_from_list, press

CASE_1 = "SEED-C1-CAO2023"
LEFT = Qt.MouseButton.LeftButton
LEGEND = "Bone-marrow aspirate at relapse: sheets of lymphoblasts, Wright-Giemsa x1000."
CITATION = ("Cao Y, Li X, Wang Z, et al. Blinatumomab for CNS leukemia in adults. Front Oncol. "
            "2023;13:1234567. doi:10.3389/fonc.2023.1234567. PMID: 36000000.")
DISCUSSION = "CNS relapse under blinatumomab has been reported before [@cao2023]."
KIT_FILES = {"manuscript.docx", "CARE-checklist.docx", "CARE-checklist.pdf",
             "case-summary.pdf", "Figure1.tiff", "Figure2.tiff"}
WAIT_MS = 60_000  # the kit renders a PDF and TIFFs on a machine shared with other work


def picture(path: Path) -> Path:
    image = QImage(640, 420, QImage.Format.Format_RGB32)
    image.fill(QColor("#f8bbd0"))
    painter = QPainter(image)
    for i in range(12):
        painter.setBrush(QColor("#4a148c"))
        painter.drawEllipse(30 + 48 * i, 60 + (i * 37) % 280, 36, 36)
    painter.end()
    assert image.save(str(path))
    return path


def choose_file(qtbot, path: Path):
    """The open dialog: the file's path typed into "File name" (once the dialog has listed its
    folder, which may reset the field), then Return. Any failure rejects the dialog."""

    def act(dialog) -> None:
        assert isinstance(dialog, QFileDialog), dialog
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None, "the open dialog has no file name field"
        qtbot.wait(300)
        name.setFocus()
        qtbot.keyClick(name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(name, str(path))
        qtbot.waitUntil(lambda: name.text() == str(path), timeout=5_000)
        qtbot.keyClick(name, Qt.Key.Key_Return)

    return act


class Reader:
    """Another process reading the data folder (`casebook list`, `casebook show CASE`) over and
    over until stopped, while the app writes into it."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.runs: list[tuple[str, int, str, str]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self.stop.is_set():
            for args in (("list",), ("show", CASE_1)):
                done = run_cli(self.data_dir, *args)
                self.runs.append((args[0], done.returncode, done.stdout, done.stderr))
                if self.stop.is_set():
                    return

    def __enter__(self) -> Reader:
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop.set()
        self.thread.join(timeout=90)


def test_figure_reference_citation_then_submission_kit(journey, qtbot, tmp_path):
    done = run_cli(journey.data_dir, "demo", "--cases", "3")  # the README's first step
    assert done.returncode == 0, done.stderr
    image = picture(tmp_path / "marrow-smear.png")
    kit = tmp_path / "papers" / "cao-kit"
    kit.parent.mkdir()
    seen: dict = {}

    def steps(window):
        open_from_list(qtbot, window, CASE_1)
        qtbot.waitUntil(lambda: window.session.case_id() == CASE_1)

        # Figures: Add figure… -> the file dialog -> a card; the legend typed; attested
        panel = go_to_section(qtbot, window, "Figures").figures
        answer = answer_next(choose_file(qtbot, image))
        qtbot.mouseClick(panel.buttons["add"], LEFT)
        assert "Add figure" in answer.done(qtbot)
        qtbot.waitUntil(lambda: len(panel.cards) == 1 and not panel.storer.running,
                        timeout=WAIT_MS)
        card = panel.cards[0]
        legend = card.form.bindings["caption"].editor
        qtbot.mouseClick(legend.viewport(), LEFT)
        qtbot.keyClicks(legend, LEGEND)
        box = card.attested
        qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))
        assert box.isChecked()
        qtbot.waitUntil(lambda: bool(panel.thumbnails.images), timeout=WAIT_MS)
        seen["status"] = panel.status.text()
        journey.screenshot("figure")

        # Authors & references: Paste citation… with the citation on the clipboard
        refs = go_to_section(qtbot, window, "Authors & references").tables["references"]
        QGuiApplication.clipboard().setText(CITATION)
        view = refs.view
        qtbot.mouseClick(view.viewport(), LEFT, pos=QPoint(5, view.viewport().height() - 5))
        qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CitationDialog))
        dialog = QApplication.activeModalWidget()
        seen["read"] = dialog.preview.text()
        journey.screenshot("paste-citation")
        qtbot.mouseClick(dialog.ok_button, LEFT)
        qtbot.waitUntil(lambda: not dialog.isVisible())
        assert refs.table_model.rowCount() == 1

        # the Discussion cites it; Ctrl+S
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        page = go_to_section(qtbot, window, "Title & keywords")
        discussion = page.forms["case_report"].bindings["discussion"].editor
        qtbot.mouseClick(discussion.viewport(), LEFT)
        qtbot.keyClicks(discussion, DISCUSSION)
        press(qtbot, window, "Ctrl+S")
        qtbot.waitUntil(lambda: not window.session.is_dirty(), timeout=WAIT_MS)

        # Case › Submission kit… (Ctrl+Shift+K): a folder typed, Write kit
        press(qtbot, window, "Ctrl+Shift+K")
        qtbot.waitUntil(lambda: window.kits.dialog is not None and window.kits.dialog.isVisible())
        kit_dialog = window.kits.dialog
        qtbot.keyClicks(kit_dialog.path_edit, str(kit))
        journey.screenshot("kit-dialog")
        with qtbot.waitSignal(window.kits.done, timeout=WAIT_MS) as written:
            qtbot.mouseClick(kit_dialog.write_button, LEFT)
        seen["done"] = written.args[0]
        box = window.kits.done_box
        assert isinstance(box, QMessageBox) and box.isVisible()
        seen["details"] = box.informativeText()
        journey.screenshot("kit-written")
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Ok)
                         or box.buttons()[-1], LEFT)
        qtbot.waitUntil(lambda: window.kits.done_box is None)
        seen["dialogs"] = [w.windowTitle() for w in QApplication.topLevelWidgets()
                           if isinstance(w, QMessageBox) and w.isVisible()]
        press(qtbot, window, "Ctrl+Q")
        qtbot.waitUntil(lambda: not window.isVisible())

    with Reader(journey.data_dir) as reader:
        assert journey.start(steps) == 0

    # what the other process read meanwhile: every run answered, the case shown
    assert len(reader.runs) >= 4, reader.runs  # it read while the app wrote
    for name, code, _out, err in reader.runs:
        assert code == 0 and "Traceback" not in err, (name, code, err)
    assert any(name == "show" and "Blinatumomab for CNS leukemia" in out
               for name, _c, out, _e in reader.runs)

    assert "marrow-smear.png: added." in seen["status"], seen["status"]
    assert "cao2023" in seen["read"] and "Front Oncol" in seen["read"]
    assert seen["done"] == f"Wrote {len(KIT_FILES)} file(s) to {kit}.", seen["done"]
    assert seen["dialogs"] == []
    assert "(Authors & references › Statements › Funding)." in seen["details"], seen["details"]
    assert "statements.funding" not in seen["details"]
    assert {p.name for p in kit.iterdir()} == KIT_FILES  # Figure2: the timeline chart
    document = Document(str(kit / "manuscript.docx"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert LEGEND in text, "the figure's legend"
    assert "reported before [1]" in text, "the citation numbered"
    assert "Front Oncol" in text, "the reference list"

    case = stored_case(journey.data_dir, CASE_1)
    [figure] = case.attachments
    assert (figure.caption, figure.no_full_face_attested, figure.file_name) == (
        LEGEND, True, "marrow-smear.png")
    assert (data_paths(journey.data_dir).files / figure.file_sha256[:2]
            / figure.file_sha256).is_file()
    assert [r.key for r in case.references] == ["cao2023"]
    assert case.case_report.discussion == DISCUSSION
    actions = [r["action"] for r in audit_rows(journey.data_dir, CASE_1)]
    assert "pdf-save" in actions, actions  # the identified kit is audited
    log = data_paths(journey.data_dir).log_file.read_text(encoding="utf-8")
    assert " ERROR " not in log and "Traceback" not in log
