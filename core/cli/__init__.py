"""The ``casebook`` command line. Imports no Qt.

Exit codes: 0 success (warnings included), 1 invalid data or a failed check, 2 usage or file
errors, 3 data folder in use by the GUI. Messages go to stderr; never a traceback (unexpected
errors are written to the log file).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from core.cli.common import EXIT_DATA, EXIT_IN_USE, EXIT_USAGE, CliError, run_guarded
from core.cli.registry import ENTRIES, Entry, load

__all__ = ["main", "EXIT_DATA", "EXIT_IN_USE", "EXIT_USAGE"]


class _Parser(argparse.ArgumentParser):
    entry: Entry | None = None  # a command's parser: its registry entry
    configured = False  # its command module has added its arguments

    def error(self, message: str) -> NoReturn:  # usage errors: exit 2 with a plain message
        self.print_usage(sys.stderr)
        raise CliError(f"{self.prog}: {message}", EXIT_USAGE)


_DATA_DIR_HELP = "data folder (default: CASEBOOK_HOME or the platform's user data folder)"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="casebook", description="Casebook: structured clinical case records.")
    parser.add_argument("--data-dir", help=_DATA_DIR_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser,
                                action=_Commands)
    for entry in ENTRIES:
        sub.add_parser(entry.name, help=entry.help, description=entry.help).entry = entry
    return parser


if TYPE_CHECKING:  # generic in typeshed only: subscripting it at run time is a TypeError
    _SubParsers = argparse._SubParsersAction[_Parser]
else:
    _SubParsers = argparse._SubParsersAction


class _Commands(_SubParsers):
    """The sub-commands, each configured (its module imported) only when it is the one given:
    ``casebook --help`` lists them from the registry and imports none of them."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: str | Sequence[Any] | None, option_string: str | None = None) -> None:
        assert isinstance(values, list)  # nargs=PARSER: the command and its arguments
        configure(self._name_parser_map.get(values[0]))
        super().__call__(parser, namespace, values, option_string)


def configure(p: _Parser | None) -> None:
    if p is None or p.entry is None or p.configured:
        return
    entry = p.entry
    command = load(entry)
    command.configure(p)
    # also after the command ('casebook demo --data-dir DIR' was refused as an unrecognized
    # argument); given there, it wins over one given before the command
    _data_dir_after(p)
    p.set_defaults(handler=command.run, writes=command.writes)
    p.configured = True


def _data_dir_after(p: argparse.ArgumentParser) -> None:
    """``--data-dir`` on ``p`` and on each of its actions' parsers, at any depth ('casebook
    audit show CASE --data-dir DIR')."""
    p.add_argument("--data-dir", default=argparse.SUPPRESS, help=_DATA_DIR_HELP)
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):  # aliases: one parser
                _data_dir_after(child)


_built: list[argparse.ArgumentParser] = []  # the parser of this process, built once


def parser() -> argparse.ArgumentParser:
    """The command line's parser, built at the first ``main`` of a process and reused by the
    next ones (a process that runs many commands in-process, such as a script or a test
    calling ``main``: building it, with its sub-parsers' gettext look-ups, took a third of a
    short command's time). Parsing leaves it as it was; a command configured once stays so,
    its arguments' defaults being constants."""
    if not _built:
        _built.append(build_parser())
    return _built[0]


def main(argv: list[str] | None = None) -> int:
    return run_guarded(parser, argv)


if __name__ == "__main__":
    sys.exit(main())
