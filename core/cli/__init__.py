"""The ``casebook`` command line. Imports no Qt.

Exit codes: 0 success (warnings included), 1 invalid data or a failed check, 2 usage or file
errors, 3 data folder in use by the GUI. Messages go to stderr; never a traceback (unexpected
errors are written to the log file).
"""

from __future__ import annotations

import argparse
import sys

from core.cli.common import EXIT_DATA, EXIT_IN_USE, EXIT_USAGE, CliError, run_guarded
from core.cli.registry import ENTRIES, Entry, load

__all__ = ["main", "EXIT_DATA", "EXIT_IN_USE", "EXIT_USAGE"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: exit 2 with a plain message
        self.print_usage(sys.stderr)
        raise CliError(f"{self.prog}: {message}", EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="casebook", description="Casebook: structured clinical case records.")
    parser.add_argument("--data-dir", help="data folder (default: CASEBOOK_HOME or the "
                        "platform's user data folder)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser,
                                action=_Commands)
    for entry in ENTRIES:
        sub.add_parser(entry.name, help=entry.help, description=entry.help).entry = entry
    return parser


class _Commands(argparse._SubParsersAction):
    """The sub-commands, each configured (its module imported) only when it is the one given:
    ``casebook --help`` lists them from the registry and imports none of them."""

    def __call__(self, parser, namespace, values, option_string=None):  # type: ignore[override]
        configure(self._name_parser_map.get(values[0]))
        super().__call__(parser, namespace, values, option_string)


def configure(p: argparse.ArgumentParser | None) -> None:
    entry: Entry | None = getattr(p, "entry", None)
    if p is None or entry is None or getattr(p, "configured", False):
        return
    command = load(entry)
    command.configure(p)
    p.set_defaults(handler=command.run, writes=command.writes)
    p.configured = True  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    return run_guarded(build_parser, argv)


if __name__ == "__main__":
    sys.exit(main())
