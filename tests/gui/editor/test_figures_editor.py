"""Issue 19, the Figures section: figures added from the file dialog, by a drop and by a paste,
their legend typed and their attestation given by keys, saved (the row with its file's hash in
the database, the file in the data folder's store), removed (and undone), replaced, moved and
renumbered; a refused file gives a message naming it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from tests.gui.conftest import audit_rows, open_from_list, press

C1 = "SEED-C1-CAO2023"


def picture(path: Path, colour: str, size: tuple[int, int] = (320, 200)) -> Path:
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    painter = QPainter(image)
    painter.fillRect(20, 20, 80, 60, QColor("white"))
    painter.end()
    assert image.save(str(path))
    return path


def dicom(path: Path) -> Path:
    path.write_bytes(b"\0" * 128 + b"DICM" + b"\x02\x00\x00\x00UL\x04\x00" + b"\0" * 64)
    return path


@pytest.fixture
def figures(qtbot, stored_references, window):
    """The Figures section of reference case 1, open in the window."""
    open_from_list(qtbot, window, C1)
    qtbot.waitUntil(lambda: window.session.case_id() == C1)
    window.editor.show_section("Figures")
    panel = window.editor.section_page("Figures").figures
    assert panel is not None
    return panel


def wait_cards(qtbot, panel, count: int) -> None:
    qtbot.waitUntil(lambda: len(panel.cards) == count and not panel.storer.running)


def key(qtbot, widget, combo: str) -> None:
    from PySide6.QtGui import QKeySequence

    seq = QKeySequence(combo)[0]
    qtbot.keyClick(widget, seq.key(), seq.keyboardModifiers())


def test_add_paste_type_attest_save(qtbot, tmp_path, stored_references, window, figures, casebook, monkeypatch):
    first = picture(tmp_path / "smear.png", "#7b1fa2")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(first)], "")))
    figures.cards and pytest.fail("reference case 1 has no figures")
    window.editor.focus_path("attachments")  # the page, with no card yet: the panel
    key(qtbot, window.focusWidget(), "Ctrl+Shift+N")  # Add figure… (the file dialog)
    wait_cards(qtbot, figures, 1)
    QGuiApplication.clipboard().setImage(QImage(str(picture(tmp_path / "mri.png", "#263238"))))
    key(qtbot, figures.cards[0].buttons["remove"], "Ctrl+V")  # not in a text field: an image
    wait_cards(qtbot, figures, 2)
    assert [c.record()["figure_number"] for c in figures.cards] == [1, 2]
    assert figures.cards[1].record()["file_name"] == "pasted image"

    card = figures.cards[0]
    window.editor.focus_path("attachments[0].caption")
    legend = window.focusWidget()
    assert legend is card.form.bindings["caption"].editor
    qtbot.keyClicks(legend, "Bone-marrow smear at relapse")
    qtbot.keyClick(legend, Qt.Key.Key_Return)
    qtbot.keyClicks(legend, "Wright-Giemsa, x1000")
    qtbot.keyClick(legend, Qt.Key.Key_Tab)
    card.attested.setFocus()
    qtbot.keyClick(card.attested, Qt.Key.Key_Space)
    assert card.attested.isChecked()
    qtbot.waitUntil(lambda: figures.thumbnails.images.keys() >= {
        c.record()["file_sha256"] for c in figures.cards})
    assert card.thumb.pixmap() is not None and not card.thumb.pixmap().isNull()

    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.editor.is_dirty())
    stored = casebook.cases.open_case(C1).attachments
    assert len(stored) == 2
    assert stored[0].caption == "Bone-marrow smear at relapse\nWright-Giemsa, x1000"
    assert stored[0].no_full_face_attested is True and stored[1].no_full_face_attested is None
    assert stored[0].file_name == "smear.png" and stored[0].media_type == "image/png"
    assert (stored[0].width_px, stored[0].height_px) == (320, 200)
    for figure in stored:
        assert figure.metadata_stripped is True
        assert casebook.ctx.files.exists(figure.file_sha256)
    audited = {r["path"]: r["new"] for r in audit_rows(casebook, C1)}
    assert stored[0].file_sha256 in audited["attachments[0].file_sha256"]  # the save's audit
    assert "Wright-Giemsa" in audited["attachments[0].caption"]


def test_remove_undo_replace_move_renumber(qtbot, tmp_path, stored_references, window, figures, casebook):
    paths = [picture(tmp_path / f"fig{i}.png", colour) for i, colour in
             enumerate(("#b71c1c", "#1b5e20", "#0d47a1"))]
    figures.add_paths(paths)
    wait_cards(qtbot, figures, 3)
    shas = [c.record()["file_sha256"] for c in figures.cards]
    assert len(set(shas)) == 3

    figures.cards[1].attested.setFocus()
    key(qtbot, figures.cards[1].attested, "Ctrl+Delete")  # Remove (the card with the cursor)
    wait_cards(qtbot, figures, 2)
    assert [c.record()["file_sha256"] for c in figures.cards] == [shas[0], shas[2]]
    assert "Figure 2 removed" in figures.status.text()
    window.editor.undo_stack.undo()
    wait_cards(qtbot, figures, 3)
    assert [c.record()["file_sha256"] for c in figures.cards] == shas

    figures.cards[0].attested.setChecked(True)
    figures.replace_path(0, picture(tmp_path / "better.jpg", "#ff6f00"))
    qtbot.waitUntil(lambda: figures.cards[0].record()["file_sha256"] not in shas)
    replaced = figures.cards[0].record()
    assert replaced["media_type"] == "image/jpeg" and replaced["file_name"] == "better.jpg"
    assert replaced["no_full_face_attested"] is None  # a new image is attested anew
    assert not figures.cards[0].attested.isChecked()
    assert "better.jpg: replaced" in figures.status.text()

    figures.cards[0].attested.setFocus()
    key(qtbot, figures.cards[0].attested, "Ctrl+Shift+Down")  # Move down
    assert [c.record()["file_sha256"] for c in figures.cards][1] == replaced["file_sha256"]
    assert [c.record()["figure_number"] for c in figures.cards] == [2, 1, 3]
    key(qtbot, window.focusWidget(), "Ctrl+Shift+G")  # Number in order
    assert [c.record()["figure_number"] for c in figures.cards] == [1, 2, 3]
    figures.cards[2].attested.setFocus()
    key(qtbot, figures.cards[2].attested, "Ctrl+Delete")
    wait_cards(qtbot, figures, 2)

    press(qtbot, window, "Ctrl+S")
    qtbot.waitUntil(lambda: not window.editor.is_dirty())
    stored = casebook.cases.open_case(C1).attachments
    assert [a.file_sha256 for a in stored] == [shas[1], replaced["file_sha256"]]
    assert [a.figure_number for a in stored] == [1, 2]
    assert casebook.ctx.files.exists(replaced["file_sha256"])


def test_refused_files_name_the_file(qtbot, tmp_path, figures):
    good = picture(tmp_path / "chart.png", "#004d40")
    bad = dicom(tmp_path / "head-mri.dcm")
    notes = tmp_path / "notes.txt"
    notes.write_text("not an image")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (bad, good, notes)])
    figures.dropEvent(_drop(figures, mime))
    wait_cards(qtbot, figures, 1)
    text = figures.status.text()
    assert "head-mri.dcm is a DICOM file" in text and "notes.txt is not a" in text
    assert "chart.png: added" in text and figures.status.isVisible()
    assert figures.cards[0].record()["file_name"] == "chart.png"

    QGuiApplication.clipboard().setText("just text")
    figures.paste()
    assert "clipboard holds no image" in figures.status.text()
    assert len(figures.cards) == 1


def _drop(target, mime):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDropEvent

    return QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)


def test_a_pdf_shows_its_first_page(qtbot, tmp_path, figures):
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "flow.pdf"
    page = canvas.Canvas(str(pdf), pagesize=(300, 200))
    page.setFillColorRGB(0.1, 0.3, 0.8)
    page.rect(0, 0, 300, 200, fill=1)
    page.save()
    figures.add_paths([pdf])
    wait_cards(qtbot, figures, 1)
    row = figures.cards[0].record()
    assert row["media_type"] == "application/pdf" and row["kind"] == "document"
    qtbot.waitUntil(lambda: row["file_sha256"] in figures.thumbnails.images)
    image = figures.thumbnails.images[row["file_sha256"]]
    assert image.width() == 180 and QColor(image.pixel(90, 60)).blue() > 150
    QApplication.processEvents()


def test_two_figures_at_1024x768_named_and_in_tab_order(qtbot, tmp_path, stored_references,
                                                        window, figures):
    from tests.gui.editor.test_accessibility import expected_name, tab_stops, visible_text

    window.resize(1024, 768)
    figures.add_paths([picture(tmp_path / "a.png", "#3949ab"), picture(tmp_path / "b.png", "#00897b")])
    wait_cards(qtbot, figures, 2)
    QApplication.processEvents()
    page = window.editor.section_page("Figures")
    assert not page.horizontalScrollBar().isVisible()  # the cards fit the form's width
    for card in figures.cards:
        assert card.buttons["remove"].geometry().right() <= card.width()
        # a file dropped on a legend goes to the panel (a figure), not into the text
        assert not any(w.acceptDrops() for w in card.findChildren(QWidget))
    assert figures.acceptDrops()
    labels = {id(label.buddy()): visible_text(label.text())
              for label in page.findChildren(type(figures.hint)) if label.buddy() is not None}
    stops = tab_stops(window.editor, page)
    for widget in stops:
        wanted = expected_name(widget, labels)
        assert widget.accessibleName() and wanted in (None, widget.accessibleName()), widget
    cards = [next(i for i, c in enumerate(figures.cards) if c.isAncestorOf(w))
             for w in stops if any(c.isAncestorOf(w) for c in figures.cards)]
    assert cards == sorted(cards) and set(cards) == {0, 1}  # card 1 after card 0
    assert stops[0] is figures.buttons["add"]
    assert figures.cards[0].buttons["up"] not in stops  # the first cannot move up


def test_files_are_stored_off_the_ui_thread(qtbot, tmp_path, figures, casebook, monkeypatch):
    import threading

    store_class = type(casebook.ctx.files)
    threads = []
    put_path = store_class.put_path

    def recording(self, path, owner=None):
        threads.append(threading.current_thread())
        return put_path(self, path, owner)

    monkeypatch.setattr(store_class, "put_path", recording)
    big = picture(tmp_path / "big.tiff", "#5d4037", (2400, 1800))
    figures.add_paths([big])
    assert figures.status.text() == "Storing big.tiff…"  # shown while the worker stores it
    wait_cards(qtbot, figures, 1)
    assert threads and threads[0] is not threading.main_thread()
    row = figures.cards[0].record()
    assert row["media_type"] == "image/tiff" and (row["width_px"], row["height_px"]) == (2400, 1800)
