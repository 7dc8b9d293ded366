"""The file chosen in a save dialog, checked like every output (``core.io.outputs``).

The native dialog has asked about replacing an existing file already, so an existing file is
accepted (``force``); a path inside the data folder, a device, a pipe or a folder is refused
with a message box naming the path.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from core.io.outputs import Kind, OutputError, check_output_path
from core.report.options import Hit, masked_words
from gui.dialogs.prompter import Prompter


def checked_save_target(prompter: Prompter, path: Path, data_dir: Path, *, kind: Kind = "file",
                        allow_inside: Path | None = None) -> Path | None:
    """The path to write, or None after telling the user why it is refused."""
    try:
        return check_output_path(path, data_dir, force=True, kind=kind,
                                 allow_inside=allow_inside)
    except OutputError as exc:
        prompter.error(str(exc))
        return None


def saved_pdf_text(path: Path, kind: str, masked: Sequence[Hit] = ()) -> str:
    """How a saved PDF of one case is reported, in the status bar (a dialog is only for an
    error): the file and its folder. ``kind``: 'identified' or 'de-identified'."""
    extra = f" ({masked_words(masked, start=False)})" if masked else ""
    return f"Saved the {kind} PDF {path.name} in {path.parent}{extra}."
