"""Child process for the crash test: the real main window on a data folder, a new case with a
typed title, the autosave awaited; prints "typed <case id>" and waits to be killed.

    python -m tests.gui.helpers.type_then_wait DATA_DIR TITLE
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from core.lock import DataFolderLock
from core.paths import data_paths
from core.services import open_casebook
from gui.main_window import MainWindow
from tests.gui.conftest import title_field
from tests.gui.fakes import ScriptedPrompter


def main(data_dir: str, title: str) -> int:
    app = QApplication([])
    paths = data_paths(data_dir).ensure()
    DataFolderLock(paths, "Casebook").acquire()  # released by the kernel when killed
    casebook = open_casebook(paths.root)
    window = MainWindow(casebook, ScriptedPrompter())
    window.show()
    window.activateWindow()
    window.session.new_case()
    QTest.keyClicks(title_field(window), title)

    def report_when_autosaved() -> None:
        drafts = casebook.drafts.list_drafts()
        if drafts and drafts[0].case.case_report.title == title:
            print(f"typed {window.session.case_id()}", flush=True)
            poll.stop()

    poll = QTimer(interval=100)
    poll.timeout.connect(report_when_autosaved)
    poll.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
