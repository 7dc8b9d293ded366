"""`make screenshots`: PNGs of the app for the README and reviews, made offscreen.

A temporary data folder gets the two reference cases and a few generated ones; reference case 1
is opened in the main window at 1440x900. Saved to docs/screenshots/: the main window, every
editor section, the problems panel, the timeline, the figures and references editors with two
figures and two references (tests.screenshots_report) and (once core.report renders PDFs) page 1
and the timeline page of the reference case 1 PDF. PNGs are stored with at most 256 colours, which
keeps them small without visible loss for a user interface.

    .venv/bin/python -m tests.screenshots [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QFontDatabase, QImage  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

import gui  # noqa: E402,F401 - its start-up set-up (gui.qt_fix) before the app
from tests.screenshots_report import report_screens  # noqa: E402 - issue 19's editors

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "docs" / "screenshots"
WINDOW_SIZE = (1440, 900)
GENERATED_CASES = 6
REFERENCE_CASE_1 = "SEED-C1-CAO2023"
PDF_DPI = 110
PREFERRED_ROW = {"csf_assessments": 2}  # the CNS3 relapse sample
# Issue 15: the window at the sizes people have, for the sections with the widest tables.
SIZES = ((1024, 768), (1440, 900), (1920, 1080))
SIZED_SECTIONS = {"CSF & CNS": "csf", "Labs": "labs", "Treatment": "treatment"}
TYPING_SLIPS = {"patient.weight_kg": 680.0,
                "treatment_lines[0].administrations[0].route": "IT"}


# -- images ------------------------------------------------------------------------------------
def save_png(image: QImage, path: Path) -> Path:
    """Store with a 256-colour palette (no dithering: flat UI colours stay flat)."""
    small = image.convertToFormat(QImage.Format.Format_Indexed8,
                                  Qt.ImageConversionFlag.ThresholdDither
                                  | Qt.ImageConversionFlag.AvoidDither)
    if not small.save(str(path), "PNG", 0):  # quality 0: the strongest compression
        raise OSError(f"could not write {path}")
    return path


def save_widget(widget: QWidget, path: Path) -> Path:
    settle()
    return save_png(widget.grab().toImage(), path)


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def ensure_fonts() -> None:
    """Offscreen Qt needs a font; fall back to the DejaVu fonts shipped for the PDF."""
    if QFontDatabase.families():
        return
    for font in sorted((ROOT / "resources" / "fonts").glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(font))


# -- data ----------------------------------------------------------------------------------
def fill_folder(folder: Path):
    from core.services import open_casebook
    from core.services.demo import reference_cases
    from core.settings import Settings, save_settings
    from core.synth import generate_cases

    save_settings(folder / "config" / "settings.json", Settings(automatic_backups=False))
    casebook = open_casebook(folder, user="screenshots")
    casebook.cases.import_cases(reference_cases(), source="screenshots")
    casebook.cases.import_cases(list(generate_cases(GENERATED_CASES, seed=3)),
                                source="screenshots")
    return casebook


def open_window(casebook):
    from gui.main_window import MainWindow
    from tests.gui.fakes import ScriptedPrompter

    window = MainWindow(casebook, prompter=ScriptedPrompter())
    window.resize(*WINDOW_SIZE)
    window.show()
    settle()
    if not window.session.open_case(REFERENCE_CASE_1):
        raise RuntimeError(f"could not open {REFERENCE_CASE_1}")
    window.editor.evaluate_now()
    settle()
    return window


# -- screens -------------------------------------------------------------------------------
def show(editor, section: str, side_panel=None) -> None:
    """Show a section with the first row of each table selected (its details filled in)."""
    editor.show_section(section)
    page = editor.section_page(section)
    for path, table in page.tables.items():
        if table.table_model.rowCount():
            row = min(PREFERRED_ROW.get(path, 0), table.table_model.rowCount() - 1)
            table.view.go_to(row, table.view.first_editable_column())
            table.update_details()
    editor.side_tabs.setCurrentWidget(side_panel or editor.problems_panel)
    settle()


def window_screens(window, out_dir: Path) -> list[Path]:
    editor = window.editor
    if not window.commands.show_list.isChecked():  # the list gave way to the case: F9 shows it
        window.commands.show_list.trigger()
    show(editor, "CSF & CNS")
    saved = [save_widget(window, out_dir / "main-window.png")]
    show(editor, "Timeline", editor.completeness_panel)
    saved.append(save_widget(window, out_dir / "timeline.png"))
    saved.append(problems_screen(window, out_dir))
    return saved


def problems_screen(window, out_dir: Path) -> Path:
    """Two typing slips (not saved): weight 680 kg, vincristine intrathecal."""
    editor = window.editor
    for path, value in TYPING_SLIPS.items():
        editor.ctx.set_field(path, value)
    editor.evaluate_now()
    show(editor, "Patient")
    saved = save_widget(window, out_dir / "problems.png")
    while editor.undo_stack.canUndo():
        editor.undo_stack.undo()
    editor.evaluate_now()
    return saved


def sized_screens(window, out_dir: Path) -> list[Path]:
    """The whole window at each of SIZES for the CSF, labs and treatment sections, e.g.
    ``size-1024x768-csf.png``: the panels give way as they do for a user (gui.panel_layout).
    The window is put back to WINDOW_SIZE afterwards."""
    saved = []
    for width, height in SIZES:
        window.resize(width, height)
        settle()
        for section, short in SIZED_SECTIONS.items():
            show(window.editor, section)
            saved.append(save_widget(window, out_dir / f"size-{width}x{height}-{short}.png"))
    window.resize(*WINDOW_SIZE)
    settle()
    return saved


def section_screens(window, out_dir: Path) -> list[Path]:
    """One PNG per editor section (the editor only), named as gui.editor.screens names them."""
    from gui.editor.screens import screen_file_name, section_names

    saved = []
    for index, name in enumerate(section_names()):
        show(window.editor, name)
        saved.append(save_widget(window.editor, out_dir / screen_file_name(index, name)))
    return saved


def pdf_screenshots(out_dir: Path) -> list[Path]:
    """Page 1 and the timeline page of the reference case 1 PDF, once core.report renders.

    Does nothing (returns []) while core.report is not ready."""
    try:
        from core.report import render_case_pdf
        from core.services.demo import reference_cases

        data = render_case_pdf(reference_cases()[0])
    except Exception as exc:  # noqa: BLE001 - the PDF part is optional here
        print(f"PDF screenshots skipped: core.report is not ready ({exc})", file=sys.stderr)
        return []
    return save_pdf_pages(data, out_dir)


def save_pdf_pages(data: bytes, out_dir: Path) -> list[Path]:
    from core.errors import CasebookError
    from gui.pdf_pages import PdfPages

    try:
        document = PdfPages(data)
    except CasebookError:
        document = PdfPages()
    if document.pageCount() == 0:
        print("PDF screenshots skipped: the PDF did not load", file=sys.stderr)
        return []
    pages = {"pdf-page1.png": 0, "pdf-timeline.png": timeline_page(document)}
    return [save_png(render_page(document, index), out_dir / name)
            for name, index in pages.items() if index is not None]


def timeline_page(document) -> int | None:
    """The first page after page 1 whose text has the timeline heading."""
    for index in range(1, document.pageCount()):
        if "timeline" in document.text(index).lower():
            return index
    return None


def render_page(document, index: int) -> QImage:
    size = document.pagePointSize(index) * PDF_DPI / 72
    return document.render(index, size.toSize())  # on white paper


# -- main ----------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else OUT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    ensure_fonts()
    with tempfile.TemporaryDirectory(prefix="casebook-shots-") as folder:
        casebook = fill_folder(Path(folder))
        window = open_window(casebook)
        try:
            saved = window_screens(window, out_dir)
            pictures = Path(folder) / "pictures"
            pictures.mkdir()
            saved += report_screens(window, out_dir, show, save_widget, save_png, pictures)
            saved += section_screens(window, out_dir)  # with the figures and references
            saved += sized_screens(window, out_dir)
            saved += pdf_screenshots(out_dir)
        finally:
            window.shutdown()
            settle()
            casebook.close()
    for path in saved:
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
              f"({path.stat().st_size // 1024} KB)")
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
