"""casebook audit key export: the audit key, written once to a place the user chooses.

Backups do not carry the key (issue 13); restoring one where the key is not (another computer,
a new data folder) needs this file: ``casebook restore BACKUP --key FILE``.
"""

from __future__ import annotations

import argparse

from core.cli.common import EXIT_DATA, CliError, check_folder, err
from core.cli.outputs import add_output, checked_output
from core.paths import data_paths


def configure_key(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``audit key ACTION`` under the ``audit`` command's sub-commands ``sub``."""
    key = sub.add_parser("key", help="the audit key: export it to a file outside the data "
                         "folder (backups do not hold it)",
                         description="The audit key signs the audit trail and the backups. "
                         "Backups do not hold it: keep an exported copy apart from them.")
    actions = key.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export", help="write the key to FILE (outside the data folder, readable by you only)",
        description="Write the audit key to FILE, readable by you only. Keep it safe and apart "
        "from your backups: whoever holds a backup and this key can forge a backup. "
        "`casebook restore BACKUP --key FILE` restores a backup where the key is not.")
    add_output(export, help="the key file to write (outside the data folder)")


def run_key(args: argparse.Namespace) -> int:
    from core.store.keyfile import export_key

    paths = data_paths(args.data_dir)
    target = checked_output(args)  # refused paths first, before the data folder is looked at
    check_folder(paths, writes=False, database=False)
    if not paths.audit_key.exists():
        raise CliError(f"There is no audit key at {paths.audit_key}, so there is nothing to "
                       "export.", EXIT_DATA)
    written = export_key(paths, target, force=args.force)
    err(f"Wrote the audit key to {written} (readable by you only). Keep it apart from your "
        "backups; `casebook restore BACKUP --key FILE` needs it where the key is not.")
    return 0
