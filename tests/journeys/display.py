"""A real X display for the journeys: what is missing for one (Xvfb, xdotool, the libraries of
Qt's xcb plugin) and an Xvfb server started on a free display number.

    python -m tests.journeys.display check [LDD_OUTPUT_FILE]   # exit 1 and list what is missing
    python -m tests.journeys.display packages                  # the apt-get packages for them

``.ci/run`` installs ``packages`` with apt-get when ``check`` fails. The library list is the one
README.md gives for running the app (derived from ``ldd`` of Qt's ``libqxcb.so``), plus xvfb and
xdotool (journey 6 drives a separate app process with it).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SCREEN_ENV, DPI_ENV = "CASEBOOK_JOURNEY_SCREEN", "CASEBOOK_JOURNEY_DPI"


def _screen() -> tuple[int, int]:
    width, _, height = os.environ.get(SCREEN_ENV, "1024x768").partition("x")
    return int(width), int(height)


SCREEN = _screen()  # the X screen in device pixels: 1024x768 unless CASEBOOK_JOURNEY_SCREEN
# Xft.dpi of the X screen (CASEBOOK_JOURNEY_DPI): 144 is what a desktop at 150 % scaling
# announces (KDE's global scale, GNOME's text scaling on X11); Qt's xcb platform reads it and
# scales by DPI / 96 (its device pixel ratio: 1.5). None: 96 dpi, no scaling.
DPI = int(os.environ[DPI_ENV]) if os.environ.get(DPI_ENV) else None
START_TIMEOUT_S = 20
TOOLS = {"Xvfb": "xvfb", "xdotool": "xdotool"}
RUNTIME_PACKAGES = (  # README.md's apt-get line
    "libegl1 libgl1 libfontconfig1 libglib2.0-0 libx11-xcb1 libxkbcommon-x11-0 libxcb-cursor0 "
    "libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 "
    "libxcb-shape0 libxcb-xfixes0 libxcb-xkb1").split()
NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def xcb_plugin() -> Path:
    import PySide6

    package = Path(next(iter(PySide6.__path__)))  # a namespace package: no __file__
    return package / "Qt" / "plugins" / "platforms" / "libqxcb.so"


def ldd_output(plugin: Path | None = None) -> str:
    plugin = plugin or xcb_plugin()
    if not plugin.exists():
        return f"{plugin} => not found\n"
    if shutil.which("ldd") is None:
        return ""
    done = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=False)
    return done.stdout + done.stderr


def missing_libraries(ldd_text: str) -> list[str]:
    """The shared libraries ``ldd`` could not find ("libxcb-icccm.so.4 => not found"), each once
    (ldd lists a library once for every library that needs it)."""
    return list(dict.fromkeys(NOT_FOUND.findall(ldd_text)))


def missing(ldd_text: str | None = None) -> list[str]:
    """Everything the journeys need and this machine lacks, one readable item each."""
    found = [f"{tool} (apt package {package})" for tool, package in TOOLS.items()
             if shutil.which(tool) is None]
    libraries = missing_libraries(ldd_output() if ldd_text is None else ldd_text)
    return found + [f"{name} (needed by Qt's xcb plugin)" for name in libraries]


def packages() -> list[str]:
    return [*TOOLS.values(), *RUNTIME_PACKAGES]


@dataclass
class Xvfb:
    process: subprocess.Popen
    display: str

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=START_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM when the process that started it ends. A QApplication
    lives until the interpreter exits, and Qt ends the process (exit 1) when its X server
    goes away, so the server must outlive it instead of stopping at the session's end."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGTERM)


def start_xvfb() -> Xvfb:
    """``Xvfb -displayfd``: the server picks a free display number and writes it to a pipe."""
    read_end, write_end = os.pipe()
    width, height = SCREEN
    process = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24",
         "-dpi", str(DPI or 96), "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        preexec_fn=_die_with_parent)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()  # EOF (empty) when the server failed to start
    if not number:
        process.wait(timeout=START_TIMEOUT_S)
        error = process.stderr.read().decode(errors="replace") if process.stderr else ""
        raise RuntimeError(f"Xvfb did not start (exit {process.returncode}): {error[-500:]}")
    if DPI:
        set_x_resources(f":{number}", f"Xft.dpi:\t{DPI}\n")
    return Xvfb(process, f":{number}")


def set_x_resources(display: str, text: str) -> None:
    """The root window's RESOURCE_MANAGER property, as ``xrdb`` sets it on a desktop (libX11
    through ctypes: no xrdb needed). Set before the QApplication connects, Qt reads it."""
    import ctypes
    import ctypes.util

    x11 = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
    x11.XOpenDisplay.restype, x11.XOpenDisplay.argtypes = ctypes.c_void_p, [ctypes.c_char_p]
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XChangeProperty.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong,
                                    ctypes.c_ulong, ctypes.c_int, ctypes.c_int,
                                    ctypes.c_char_p, ctypes.c_int]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    connection = x11.XOpenDisplay(display.encode())
    if not connection:
        raise RuntimeError(f"cannot open X display {display}")
    data = text.encode()
    string_type, replace = 31, 0  # XA_STRING, PropModeReplace
    x11.XChangeProperty(connection, x11.XDefaultRootWindow(connection),
                        x11.XInternAtom(connection, b"RESOURCE_MANAGER", 0), string_type, 8,
                        replace, data, len(data))
    x11.XCloseDisplay(connection)  # flushes the request


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "packages":
        print(" ".join(packages()))
        return 0
    if command == "check":
        ldd_text = Path(argv[1]).read_text() if len(argv) > 1 else None
        lacking = missing(ldd_text)
        for item in lacking:
            print(f"missing for the real-window journeys: {item}")
        return 1 if lacking else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
