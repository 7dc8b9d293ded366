"""The ``casebook`` command line. Imports no Qt.

Exit codes: 0 success (warnings included), 1 invalid data or a failed check, 2 usage or file
errors, 3 data folder in use by the GUI. Messages go to stderr; never a traceback (unexpected
errors are written to the log file).
"""

from __future__ import annotations

import argparse
import sys

from core.cli.common import EXIT_DATA, EXIT_IN_USE, EXIT_USAGE, CliError, run_guarded
from core.cli.registry import COMMANDS

__all__ = ["main", "EXIT_DATA", "EXIT_IN_USE", "EXIT_USAGE"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: exit 2 with a plain message
        self.print_usage(sys.stderr)
        raise CliError(f"{self.prog}: {message}", EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="casebook", description="Casebook: structured clinical case records.")
    parser.add_argument("--data-dir", help="data folder (default: CASEBOOK_HOME or the "
                        "platform's user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        p = sub.add_parser(command.name, help=command.help, description=command.help)
        command.configure(p)
        p.set_defaults(handler=command.run, writes=command.writes)
    return parser


def main(argv: list[str] | None = None) -> int:
    return run_guarded(build_parser, argv)


if __name__ == "__main__":
    sys.exit(main())
