"""casebook demo: fill a data folder with demo cases."""

from __future__ import annotations

import argparse
import sys

from core.cli.common import EXIT_INTERRUPTED, CliError, Command, err, opened
from core.cli.progress import ProgressBar


def _configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cases", type=int, default=200, metavar="N",
                   help="number of generated cases besides the two reference cases (default 200)")


def run_demo(args: argparse.Namespace) -> int:
    from core.services.demo import fill_demo

    if args.cases < 0:
        err("--cases must be 0 or more.")
        return 2
    with opened(args, writes=True) as cb:
        bar = ProgressBar(sys.stderr, unit="cases")
        try:
            report = fill_demo(cb.cases, args.cases, on_progress=bar.show)
        except KeyboardInterrupt:  # Ctrl+C: all or nothing, and the app's next start says so
            raise CliError("Demo data interrupted: no demo case was added.",
                           EXIT_INTERRUPTED) from None
        finally:
            bar.end()
    err(f"Added {report.added} demo case(s); {report.already_there} were already there.")
    return 0


COMMANDS = [Command("demo", "fill the data folder with the reference cases and generated "
                    "demo cases", _configure, run_demo, writes=True)]
