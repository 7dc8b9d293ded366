"""`make screenshots`, issue 19: the case-report editors of reference case 1, as the README's
"Writing the case report" shows them. Two figures are added (one not attested: rule V59 shows on
its card), two authors and two references (read from pasted citations), in the editor only (not
saved). Saved: figures-editor.png (1440x900), references-editor.png (1024x768),
paste-citation.png (the Paste citation dialog) and kit-hints.png (the Completeness tab's
'Submission kit' list)."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QApplication

CITATIONS = (
    "Cao Y, Li X, Wang Z, et al. Blinatumomab for CNS leukemia in adults. Front Oncol. "
    "2023;13:1234567. doi:10.3389/fonc.2023.1234567. PMID: 36000000.",
    "Topp MS, Gökbuget N, Stein AS, et al. Safety and activity of blinatumomab for adult "
    "patients with relapsed or refractory B-precursor acute lymphoblastic leukaemia: a "
    "multicentre, single-arm, phase 2 study. Lancet Oncol. 2015;16(1):57-66. "
    "doi:10.1016/S1470-2045(14)71170-2. PMID: 25524800.",
)
NEW_CITATION = (  # pasted in the dialog's picture: a reference not yet in the case
    "Stein AS, Larson RA, Schuh AC, et al. Exposure-adjusted adverse events comparing "
    "blinatumomab with chemotherapy in advanced acute lymphoblastic leukemia. Blood Adv. "
    "2018;2(13):1522-1531. doi:10.1182/bloodadvances.2017014191. PMID: 29959151.")
AUTHORS = (
    {"name": "Jane Q. Smith", "degrees": "MD",
     "affiliations": "Dept of Hematology, Example University Hospital, Utrecht, Netherlands",
     "orcid": "0000-0002-1825-0097", "email": "jane.smith@example.org", "corresponding": True},
    {"name": "Li Wei", "degrees": "MD, PhD"},
)
FIGURES = (  # file name, legend, shows (event), attested
    ("marrow-smear.png", "Bone-marrow aspirate at relapse (day 412): sheets of lymphoblasts, "
     "Wright-Giemsa, original magnification x1000.", None, True),
    ("brain-mri.jpg", "Brain MRI, axial T1 with contrast: leptomeningeal enhancement at CNS "
     "relapse.", "MRI at CNS relapse", False),
)


def smear(path: Path) -> Path:
    image = QImage(900, 600, QImage.Format.Format_RGB32)
    image.fill(QColor("#f8d7f0"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for i in range(60):  # red cells, then blasts
        painter.setBrush(QColor("#f4b6c2"))
        painter.drawEllipse(QPointF((i * 137) % 880 + 10, (i * 71) % 580 + 10), 14, 14)
    for i in range(22):
        painter.setBrush(QColor("#3b2a8c"))
        painter.drawEllipse(QPointF((i * 211) % 840 + 30, (i * 97) % 540 + 30), 24, 24)
    painter.end()
    image.save(str(path))
    return path


def mri(path: Path) -> Path:
    image = QImage(512, 512, QImage.Format.Format_RGB32)
    image.fill(QColor("black"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for colour, rect in (("#e0e0e0", (56, 40, 400, 440)), ("#5f5f5f", (76, 60, 360, 400)),
                         ("#8c8c8c", (180, 170, 160, 170)), ("#ffffff", (300, 120, 34, 28))):
        painter.setBrush(QColor(colour))
        painter.drawEllipse(QRectF(*rect))
    painter.end()
    image.save(str(path), "JPEG", 90)
    return path


def add_case_report_parts(editor, folder: Path) -> None:
    """The figures (stored in the data folder's file store), authors and references."""
    from core.publication import parse_citation
    from gui.editor.figure_files import new_row

    ctx = editor.ctx
    files = [smear(folder / FIGURES[0][0]), mri(folder / FIGURES[1][0])]
    rows = []
    pairs = zip(files, FIGURES, strict=True)
    for number, (path, (name, legend, event, attested)) in enumerate(pairs, 1):
        row = new_row(ctx.files.put_path(path), name, number)
        row.update(caption=legend, shows_event=event, no_full_face_attested=attested or None,
                   kind="smear_image" if number == 1 else "mri_image")
        rows.append(row)
    ctx.insert_rows("attachments", 0, rows, "Add figures")
    ctx.insert_rows("authors", 0, [dict(a) for a in AUTHORS], "Add authors")
    keys: list[str] = []
    references = []
    for text in CITATIONS:
        reference = parse_citation(text, keys)
        keys.append(str(reference.key))
        references.append(reference.model_dump(mode="json", exclude_none=True))
    ctx.insert_rows("references", 0, references, "Paste citations")
    editor.evaluate_now()


def wait_for_thumbnails(panel, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while (panel.thumbnails.busy() or panel.storer.running) and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.02)


def report_screens(window, out_dir: Path, show, save_widget, save_png, work: Path) -> list[Path]:
    """Adds the parts (``add_case_report_parts``) and saves the four pictures; the window is
    put back to its size."""
    from gui.editor.citation_dialog import CitationDialog

    editor = window.editor
    size = window.size()
    listed = window.commands.show_list.isChecked()
    if listed:  # F9: the list gives the editor its room (shown again at the end)
        window.commands.show_list.trigger()
    add_case_report_parts(editor, work)
    show(editor, "Figures")
    panel = editor.section_page("Figures").figures
    panel.focus_card(1)
    wait_for_thumbnails(panel)
    for card in panel.cards:
        panel._show_thumbnail(card)
    saved = [save_widget(window, out_dir / "figures-editor.png")]

    show(editor, "Authors & references", editor.completeness_panel)
    tree = editor.completeness_panel.tree
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        item.setExpanded(item.text(0).startswith("Submission kit"))
    saved.append(save_widget(window, out_dir / "kit-hints.png"))

    window.resize(1024, 768)
    show(editor, "Authors & references")
    saved.append(save_widget(window, out_dir / "references-editor.png"))
    QGuiApplication.clipboard().setText(NEW_CITATION)
    dialog = CitationDialog(editor.section_page("Authors & references").tables["references"],
                            window)
    dialog.show()
    saved.append(save_widget(dialog, out_dir / "paste-citation.png"))
    dialog.reject()
    dialog.deleteLater()
    window.resize(size)
    if listed:
        window.commands.show_list.trigger()
    return saved
