"""Save of reference case 1 at two commits, each beside its floor, interleaved A B A B.

    .venv/bin/python -m tests.bench.save_ab BEFORE AFTER [--rounds 10] [--saves 60]

Each round runs one process per commit (a detached git worktree, imported through PYTHONPATH).
A process saves reference case 1 as tests/bench/bench_store.py does (save_case alone is timed,
not the edit's deep copy before it) and, after each save, times the floor: a bare sqlite3 WAL +
synchronous=FULL commit of the same document bytes into an empty one-table database beside it.
It reports the median save, floor, ratio, save CPU time and the median first save of a new case.
The summary gives, per commit, the medians over the rounds and the median of the paired
after/before save ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHILD = r'''
import json, sqlite3, statistics, sys, tempfile, time
from pathlib import Path
from core.services import open_casebook
from core.services.demo import reference_cases
from core.settings import Settings, save_settings
from core.store.repository import stored_values

base = Path(tempfile.mkdtemp(prefix="save-ab-"))
folder = base / "cb"
save_settings(folder / "config" / "settings.json", Settings(automatic_backups=False))
cb = open_casebook(folder, user="bench")
case1 = reference_cases()[0].model_copy(update={"version": 0})
state = {"case": cb.cases.save_case(case1)}
floor = sqlite3.connect(base / "floor.db", isolation_level=None)
floor.execute("PRAGMA journal_mode=WAL")
floor.execute("PRAGMA synchronous=FULL")
floor.execute("CREATE TABLE t (id TEXT PRIMARY KEY, doc TEXT NOT NULL)")

def edited():  # the caller's edit: not the store's work, not timed (as in make bench)
    case = state["case"].model_copy(deep=True)
    case.csf_assessments[2].wbc_per_uL = (case.csf_assessments[2].wbc_per_uL or 0) + 1
    return case

def save_once(case):
    state["case"] = cb.cases.save_case(case)

try:
    from core.store.heads import settle  # the head write after the commit, in a thread
except ImportError:  # written before the save returned
    def settle():
        pass

def floor_once():
    doc = stored_values(state["case"])["document"]
    settle()  # not timed with the floor, which it would slow down
    start = time.perf_counter()
    floor.execute("BEGIN IMMEDIATE")
    floor.execute("INSERT OR REPLACE INTO t VALUES ('c1', ?)", (doc,))
    floor.execute("COMMIT")
    return (time.perf_counter() - start) * 1000

for _ in range(3):
    save_once(edited())
    floor_once()
saves, floors, cpu = [], [], []
for _ in range(int(sys.argv[1])):
    case = edited()
    c0, t0 = time.process_time(), time.perf_counter()
    save_once(case)
    saves.append((time.perf_counter() - t0) * 1000)
    cpu.append((time.process_time() - c0) * 1000)
    floors.append(floor_once())
creates = []
for i in range(20):
    fresh = case1.model_copy(update={"case_id": f"HC-NEW{i:07d}", "version": 0})
    t0 = time.perf_counter()
    cb.cases.save_case(fresh)
    creates.append((time.perf_counter() - t0) * 1000)
cb.close()
save, low = statistics.median(saves), statistics.median(floors)
print(json.dumps({"save": save, "floor": low, "ratio": save / low, "cpu": statistics.median(cpu),
                  "create": statistics.median(creates)}))
'''


def measure(tree: Path, saves: int, home: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree), "CASEBOOK_HOME": str(home)}
    out = subprocess.run([sys.executable, "-c", CHILD, str(saves)], cwd=tree, env=env,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("before")
    p.add_argument("after")
    p.add_argument("--rounds", type=int, default=10)
    p.add_argument("--saves", type=int, default=60)
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="save-ab-") as tmp:
        trees = {}
        for name, rev in (("before", args.before), ("after", args.after)):
            trees[name] = Path(tmp) / name
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach",
                            str(trees[name]), rev], check=True)
        try:
            found: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
            for r in range(args.rounds):
                for name, tree in trees.items():  # A B A B ...
                    found[name].append(measure(tree, args.saves, Path(tmp) / f"home-{name}"))
                    print(r, name, {k: round(v, 2) for k, v in found[name][-1].items()},
                          flush=True)
        finally:
            for tree in trees.values():
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                                str(tree)], check=False)
    for name, rows in found.items():
        med = {k: statistics.median(x[k] for x in rows) for k in rows[0]}
        print(f"{name} ({getattr(args, name)}): save {med['save']:.2f} ms, floor "
              f"{med['floor']:.2f} ms, median ratio {med['ratio']:.2f}, save CPU "
              f"{med['cpu']:.2f} ms, new case {med['create']:.2f} ms")
    paired = statistics.median(a["save"] / b["save"]
                               for a, b in zip(found["after"], found["before"], strict=True))
    print(f"paired after/before save: {paired:.3f}")


if __name__ == "__main__":
    main()
