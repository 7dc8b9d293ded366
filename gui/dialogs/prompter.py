"""Every question the shell asks the user, behind one small interface (STYLE habit 10).

``QtPrompter`` asks with message boxes; tests use ``tests/gui/fakes.py: ScriptedPrompter``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

from core.errors import Blocker
from core.services.backup import BackupInfo
from core.services.draft_merge import DraftMerge, Pick
from core.services.drafts import Draft
from gui.dialogs.backup_list import BackupListDialog
from gui.dialogs.merge_recovery import MergeDialog
from gui.dialogs.rare_export import RareChoice
from gui.dialogs.recovery import RecoveryDialog, ask_discard, changes_text, fields_text
from gui.dialogs.restore_offer import ask_restore_offer
from gui.dialogs.status_dialogs import REFUSED_TITLE, ReasonDialog, ReasonsDialog
from gui.message_box import MessageBox

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from core.report import Hit

# The folder a file was last chosen in (this session): where the next file dialog opens;
# and the data folder, never remembered (see keep_dialogs_out_of).
_LAST_FOLDER: dict[str, Path] = {}


def start_in(name: str = "") -> str:
    """Where a file dialog opens (with ``name`` suggested): the folder last chosen in this
    session, at first the home folder; never the process's working folder (under `make run`,
    the source tree, where one click of Save put an identified PDF)."""
    folder = _LAST_FOLDER.get("folder")
    if folder is None or not folder.is_dir():
        folder = Path.home()
    return str(folder / name) if name else str(folder)


def keep_dialogs_out_of(data_folder: Path) -> None:
    """A file chosen inside the data folder (a backup in its backups/) is not where the next
    dialog opens: every save dialog but Back up now's refuses to write there, so the next
    Export or Save as PDF would have opened on a folder it then refuses."""
    _LAST_FOLDER["data"] = data_folder.resolve()


def remember_folder(path: Path) -> None:
    folder = path if path.is_dir() else path.parent
    data = _LAST_FOLDER.get("data")
    resolved = folder.resolve()
    if data is not None and (resolved == data or data in resolved.parents):
        return
    _LAST_FOLDER["folder"] = folder


UnsavedChoice = Literal["save", "discard", "cancel"]
ImportChoice = Literal["replace", "as_new", "cancel"]
DraftChoice = Literal["recover", "discard", "cancel"]
JSON_FILTER = "Casebook JSON (*.json);;All files (*)"


class Prompter(Protocol):
    def confirm_unsaved(self, title: str, detail: str = "") -> UnsavedChoice:
        """Save / Discard / Cancel; ``detail`` (typed text Save cannot store) replaces the
        usual "If you don't save, your changes will be lost."."""
        ...
    def confirm(self, title: str, message: str) -> bool: ...
    def ask_reason(self, title: str, prompt: str,
                   check: Callable[[str], str | None] | None = None) -> str | None:
        """A reason, or None (cancelled); ``check(reason)``: a problem that keeps the dialog
        open, said under the field."""
        ...
    def ask_signer(self, title: str, question: str, suggested: str, account: str,
                   check: Callable[[str], str | None] | None = None) -> str | None:
        """Lock: the signer's full name (``suggested``: the last one used), or None
        (cancelled); an empty name, or one ``check`` finds a problem in, keeps it open."""
        ...
    def ask_text(self, title: str, prompt: str, suggested: str = "") -> str | None: ...
    def info(self, message: str) -> None: ...
    def error(self, message: str) -> None: ...
    def show_reasons(self, message: str, reasons: Sequence[str | Blocker],
                     title: str = REFUSED_TITLE) -> str | None:
        """Why a status change (or an amendment, ``title``) was refused; the field path the
        user chose to go to, or None."""
        ...
    def confirm_save_and_complete(self, title: str) -> bool:
        """The case has unsaved changes: save them and mark it complete (True), or cancel."""
        ...
    def choose_open_files(self, title: str, name_filter: str = JSON_FILTER) -> list[Path]: ...
    def choose_save_file(self, title: str, suggested: str,
                         name_filter: str = JSON_FILTER) -> Path | None:
        """A file name, or None (cancelled); nothing asked about an existing file (see
        ``gui.save_target.choose_save_target``, which every save goes through)."""
        ...
    def choose_folder(self, title: str, start: str = "") -> Path | None:
        """An existing folder (a CSV dataset to import, where a batch of PDFs goes), or None
        (cancelled); the dialog opens on ``start`` if given."""
        ...
    def choose_import_mode(self, existing: int, named: Sequence[str] = (),
                           cannot_replace: str = "") -> ImportChoice:
        """``existing`` cases in the files are here already (``named``: one line each, the
        first few): Replace, Import as new, or Cancel (the default: nothing imported).
        ``cannot_replace``: why Replace is not offered (a de-identified dataset)."""
        ...
    def offer_recovery(self, drafts: Sequence[Draft]) -> list[str] | None:
        """Keys of the drafts to recover; the others are discarded. None: decide later."""
        ...
    def offer_draft(self, title: str, saved_at: str, changes: Sequence[str] | None = None,
                    note: str | None = None) -> DraftChoice:
        """Opening a case whose unsaved changes were kept after a crash ("Decide later"):
        recover them, discard them, or cancel (the case is not opened, the draft is kept).
        ``changes``: the fields they change, in words (listed, the first few); ``note``: said
        under them (the case changed after the autosave: gui.dialogs.recovery.saved_since)."""
        ...
    def resolve_merge(self, title: str, merge: DraftMerge) -> dict[str, Pick]:
        """A recovered edit of a case saved again since, merged into it (what merges, what
        was kept, each conflict with both values): the picks, conflict key -> keep mine /
        keep stored; a conflict not picked stays as ``merge.merged`` holds it."""
        ...
    def choose_backup(self, backups: Sequence[BackupInfo]) -> BackupInfo | Path | None:
        """A backup from the list, another backup file, or None (cancelled)."""
        ...
    def offer_restore(self, problem: str, backup: BackupInfo) -> bool:
        """The database cannot be opened (``problem``): restore ``backup``? False: quit."""
        ...
    def choose_printer(self, pages: int) -> QPrinter | None:
        """A printer set up by the user (print dialog) for a document of ``pages`` pages."""
        ...
    def confirm_identifier_hits(self, hits: Sequence[Hit]) -> bool:
        """Identifiers found in the texts: mask them in a de-identified PDF (True) or cancel."""
        ...
    def choose_rare_export(self, title: str, message: str) -> RareChoice:
        """A de-identified dataset export meets rare combinations (rule V60): leave their
        subdivision out (the default), export them as they are, or stop."""
        ...


class QtPrompter:
    """The real thing: modal message boxes and file dialogs over ``parent``."""

    def __init__(self, parent: QWidget | None = None):
        self.parent = parent

    def confirm_unsaved(self, title: str, detail: str = "") -> UnsavedChoice:
        box = MessageBox(MessageBox.Icon.Question, "Unsaved changes",
                         f"Save the changes to “{title}”?", parent=self.parent)
        box.setInformativeText(detail or "If you don't save, your changes will be lost.")
        buttons = MessageBox.StandardButton
        box.setStandardButtons(buttons.Save | buttons.Discard | buttons.Cancel)
        # Qt's own texts have no mnemonics here: Alt+S / Alt+I / Alt+C answer from the
        # keyboard; Discard is not Alt+D, the editor's key for Discussion (muscle memory
        # would throw the changes away)
        for button, text in ((buttons.Save, "&Save"), (buttons.Discard, "D&iscard"),
                             (buttons.Cancel, "&Cancel")):
            box.button(button).setText(text)
        box.setDefaultButton(buttons.Save)
        box.setEscapeButton(buttons.Cancel)
        answer = box.exec()
        choices: dict[MessageBox.StandardButton, UnsavedChoice] = {
            buttons.Save: "save", buttons.Discard: "discard"}
        return choices.get(buttons(answer), "cancel")

    def confirm(self, title: str, message: str) -> bool:
        """Yes or No; No is the default button, so Enter does nothing that cannot be undone
        (export identifiers, lock, replace a folder, restore a backup)."""
        buttons = MessageBox.StandardButton
        answer = MessageBox.question(self.parent, title, message, buttons.Yes | buttons.No,
                                     buttons.No)
        return answer == buttons.Yes

    def ask_reason(self, title: str, prompt: str,
                   check: Callable[[str], str | None] | None = None) -> str | None:
        return ReasonDialog(title, prompt, self.parent, check).ask()

    def ask_signer(self, title: str, question: str, suggested: str, account: str,
                   check: Callable[[str], str | None] | None = None) -> str | None:
        from gui.dialogs.sign_dialog import SignDialog

        return SignDialog(title, question, suggested, account, self.parent, check).ask()

    def ask_text(self, title: str, prompt: str, suggested: str = "") -> str | None:
        text, ok = QInputDialog.getText(self.parent, title, prompt, QLineEdit.EchoMode.Normal,
                                        suggested)
        return (text.strip() or None) if ok else None

    def info(self, message: str) -> None:
        MessageBox.information(self.parent, "Casebook", message)

    def error(self, message: str) -> None:
        MessageBox.warning(self.parent, "Casebook", message)

    def show_reasons(self, message: str, reasons: Sequence[str | Blocker],
                     title: str = REFUSED_TITLE) -> str | None:
        return ReasonsDialog(message, reasons, self.parent, title).ask()

    def confirm_save_and_complete(self, title: str) -> bool:
        box = MessageBox(MessageBox.Icon.Question, "Mark complete",
                         f"“{title}” has unsaved changes.", parent=self.parent)
        box.setInformativeText("Save them and mark the case complete?")
        save = box.addButton("&Save and mark complete", MessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(MessageBox.StandardButton.Cancel)
        cancel.setText("&Cancel")
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is save

    def choose_open_files(self, title: str, name_filter: str = JSON_FILTER) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(self.parent, title, start_in(), name_filter)
        if names:
            remember_folder(Path(names[0]))
        return [Path(n) for n in names]

    def choose_save_file(self, title: str, suggested: str,
                         name_filter: str = JSON_FILTER) -> Path | None:
        # no replace question here: the path is checked first (save_target.choose_save_target
        # refuses the data folder, then asks about an existing file itself)
        name, _ = QFileDialog.getSaveFileName(
            self.parent, title, start_in(suggested), name_filter,
            options=QFileDialog.Option.DontConfirmOverwrite)
        if name:
            remember_folder(Path(name))
        return Path(name) if name else None

    def choose_folder(self, title: str, start: str = "") -> Path | None:
        """A folder; the dialog opens on ``start`` (an output's: gui.output_folder), else
        where the last file of any kind was chosen."""
        name = QFileDialog.getExistingDirectory(self.parent, title, start or start_in())
        if name:
            remember_folder(Path(name))
        return Path(name) if name else None

    def choose_import_mode(self, existing: int, named: Sequence[str] = (),
                           cannot_replace: str = "") -> ImportChoice:
        which = "This case in the files is" if existing == 1 \
            else f"These {existing} cases in the files are"
        box = MessageBox(MessageBox.Icon.Question, "Import",
                         "\n".join([f"{which} here already (same id):", *named]),
                         parent=self.parent)
        box.setInformativeText("\n".join([
            cannot_replace or "Replace: the stored case becomes the imported one; what it was "
            "is kept in the audit trail.",
            "Import as new: the imported copy gets a new id; the stored case stays as it is "
            "(the other cases in the files keep their ids).",
            "Cancel: nothing is imported."]))
        # a de-identified dataset is refused over stored cases: no button that would fail
        replace = None if cannot_replace else \
            box.addButton("&Replace", MessageBox.ButtonRole.AcceptRole)
        as_new = box.addButton("Import as &new", MessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(MessageBox.StandardButton.Cancel)
        cancel.setText("&Cancel")
        box.setDefaultButton(cancel)  # Enter must not overwrite stored cases
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        if clicked is None:  # closed without an answer: nothing imported
            return "cancel"
        return "replace" if clicked is replace else "as_new" if clicked is as_new else "cancel"

    def offer_draft(self, title: str, saved_at: str, changes: Sequence[str] | None = None,
                    note: str | None = None) -> DraftChoice:
        box = MessageBox(MessageBox.Icon.Question, "Recover unsaved changes",
                         f"“{title}” has unsaved changes kept after Casebook was not closed "
                         f"properly (autosaved at {saved_at}).", parent=self.parent)
        listed = f"{changes_text(changes)}\n\n" if changes is not None else ""
        listed += f"{note}\n\n" if note else ""
        box.setInformativeText(f"{listed}Recover them into the case, or discard them?")
        recover = box.addButton("&Recover", MessageBox.ButtonRole.AcceptRole)
        # not Alt+D, the editor's key for Discussion; and it asks first, as Discard all at
        # the start-up offer does (gui.dialogs.recovery.confirm_discard)
        discard = box.addButton("D&iscard…", MessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(MessageBox.StandardButton.Cancel)
        cancel.setText("&Cancel")
        box.setDefaultButton(recover)
        box.setEscapeButton(cancel)  # Esc opens nothing and keeps the changes for later
        counted = fields_text(changes)
        lost = f"the unsaved changes to “{title}”" + (f" ({counted})" if counted else "")
        while True:  # Keep them at the second question: back to this one
            box.exec()
            clicked = box.clickedButton()
            if clicked is not discard:
                return "recover" if clicked is recover else "cancel"
            if ask_discard(self.parent or box, lost, "to go back to the question."):
                return "discard"

    def offer_recovery(self, drafts: Sequence[Draft]) -> list[str] | None:
        dialog = RecoveryDialog(drafts, self.parent)
        return dialog.ask()

    def resolve_merge(self, title: str, merge: DraftMerge) -> dict[str, Pick]:
        return MergeDialog(title, merge, self.parent).ask()

    def choose_backup(self, backups: Sequence[BackupInfo]) -> BackupInfo | Path | None:
        return BackupListDialog(backups, self.parent).ask()

    def offer_restore(self, problem: str, backup: BackupInfo) -> bool:
        return ask_restore_offer(self.parent, problem, backup)

    def choose_printer(self, pages: int) -> QPrinter | None:
        from gui.dialogs.print_setup import ask_printer

        return ask_printer(self.parent, pages)

    def confirm_identifier_hits(self, hits: Sequence[Hit]) -> bool:
        from gui.dialogs.identifier_hits import IdentifierHitsDialog

        return IdentifierHitsDialog(hits, self.parent).ask()

    def choose_rare_export(self, title: str, message: str) -> RareChoice:
        from gui.dialogs.rare_export import ask_rare_export

        return ask_rare_export(self.parent, title, message)
