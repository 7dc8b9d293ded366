"""Where the dialogs of an output (Save as PDF…, Submission kit…) open: the folder last chosen
for an output, kept in the settings file so the next session opens there too; before the
first, Documents (else the home folder). Never inside the data folder, where every output is
refused. The kit's dialog opened on the home folder, although the user had just saved the PDF
in Documents."""

from __future__ import annotations

import logging
from pathlib import Path

from core.services import Casebook
from core.settings import save_settings

log = logging.getLogger(__name__)


def output_folder(casebook: Casebook) -> Path:
    """The folder an output's dialog opens on."""
    data = casebook.paths.root.resolve()
    home = Path.home()
    for name in (casebook.settings.output_folder, str(home / "Documents")):
        folder = Path(name).expanduser() if name else None
        if folder is not None and folder.is_dir() and not _inside(folder, data):
            return folder
    return home


def remember_output(casebook: Casebook, chosen: Path) -> None:
    """``chosen`` (a folder, or a file's folder) is where the next output's dialog opens; a
    settings file that cannot be written loses it for the next session only. Called once the
    output is written there: a folder whose write failed (a full disk, no permission) is not
    where the next dialog should open."""
    folder = chosen if chosen.is_dir() else chosen.parent
    settings = casebook.settings
    if _inside(folder, casebook.paths.root.resolve()) or settings.output_folder == str(folder):
        return
    settings.output_folder = str(folder)
    try:
        save_settings(casebook.paths.settings_file, settings)
    except OSError:
        log.warning("the output folder could not be kept for the next session", exc_info=True)


def _inside(folder: Path, data: Path) -> bool:
    resolved = folder.resolve()
    return resolved == data or data in resolved.parents
