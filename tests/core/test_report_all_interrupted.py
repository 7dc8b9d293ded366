"""Ctrl+C during `casebook report --all`: one clear line on stderr, exit code 130, and no PDF
left anywhere (the temporary folder the batch fills is removed, its workers stopped first)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from core.cli import main
from core.cli import progress as cli_progress
from core.io.interchange import write_export
from core.synth import generate_cases

CASES = 8


def _stored(tmp_path, count: int) -> None:
    source = tmp_path / "cases.json"
    write_export(source, generate_cases(count, seed=5))
    assert main(["import", str(source)]) == 0


def _pdf_saves(data_home) -> int:
    from core.services import open_casebook

    cb = open_casebook(data_home)
    try:
        return sum(1 for c in cb.interchange.iter_cases()
                   for r in cb.audit.history(c.case_id) if r.action == "pdf-save")
    finally:
        cb.close()


def test_ctrl_c_after_some_pdfs_leaves_no_pdf_and_says_so_in_one_line(
        capsys, tmp_path, data_home, monkeypatch):
    _stored(tmp_path, CASES)
    real_show = cli_progress.ProgressBar.show

    def show(self, done, total):
        real_show(self, done, total)
        if done == 3:  # as Ctrl+C would, between two PDFs
            raise KeyboardInterrupt

    monkeypatch.setattr(cli_progress.ProgressBar, "show", show)
    capsys.readouterr()
    out = tmp_path / "pdfs"
    assert main(["report", "--all", "-o", str(out)]) == 130
    err = capsys.readouterr().err
    assert err.endswith(f"Interrupted: no PDF was saved (3 of {CASES} made, removed; "
                        f"{CASES - 3} not made); {out} was not made.\n")
    assert "Traceback" not in err
    assert not out.exists() and not list(tmp_path.glob(".pdfs.*"))  # nor a temporary one
    assert _pdf_saves(data_home) == 0  # no audit entry for PDFs never saved


def _as_from_a_terminal() -> None:
    """Ctrl+C acted on as in a terminal: a suite started in the background by a shell without
    job control (``( make test & )``) ignores SIGINT, and a child inherits that, so Python
    never installs its KeyboardInterrupt and the batch ran to its end."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_a_real_ctrl_c_stops_the_worker_processes_too(tmp_path, data_home):
    """SIGINT to the whole process group, as a terminal's Ctrl+C sends it."""
    _stored(tmp_path, 40)
    out = tmp_path / "pdfs"
    proc = subprocess.Popen([sys.executable, "-m", "core.cli", "report", "--all", "-o",
                             str(out)], stderr=subprocess.PIPE, start_new_session=True,
                            env=os.environ.copy(), cwd=Path(__file__).parents[2],
                            preexec_fn=_as_from_a_terminal)
    try:
        # Ctrl+C once the first PDF is reported: read from the progress bar as it is written
        # (woken by the pipe), not by polling the folder every 50 ms, which on a loaded
        # machine saw the first PDF only once the batch had made all 40. stderr is a pipe:
        # the bar writes a line per tenth (4 of 40), not a redraw per PDF
        assert proc.stderr is not None
        seen = b""
        while b"/40" not in seen:
            chunk = os.read(proc.stderr.fileno(), 256)
            assert chunk, seen  # the command ended before making a PDF
            seen += chunk
        os.killpg(proc.pid, signal.SIGINT)
        err = (seen + proc.communicate(timeout=60)[1]).decode()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    lines = [line for line in err.replace("\r", "\n").splitlines()
             if line and not line.startswith("[")]  # the progress bar's redraws
    assert len(lines) == 1 and lines[0].startswith("Interrupted: no PDF was saved ("), err
    assert lines[0].endswith(f"not made); {out} was not made.")
    assert not out.exists() and not list(tmp_path.glob(".pdfs.*"))
