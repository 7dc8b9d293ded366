"""Runs command-line steps in-process inside a prepared mount (read-only folder, full disk) for
``test_folder_faults``; prints one JSON list of results on stdout.

    python -m tests.reliability.fault_driver DATA_DIR PLAN_JSON

PLAN_JSON is a list of steps: ``{"run": [args...]}`` (exit code, stdout, stderr of
``casebook --data-dir DATA_DIR args...``), ``{"fill": bytes}`` (fill the disk, leaving about
that many bytes free), ``{"unfill": true}``, ``{"inspect": true}`` (the database's integrity,
case count and audit count through a plain read-only connection).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sqlite3
import sys
from pathlib import Path


def run(data_dir: Path, args: list[str]) -> dict:
    from core.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--data-dir", str(data_dir), *args])
    return {"args": args, "code": code, "out": out.getvalue(), "err": err.getvalue()}


def fill(data_dir: Path, leave: int) -> dict:
    filler = data_dir / "filler"  # the data folder is the whole small disk
    with open(filler, "ab") as fh:
        while True:
            stat = os.statvfs(data_dir)
            free = stat.f_bavail * stat.f_frsize
            if free <= leave:
                break
            try:
                fh.write(b"\0" * min(4096, max(free - leave, 1)))
                fh.flush()
            except OSError:
                break
    stat = os.statvfs(data_dir)
    return {"fill": leave, "free": stat.f_bavail * stat.f_frsize}


def inspect(data_dir: Path) -> dict:
    from core.store.engine import read_only_uri

    con = sqlite3.connect(read_only_uri(data_dir / "casebook.db"), uri=True)
    try:
        return {"integrity": con.execute("PRAGMA integrity_check").fetchone()[0],
                "cases": con.execute("SELECT count(*) FROM cases").fetchone()[0],
                "audit": con.execute("SELECT count(*) FROM audit").fetchone()[0]}
    finally:
        con.close()


def main() -> None:
    data_dir, plan = Path(sys.argv[1]), json.loads(sys.argv[2])
    results = []
    for step in plan:
        if "run" in step:
            results.append(run(data_dir, step["run"]))
        elif "fill" in step:
            results.append(fill(data_dir, step["fill"]))
        elif "unfill" in step:
            (data_dir / "filler").unlink(missing_ok=True)
            results.append({"unfill": True})
        elif "inspect" in step:
            results.append(inspect(data_dir))
    sys.__stdout__.write(json.dumps(results))


if __name__ == "__main__":
    main()
