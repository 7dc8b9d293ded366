"""Help › About: the version, the data folder, the user, and the audit anchor to write down."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from core.services import Casebook
from core.services.values import sqlite_version
from gui.message_box import MessageBox


def show_about(parent: QWidget, casebook: Casebook) -> None:
    anchor = casebook.audit.anchor()
    MessageBox.about(parent, "About Casebook", (
        "<b>Casebook</b> 0.1.0<br>Structured clinical case records for hematology.<br><br>"
        f"Data folder: {casebook.paths.root}<br>User: {casebook.ctx.user}<br>"
        f"SQLite {sqlite_version()}<br><br>"
        + (f"Audit anchor: <b>{anchor}</b><br>Write it down: <tt>casebook audit verify "
           f"--anchor {anchor}</tt> shows later whether the audit trail was cut back or "
           "rewritten since." if anchor else "Audit anchor: none (no audit entries, or "
           "the audit trail does not verify)")))
