"""casebook compare: cases side by side (core.services.compare), as the app's Compare window
shows them."""

from __future__ import annotations

import argparse
import sys

from core.cli.common import EXIT_USAGE, Command, err, opened

HELP = "compare 2 to 6 cases side by side (diagnosis, CNS status, MRD, treatment, response, ...)"


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_ids", nargs="+", metavar="ID",
                   help="the ids of the cases to compare (2 to 6, as `casebook list` shows them)")
    p.add_argument("--tsv", action="store_true",
                   help="tab-separated output, one column per case (pastes into a spreadsheet)")


def run_compare(args: argparse.Namespace) -> int:
    from core.services.compare import MAX_CASES, MIN_CASES, compare

    ids = list(dict.fromkeys(args.case_ids))
    if not MIN_CASES <= len(ids) <= MAX_CASES:
        err(f"compare: give {MIN_CASES} to {MAX_CASES} different case ids, not {len(ids)}.")
        return EXIT_USAGE
    with opened(args) as cb:
        cases = [cb.cases.open_case(case_id) for case_id in ids]
        trashed = {case_id for case_id in ids if cb.cases.is_trashed(case_id)}
    result = compare(cases, trashed)
    sys.stdout.write(result.tsv() if args.tsv else result.text())
    return 0


COMMANDS = [Command("compare", HELP, _configure, run_compare)]
