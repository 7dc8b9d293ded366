"""Every command of the command line, in the order ``--help`` lists them."""

from __future__ import annotations

from core.cli import commands_check, commands_data
from core.cli.common import Command

COMMANDS: list[Command] = [*commands_data.COMMANDS, *commands_check.COMMANDS]
