"""QTimer.singleShot, for the functions of a test module, with an end: once the test is over
they no longer run (see tests/gui/test_timers.py for the poller that outlived its test)."""

from __future__ import annotations

import types
from typing import Any

from PySide6.QtCore import QTimer


class TestTimers:
    __test__ = False  # a helper, not a test class

    def __init__(self, monkeypatch: Any) -> None:
        self.alive = True
        single_shot = QTimer.singleShot

        def guarded(*args: Any, **kwargs: Any) -> Any:
            if len(args) == 2 and not kwargs and _of_a_test(args[1]):
                function = args[1]

                def run() -> None:
                    if self.alive:
                        function()

                return single_shot(args[0], run)
            return single_shot(*args, **kwargs)

        monkeypatch.setattr(QTimer, "singleShot", staticmethod(guarded))

    def end(self) -> None:
        self.alive = False


def _of_a_test(function: object) -> bool:
    """A plain function defined in a test module (a poller), not the app's own: the app's
    delayed calls keep their timing and behaviour in every test."""
    return isinstance(function, types.FunctionType) and \
        function.__module__.split(".")[0] == "tests"
