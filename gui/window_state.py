"""Window geometry and splitter state between runs: an INI file in the data folder's config/,
never the user's real QSettings."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

from core.paths import DataPaths


def gui_settings(paths: DataPaths) -> QSettings:
    return QSettings(str(paths.root / "config" / "gui.ini"), QSettings.Format.IniFormat)


def restore_window(store: QSettings, window: QMainWindow, splitter: QSplitter,
                   header: QHeaderView) -> bool:
    """Restore what was saved; False on a first run (the caller picks a default size)."""
    geometry = store.value("window/geometry")
    if geometry is None:
        return False
    window.restoreGeometry(geometry)
    for key, target in (("window/state", window), ("window/splitter", splitter),
                        ("window/list_header", header)):
        value = store.value(key)
        if value is not None:
            target.restoreState(value)
    return True


def save_window(store: QSettings, window: QMainWindow, splitter_state: QByteArray,
                header: QHeaderView, list_visible: bool) -> None:
    """``splitter_state`` as it was while the list was shown (hidden, its width would be 0)."""
    store.setValue("window/geometry", window.saveGeometry())
    store.setValue("window/state", window.saveState())
    store.setValue("window/splitter", splitter_state)
    store.setValue("window/list_header", header.saveState())
    store.setValue("window/list_visible", list_visible)
    store.sync()


def list_visible(store: QSettings) -> bool:
    return bool(store.value("window/list_visible", True, type=bool))
