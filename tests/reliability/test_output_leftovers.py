"""A PDF batch killed half way leaves its hidden folder in the user's output folder; the next
start removes it once it is stale (stranger test: kill -9 during File › Save PDFs of selected
cases… left `Documents/.case summaries 2026-12-07.6lqig9oh.casebook-part` with nine identified
PDFs in it, a patient's name and record number among them, hidden and never removed: only the
data folder's leftovers were swept). A write still going on there, and anything not named as
Casebook's own temporary files, is left alone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from core.io.output_leftovers import STALE_AFTER_S
from core.services import open_casebook
from core.settings import save_settings

ROOT = Path(__file__).resolve().parents[2]
WRITER = """
import sys, time
from pathlib import Path
from core.io.outputs import atomic_folder
with atomic_folder(Path(sys.argv[1]), force=False) as work:
    (work / "SYN-2023-197.pdf").write_bytes(b"%PDF-1.7 identified: Li Mei, HRN-0042")
    print("written", flush=True)
    time.sleep(60)  # killed here, as the app was mid-batch
"""


def kill_a_writer_in(folder: Path) -> Path:
    """A process filling ``folder/case summaries`` through core.io.outputs, killed with -9:
    the hidden temporary folder it leaves."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(folder / "case summaries")],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "written"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    [left] = [p for p in folder.iterdir() if p.name.endswith(".casebook-part")]
    assert left.name.startswith(".case summaries.") and (left / "SYN-2023-197.pdf").exists()
    return left


def age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    for item in [path, *path.rglob("*")]:
        os.utime(item, (then, then))


def test_the_next_start_removes_a_killed_batch_folder(data_home, tmp_path):
    documents = tmp_path / "Documents"
    documents.mkdir()
    casebook = open_casebook(data_home)
    casebook.settings.output_folder = str(documents)  # where the batch went, as remembered
    save_settings(casebook.paths.settings_file, casebook.settings)
    casebook.close()

    stale = kill_a_writer_in(documents)
    age(stale, STALE_AFTER_S + 60)  # the next day's start
    fresh = documents / ".r1.pdf.abc123.casebook-part"  # a write going on right now
    fresh.write_bytes(b"%PDF-")
    own = [documents / ".notes", documents / "report.casebook-part", documents / "r1.pdf"]
    for path in own:
        path.write_text("the user's")
        age(path, STALE_AFTER_S + 60)

    casebook = open_casebook(data_home)  # the app's start (and any writing command's)
    casebook.close()
    assert not stale.exists()
    assert fresh.exists() and all(path.exists() for path in own)
    log = casebook.paths.log_file.read_text(encoding="utf-8")
    assert f"removed {stale}, left by an interrupted write" in log


def test_a_reader_removes_nothing(data_home, tmp_path):
    documents = tmp_path / "Documents"
    documents.mkdir()
    casebook = open_casebook(data_home)
    casebook.settings.output_folder = str(documents)
    save_settings(casebook.paths.settings_file, casebook.settings)
    casebook.close()
    stale = kill_a_writer_in(documents)
    age(stale, STALE_AFTER_S + 60)

    open_casebook(data_home, read_only=True).close()  # `casebook list`, `show`, ...
    assert stale.exists()
