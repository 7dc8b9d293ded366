"""A writer for the crash test: saves cases in a loop until it is killed.

``python crash_writer.py DATA_DIR SEED`` runs one writer. It prints ``ready`` once open, then
after every save has returned (committed) ``<case_id> <version>``, flushed. The content of a
case at version v is known from its id and v alone (title ``crash <id> v<v>``, age v % 90), so
the test can check that each reported save is present and intact.

``python crash_writer.py --serve`` imports and warms everything up once (in a scratch folder),
then for each ``DATA_DIR SEED`` line on stdin forks a fresh writer process. Forking a warmed-up
process makes each writer start in milliseconds instead of seconds; the child opens its own
database connections after the fork, so it is a writer like any other.

The server is the only writer of its stdout, one whole line per ``os.write``: ``serving``,
``pid <n>`` (the child), ``out <line>`` for each line the child printed, ``cut <text>`` for
text the child printed without its newline when it was killed, then ``done`` once the child
has died. The child's stdout is a pipe of its own, read by the server: a kill can cut the
child's last line short (print writes the text and the newline separately when stdout is
unbuffered, as under PYTHONUNBUFFERED=1), and such a line once shared the server's pipe, so
the server's ``done`` followed it on the same line and the test, waiting for ``done``, hung.
``DATA_DIR SEED cut`` runs a child that prints ``ready``, one report, and the text of a second
report without its newline, then waits to be killed (that kill, made certain).
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import tempfile
import traceback
from pathlib import Path

from core.model import Case, new_case_id
from core.services import open_casebook

REFERENCE = Path(__file__).parents[1] / "data" / "reference-cases.casebook.json"


def expected_title(case_id: str, version: int) -> str:
    return f"crash {case_id} v{version}"


def expected_age(version: int) -> int:
    return version % 90


def with_content(case: Case, version: int) -> Case:
    case = case.model_copy(deep=True)
    case.case_report.title = expected_title(case.case_id, version)
    case.patient.age_at_day0 = expected_age(version)
    return case


def template() -> Case:
    doc = json.loads(REFERENCE.read_text(encoding="utf-8"))["cases"][0]
    return Case.model_validate(doc).model_copy(update={"version": 0, "status": "draft"})


def save_one(cb, rng: random.Random, ids: list[str], base: Case) -> Case:
    if not ids or rng.random() < 0.25:
        new = base.model_copy(update={"case_id": new_case_id()})
        stored = cb.cases.save_case(with_content(new, 1))
        ids.append(stored.case_id)
        return stored
    current = cb.cases.open_case(rng.choice(ids))
    return cb.cases.save_case(with_content(current, current.version + 1))


def write_forever(data_dir: str, seed: int, saves: int | None = None) -> None:
    cb = open_casebook(data_dir, user="crash-writer")
    cb.maintenance.quick_check()  # as the app does after start-up, while connected
    rng = random.Random(seed)
    ids = [s.case_id for s in cb.cases.list_cases()]
    base = template()
    print("ready", flush=True)
    done = 0
    while saves is None or done < saves:
        stored = save_one(cb, rng, ids, base)
        print(f"{stored.case_id} {stored.version}", flush=True)
        done += 1
    cb.close()


def warm_up() -> None:
    """Load everything a save needs (imports, vocabularies, caches) before forking."""
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.devnull, "w") as quiet:
            stdout, sys.stdout = sys.stdout, quiet
            try:
                write_forever(tmp, 0, saves=3)
            finally:
                sys.stdout = stdout


def serve() -> None:
    warm_up()
    say("serving")
    for line in sys.stdin:
        data_dir, seed, *mode = line.split()
        out, into = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(out)
            os.dup2(into, 1)  # the child's stdout is this pipe: it never writes the server's
            os.close(into)
            _child(data_dir, int(seed), cut=mode == ["cut"])
        os.close(into)  # the child holds the only write end: its death ends the relay
        say(f"pid {pid}")
        cut = relay(out)
        os.close(out)
        os.waitpid(pid, 0)
        if cut:
            say(f"cut {cut}")
        say("done")


def say(line: str) -> None:
    """One whole line on the server's stdout (one write for a short line)."""
    data = f"{line}\n".encode()
    while data:
        data = data[os.write(1, data):]


def relay(fd: int) -> str:
    """Each line read from ``fd`` until its end as ``out <line>``; the text after the last
    newline (a line the kill cut short), returned."""
    pending = b""
    while chunk := os.read(fd, 65536):
        *lines, pending = (pending + chunk).split(b"\n")
        for line in lines:
            say(f"out {line.decode(errors='replace')}")
    return pending.decode(errors="replace")


def _child(data_dir: str, seed: int, cut: bool = False) -> None:
    try:
        if cut:  # in one write: the cut report is there before the first one is read
            os.write(1, b"ready\nHC-CUT00000 1\nHC-CUT00000 2")
            signal.pause()  # until killed
        write_forever(data_dir, seed)
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(1)


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        write_forever(sys.argv[1], int(sys.argv[2]))
