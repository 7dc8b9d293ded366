"""A full disk for real, in a subprocess (test_output_paths): the output folder is a 256 KB
tmpfs mounted in a private mount namespace (``unshare -m``) and filled up, or, as a fallback,
the process may not write files larger than 40 KB (RLIMIT_FSIZE, with SIGXFSZ ignored).
Each command writes ``--force`` onto an old target; the driver reports what became of it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CANNOT_MOUNT = 77
FSIZE_LIMIT = 40_000  # above the WAL index (32 KB) the database needs, below every output

DRIVER = r"""
import contextlib, errno, io, json, os, resource, signal, subprocess, sys
from pathlib import Path

how, data, folder, commands = sys.argv[1], sys.argv[2], Path(sys.argv[3]), json.loads(sys.argv[4])
cannot_mount, limit = int(sys.argv[5]), int(sys.argv[6])
if how == "tmpfs":
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode:
        sys.exit(cannot_mount)

import core.report.batch
core.report.batch._worker_count = lambda workers, options: 1
from core.cli import main

ARGS = {"report": ["report", "SEED-C1-CAO2023"], "report --all": ["report", "--all"],
        "export": ["export"], "audit export": ["audit", "export"], "schema": ["schema"]}
SUFFIX = {"report": ".pdf", "export": ".json", "audit export": ".csv", "schema": ".json"}
targets = {}
for n, command in enumerate(commands):
    (folder / f"c{n}").mkdir()
    target = targets[command] = folder / f"c{n}" / f"old{SUFFIX.get(command, '')}"
    if command == "report --all":
        target.mkdir()
        (target / "keep.txt").write_text("old")
    else:
        target.write_bytes(b"old")
if how == "tmpfs":
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"x" * 4096)
    except OSError as exc:
        assert exc.errno == errno.ENOSPC
    os.close(fd)
else:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

def state(target):
    if target.is_dir():
        return sorted(p.name for p in target.iterdir()) == ["keep.txt"]
    return target.read_bytes() == b"old"

results = {}
for command in commands:
    target, err = targets[command], io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--data-dir", data, *ARGS[command], "-o", str(target), "--force"])
    results[command] = {"code": code, "err": err.getvalue(), "target": str(target),
                        "old_intact": state(target),
                        "leftovers": sorted(set(os.listdir(target.parent)) - {target.name})}
print(json.dumps(results))
"""


def disk_full_runs(how: str, data: Path, tmp: Path, commands: list[str]) -> dict[str, dict]:
    """Run ``commands`` onto a full disk in a subprocess; skip (fail when CI=true) when this
    machine cannot mount a tmpfs in a private namespace."""
    folder = tmp / "full"
    folder.mkdir()
    if how == "tmpfs":
        prefix = _unshare()
        if prefix is None:
            _unavailable("unshare is not available")
    else:
        prefix = []
        commands = [c for c in commands if c != "audit export"]  # its CSV is under the limit
    argv = [how, str(data), str(folder), json.dumps(commands), str(CANNOT_MOUNT),
            str(FSIZE_LIMIT)]
    result = subprocess.run([*prefix, sys.executable, "-c", DRIVER, *argv], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    if result.returncode == CANNOT_MOUNT:
        _unavailable("a tmpfs cannot be mounted here (needs root or user namespaces)")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _unshare() -> list[str] | None:
    if not shutil.which("unshare") or not shutil.which("mount"):
        return None
    prefix = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    return prefix if probe.returncode == 0 else None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"disk-full test cannot run: {reason} (CI=true)")
    print(f"skipped: {reason}")
    pytest.skip(reason)
