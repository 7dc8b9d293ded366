"""Every command of the command line, in the order ``--help`` lists them."""

from __future__ import annotations

from core.cli import (
    commands_audit,
    commands_backup,
    commands_check,
    commands_data,
    commands_demo,
    commands_report,
    commands_search,
)
from core.cli.common import Command

COMMANDS: list[Command] = [
    *commands_data.COMMANDS,
    *commands_check.COMMANDS,
    *commands_demo.COMMANDS,
    *commands_audit.COMMANDS,
    *commands_backup.COMMANDS,
    *commands_search.COMMANDS,
    *commands_report.COMMANDS,
]
