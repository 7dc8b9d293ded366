"""What the real-window journeys find missing on a machine (the list .ci/run installs)."""

from tests.journeys import display

LDD = """\
\tlinux-vdso.so.1 (0x00007ffd)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
"""


def test_each_missing_library_is_named_once():
    assert display.missing_libraries(LDD) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]


def test_missing_tools_and_libraries_are_listed(monkeypatch):
    monkeypatch.setattr(display.shutil, "which", lambda tool: None)
    assert display.missing(LDD) == [
        "Xvfb (apt package xvfb)", "xdotool (apt package xdotool)",
        "libxcb-icccm.so.4 (needed by Qt's xcb plugin)",
        "libxcb-keysyms.so.1 (needed by Qt's xcb plugin)"]


def test_nothing_missing_on_a_complete_machine(monkeypatch):
    monkeypatch.setattr(display.shutil, "which", lambda tool: f"/usr/bin/{tool}")
    assert display.missing(LDD.replace("=> not found", "=> /lib/x.so")) == []
