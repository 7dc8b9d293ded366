"""The main window's actions, menus and toolbar. Slots are connected by the window."""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import QMainWindow, QStyle, QToolBar, QWidget

Key = QKeySequence.StandardKey
Pixmap = QStyle.StandardPixmap


@dataclass
class WindowActions:
    new: QAction
    open: QAction
    save: QAction
    print: QAction
    save_pdfs: QAction
    export_selected: QAction
    export_all: QAction
    export_results: QAction
    export_dataset: QAction
    import_json: QAction
    import_folder: QAction
    trash: QAction
    restore: QAction
    close_case: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    preferences: QAction
    mark_complete: QAction
    lock: QAction
    amend: QAction
    unlock: QAction
    about: QAction
    show_list: QAction
    back_up: QAction
    restore_backup: QAction
    export_key: QAction
    history: QAction
    submission_kit: QAction
    compare: QAction

    def all(self) -> list[QAction]:
        return [getattr(self, f.name) for f in fields(self)]


def _action(owner: QWidget, text: str, tip: str, keys: tuple[Key | str, ...] = (),
            icon: QIcon | None = None) -> QAction:
    action = QAction(text, owner)
    action.setStatusTip(tip)
    action.setToolTip(tip)
    shortcuts = [k if isinstance(k, QKeySequence) else QKeySequence(k) for k in keys]
    if shortcuts:
        action.setShortcuts(shortcuts)
    if icon is not None:
        action.setIcon(icon)
    return action


def faded_when_disabled(icon: QIcon, sizes: tuple[int, ...] = (16, 18, 24, 32)) -> QIcon:
    """``icon`` with a pale disabled form: the style's grey arrows (Undo, Redo) looked the
    same disabled as enabled, so Redo seemed usable with no case open."""
    faded = QIcon()
    for size in sizes:
        normal = icon.pixmap(size, size)
        pale = QPixmap(normal.size())
        pale.setDevicePixelRatio(normal.devicePixelRatio())
        pale.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pale)
        painter.setOpacity(0.3)
        painter.drawPixmap(0, 0, normal)
        painter.end()
        faded.addPixmap(normal, QIcon.Mode.Normal)
        faded.addPixmap(pale, QIcon.Mode.Disabled)
    return faded


def make_actions(window: QMainWindow) -> WindowActions:
    def icon(pixmap: Pixmap) -> QIcon:
        return window.style().standardIcon(pixmap)

    a = _action
    w = window
    return WindowActions(
        new=a(w, "&New case", "Start a new case", (Key.New,), icon(Pixmap.SP_FileIcon)),
        open=a(w, "&Open selected", "Open the case selected in the list (Enter)"),
        save=a(w, "&Save", "Save the open case", (Key.Save,), icon(Pixmap.SP_DialogSaveButton)),
        print=a(w, "&Print…", "Print or preview the open case as PDF", (Key.Print,),
                icon(Pixmap.SP_FileDialogDetailedView)),
        save_pdfs=a(w, "Save PDFs of se&lected cases…", "One PDF case summary per selected "
                    "case, in the PDF mode of Preferences, into a new folder (Escape cancels)"),
        export_selected=a(w, "&Export selected to JSON…", "Export the selected cases (none "
                          "selected: the open case)", icon=icon(Pixmap.SP_DialogSaveButton)),
        export_all=a(w, "Export &all to JSON…", "Export every case"),
        export_results=a(w, "Export search &results to CSV…",
                         "Export the cases the search finds to a CSV file (no identifiers)"),
        export_dataset=a(w, "Export &dataset…", "Export cases as a CSV dataset with a data "
                         "dictionary (or JSON), de-identified on request"),
        import_json=a(w, "&Import…", "Import cases from Casebook JSON files, or a CSV (.zip) or Excel dataset "
                      "export",
                      icon=icon(Pixmap.SP_DialogOpenButton)),
        import_folder=a(w, "Import a CSV &folder…", "Import cases from a CSV dataset exported "
                        "by Casebook as a folder"),
        trash=a(w, "Move to &trash", "Move the selected cases to the trash",
                icon=icon(Pixmap.SP_TrashIcon)),
        restore=a(w, "&Restore from trash", "Restore the selected cases from the trash"),
        close_case=a(w, "&Close case", "Close the open case", (Key.Close, "Ctrl+W")),
        quit=a(w, "&Quit", "Quit Casebook", (Key.Quit, "Ctrl+Q")),
        undo=a(w, "&Undo", "Undo the last change", (Key.Undo,),
               faded_when_disabled(icon(Pixmap.SP_ArrowBack))),
        redo=a(w, "&Redo", "Redo the change", (Key.Redo, "Ctrl+Shift+Z", "Ctrl+Y"),
               faded_when_disabled(icon(Pixmap.SP_ArrowForward))),
        find=a(w, "&Find…", "Search every case", (Key.Find,)),
        preferences=a(w, "Pre&ferences…", "User name, autosave, PDF mode, date format", (Key.Preferences, "Ctrl+,")),
        mark_complete=a(w, "Mark &complete", "Mark the case complete (checks the rules)",
                        icon=icon(Pixmap.SP_DialogApplyButton)),
        lock=a(w, "&Lock…", "Lock (sign) a complete case"),
        amend=a(w, "&Amend…", "Change a locked case: give a reason, edit, save (recorded as an "
                "amendment)", ("Ctrl+Shift+E",)),
        unlock=a(w, "&Unlock / reopen…", "Unlock a locked case (with a reason) or reopen a "
                 "complete one"),
        about=a(w, "&About Casebook", "Version and data folder", (Key.HelpContents,)),
        show_list=a(w, "Case &list", "Show or hide the case list (more room for the editor)",
                    ("F9",)),
        back_up=a(w, "&Back up now…", "Make a verified backup of the database now"),
        restore_backup=a(w, "Restore from bac&kup…", "Replace the database with a backup (the "
                         "current one is kept as a backup)"),
        export_key=a(w, "Export audit &key…", "Write the audit key to a file of your choice: "
                     "backups do not hold it, and restoring one elsewhere needs it"),
        history=a(w, "&History…", "Who changed what and when in the open case", ("Ctrl+Shift+H",)),
        submission_kit=a(w, "Submission &kit…", "Write the open case's manuscript (DOCX), filled "
                         "CARE checklist, figures (300-dpi TIFF) and PDF summary into a folder",
                         ("Ctrl+Shift+K",)),
        compare=a(w, "Co&mpare selected cases…", "Compare 2 to 6 selected cases in the list "
                  "side by side (diagnosis, CNS status, MRD, treatment, response, adverse "
                  "events, outcome)", ("Ctrl+Shift+M",)),
    )


def dedupe_shortcuts(actions: WindowActions) -> None:
    """Standard keys and explicit fallbacks may coincide; Qt treats duplicates as ambiguous."""
    for action in actions.all():
        seen: list[QKeySequence] = []
        for key in action.shortcuts():
            if not key.isEmpty() and key not in seen:
                seen.append(key)
        action.setShortcuts(seen)


def build_menus(window: QMainWindow, a: WindowActions) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    for item in (a.new, a.open, a.save, None, a.print, a.save_pdfs, None, a.import_json, a.import_folder,
                 a.export_selected, a.export_all, a.export_results, a.export_dataset, None, a.back_up, a.restore_backup, a.export_key, None, a.trash, a.restore, None,
                 a.close_case, a.quit):
        file_menu.addSeparator() if item is None else file_menu.addAction(item)
    edit_menu = bar.addMenu("&Edit")
    for item in (a.undo, a.redo, None, a.find, None, a.preferences):
        edit_menu.addSeparator() if item is None else edit_menu.addAction(item)
    case_menu = bar.addMenu("&Case")
    for item in (a.mark_complete, a.lock, a.amend, a.unlock, None, a.history, None,
                 a.submission_kit, None, a.compare):
        case_menu.addSeparator() if item is None else case_menu.addAction(item)
    a.show_list.setCheckable(True)
    a.show_list.setChecked(True)
    bar.addMenu("&View").addAction(a.show_list)
    bar.addMenu("&Help").addAction(a.about)


def build_toolbar(window: QMainWindow, a: WindowActions) -> QToolBar:
    bar = QToolBar("Main toolbar", window)
    bar.setObjectName("main_toolbar")
    bar.setMovable(False)
    bar.setIconSize(QSize(18, 18))
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    short = {a.new: "New", a.save: "Save", a.print: "Print", a.undo: "Undo", a.redo: "Redo",
             a.mark_complete: "Complete", a.import_json: "Import", a.export_selected: "Export"}
    for item in (a.new, a.save, a.print, None, a.undo, a.redo, None, a.mark_complete, None,
                 a.import_json, a.export_selected):
        if item is None:
            bar.addSeparator()
            continue
        item.setIconText(short[item])
        bar.addAction(item)
        button = bar.widgetForAction(item)
        button.setAccessibleName(item.text().replace("&", "").rstrip("…"))
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar
