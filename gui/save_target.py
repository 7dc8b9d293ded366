"""The file or folder to write, checked like every output (``core.io.outputs``).

``choose_save_target``: a file chosen in a save dialog. The dialog asks nothing itself (the
prompter's dialog does not confirm overwriting): the path is checked first, and a refused one
(inside the data folder, the database, a folder...) gets its message and the dialog again at
the same folder, never a "Replace?" question; an allowed existing file gets that question once
(No: the dialog again, as the native dialog's own No does).
``checked_save_target``: a path checked again just before writing (an existing file is
accepted, ``force``: the user said Yes to replacing it).
``checked_typed_target``: a path typed into a dialog's box (Export dataset, Submission kit),
which no save dialog asked about: an existing file, or a folder holding files, is replaced only
when the user says Yes to a "Replace?" question naming it and what it holds (as the command
line's ``--force`` replaces it: everything in it is deleted). Both refuse a path inside the
data folder, a device, a pipe, a folder where a file is expected (and the other way round)
with a message box naming the path.
A typed relative path is taken relative to the folder the dialog's Browse… opens on (the
folder last chosen, at first the home folder), never the process's working folder (the
program folder when started from there).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from core.io.outputs import Kind, OutputError, check_output_path
from core.report.options import Hit, masked_words
from gui.dialogs.prompter import Prompter, start_in

SHOWN_NAMES = 5  # of the files a folder to replace holds, named in the question


def checked_save_target(prompter: Prompter, path: Path, data_dir: Path, *, kind: Kind = "file",
                        allow_inside: Path | None = None) -> Path | None:
    """The path to write, or None after telling the user why it is refused."""
    try:
        return check_output_path(path, data_dir, force=True, kind=kind,
                                 allow_inside=allow_inside)
    except OutputError as exc:
        prompter.error(str(exc))
        return None


def choose_save_target(prompter: Prompter, title: str, suggested: str, data_dir: Path,
                       name_filter: str | None = None, *, allow_inside: Path | None = None,
                       adjust: Callable[[Path], Path] = lambda path: path) -> Path | None:
    """The file to write, chosen in a save dialog and checked, or None (cancelled).

    ``adjust``: the chosen path as it will be written (Back up now adds .zip), so the check
    and the question are about the file actually written."""
    while True:
        chosen = (prompter.choose_save_file(title, suggested) if name_filter is None
                  else prompter.choose_save_file(title, suggested, name_filter))
        if chosen is None:
            return None
        path = adjust(chosen)
        # the dialog opens again on the folder the user was in, the name kept
        suggested = str(path) if path.parent.is_dir() else path.name
        try:
            target = check_output_path(path, data_dir, force=True, allow_inside=allow_inside)
        except OutputError as exc:
            prompter.error(str(exc))
            continue
        if not os.path.lexists(target) or prompter.confirm(
                "Replace the file?", f"{path.name} already exists in {path.parent}. "
                "Do you want to replace it?"):
            return target


def typed_path(path: Path, base: Path | None = None) -> Path:
    """``path`` as typed, made absolute: a relative one is inside ``base`` (by default the
    folder the file dialogs open on), not the process's working folder."""
    path = path.expanduser()
    return path if path.is_absolute() else Path(base or start_in()).expanduser() / path


def checked_typed_target(prompter: Prompter, path: Path, data_dir: Path, *, kind: Kind,
                         what: str, ours: Callable[[str], bool] = lambda _name: False,
                         base: Path | None = None) -> tuple[Path, bool] | None:
    """The absolute path to write and whether it replaces something there (the user said
    Yes), or None: refused (a message box said why) or the user said No (nothing is touched).

    ``what``: what is written, for the question ("the export", "the kit"); ``ours(name)``:
    the name is one this kind of output writes, so a folder holding only such files is a
    previous one; the others are named in the question as files the user's own. ``base``:
    the folder a relative path is in (``typed_path``)."""
    path = typed_path(path, base)
    target = checked_save_target(prompter, path, data_dir, kind=kind)
    if target is None:
        return None
    if kind == "file":
        if not os.path.lexists(target):
            return target, False
        title = "Replace the file?"
        question = (f"{path} already exists. Replace it with {what}? The file there now is "
                    "deleted.")
    else:
        names = _entries(target)
        if not names:
            return target, False
        title = "Replace the folder?"
        question = _folder_question(path, names, what, ours)
    if not prompter.confirm(title, question):
        return None
    return target, True


def _entries(folder: Path) -> list[str]:
    try:
        return sorted(os.listdir(folder)) if folder.is_dir() else []
    except OSError:
        return []


def _folder_question(path: Path, names: Sequence[str], what: str,
                     ours: Callable[[str], bool]) -> str:
    others = [n for n in names if not ours(n)]
    if not others:
        return (f"The folder {path} holds a previous {what.removeprefix('the ')} "
                f"({len(names)} file(s)). Replace it with {what}? What it holds now is "
                "deleted.")
    shown = ", ".join(others[:SHOWN_NAMES])
    more = f" and {len(others) - SHOWN_NAMES} more" if len(others) > SHOWN_NAMES else ""
    return (f"The folder {path} holds files that {what} does not write: {shown}{more}.\n\n"
            f"Replace the folder with {what}? Everything in it is deleted, those files too. "
            "To keep them, answer No and give a new folder.")


def written_text(path: Path) -> str:
    """A written file or folder as a confirmation names it: its name and its folder."""
    return f"{path.name} in {path.parent}"


def saved_pdf_text(path: Path, kind: str, masked: Sequence[Hit] = ()) -> str:
    """How a saved PDF of one case is reported, in the status bar (a dialog is only for an
    error): the file and its folder. ``kind``: 'identified' or 'de-identified'."""
    extra = f" ({masked_words(masked, start=False)})" if masked else ""
    return f"Saved the {kind} PDF {written_text(path)}{extra}."
