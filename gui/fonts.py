"""The fonts the window needs whatever the workstation has installed.

A workstation without a Chinese, Japanese or Korean font drew CJK titles, patient names and
narratives as empty boxes (the case list, the editor, the search snippets), while the PDF drew
them with the font Casebook bundles for it. That font is then added to the application's own
fonts, and Qt falls back to it for those characters; a system CJK font is left to serve first.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFontDatabase

from core.logs import get_logger
from resources import resource_path

CJK_FONT = ("fonts", "DroidSansFallback.ttf")  # the report's CJK font (core.report.fonts)
log = get_logger("gui")


@cache
def ensure_cjk_font() -> bool:
    """Once per process (after the QApplication exists): True when a CJK font can draw those
    characters, the system's or the bundled one (about 1 ms to add)."""
    if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return True
    if QFontDatabase.addApplicationFont(str(resource_path(*CJK_FONT))) < 0:
        log.warning("the bundled CJK font %s could not be loaded: Chinese, Japanese and "
                    "Korean text may show as boxes", "/".join(CJK_FONT))
        return False
    return True
