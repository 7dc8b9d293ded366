"""casebook audit verify / anchor / show / export, and purge."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from core.cli.commands_key import configure_key, run_key
from core.cli.common import EXIT_DATA, EXIT_IN_USE, EXIT_USAGE, CliError, Command, err, opened
from core.cli.outputs import add_output, checked_output
from core.reasons import one_line

if TYPE_CHECKING:
    from core.store.verify import ChainReport


def _configure_audit(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = sub.add_parser("verify", help="check the audit chain: OK, or the first entry "
                            "where it breaks", description="Check the audit chain against its "
                            "key, its authenticated head and the head's second copy.")
    verify.add_argument("--anchor", metavar="CODE", help="also check that the chain still holds "
                        "this anchor (from `casebook audit anchor` or a PDF's footer)")
    sub.add_parser("anchor", help="print a short code for the current head, to write down",
                   description="Verify the chain and print its anchor: the entry count and the "
                   "first characters of that entry's MAC (e.g. 304-3f9a0c71be). `casebook audit "
                   "verify --anchor CODE` later shows whether the chain was rewound below it or "
                   "rewritten.")
    show = sub.add_parser("show", help="a case's history: who, when, action, field, old -> new, "
                          "reason")
    show.add_argument("case_id", metavar="CASE_ID")
    show.add_argument("--field", metavar="PATH", help="only this field (what lies inside it, "
                      "and its why-missing reason PATH_nf)")
    show.add_argument("--user", help="only this user's entries")
    export = sub.add_parser("export", help="write the audit entries to a CSV file (the export "
                            "is recorded in the trail)")
    add_output(export, help="the CSV file to write (outside the data folder)")
    export.set_defaults(writes=True)
    export.add_argument("--case", metavar="CASE_ID", help="only this case's entries")
    configure_key(sub)


def run_audit(args: argparse.Namespace) -> int:
    return {"verify": _verify, "anchor": _anchor, "show": _show, "export": _export,
            "key": run_key}[args.audit_command](args)


def _verify(args: argparse.Namespace) -> int:
    anchor = getattr(args, "anchor", None)
    if anchor is not None:
        _anchor_code(anchor)
    with opened(args) as cb:
        report = cb.audit.verify(anchor)
    return _print_report(report)


def _print_report(report: ChainReport) -> int:
    if report.ok:
        print(report.message)
        return 0
    where = f" at entry {report.first_bad_seq}" if report.first_bad_seq else ""
    print(f"BROKEN{where}: {report.message}")
    return EXIT_DATA


def _anchor_code(code: str) -> None:
    from core.store.chain import parse_anchor

    try:
        parse_anchor(code)
    except ValueError as exc:
        raise CliError(f"casebook audit verify --anchor: {exc}.", EXIT_USAGE) from None


def _anchor(args: argparse.Namespace) -> int:
    from core.store.chain import anchor_code

    with opened(args) as cb:
        report = cb.audit.verify()
    if not report.ok:
        _print_report(report)
        err("No anchor: the chain does not verify.")
        return EXIT_DATA
    if report.tip is None or report.tip.count == 0:
        err("There are no audit entries yet, so there is no anchor.")
        return EXIT_DATA
    print(anchor_code(report.tip))
    err(f"The anchor of entry {report.tip.count}: write it down (PDFs print it in their "
        "footer). `casebook audit verify --anchor CODE` checks the chain against it.")
    return 0


def _show(args: argparse.Namespace) -> int:
    with opened(args) as cb:
        rows = cb.audit.history(args.case_id, args.field, args.user)
        if not rows:
            cb.cases.open_case(args.case_id)  # an unknown id is an error; a purged one has history
    from core.services.signing import lock_change_words, signed_locks

    signed = signed_locks(rows)  # a lock names its signer, or its account signed it
    for r in rows:  # one line per entry: a stored line break or tab is written escaped
        change = lock_change_words(r, signed) or _change(r.path, r.old, r.new)
        print(one_line("  ".join([r.ts, r.user, r.action, change])
                       + (f"  reason: {r.reason}" if r.reason else "")))
    err(f"{len(rows)} entr{'y' if len(rows) == 1 else 'ies'}.")
    return 0


def _change(path: str | None, old: str | None, new: str | None) -> str:
    """``path: old -> new``, the values in the history window's words (not_pregnant as
    "not pregnant", ug/d as "µg/day"); the path stays as typed for --field."""
    from core.services.audit_words import value_words

    if path is None:
        return new or ""
    before = "-" if old is None else value_words(path, old)
    after = "-" if new is None else value_words(path, new)
    return f"{path}: {before} -> {after}"


def _export(args: argparse.Namespace) -> int:
    target = checked_output(args, writes="audit export")
    with opened(args, writes=True) as cb:  # the export is recorded in the audit trail
        count = cb.audit.export_csv(target, args.case, force=args.force)
    err(f"Exported {count} audit entr{'y' if count == 1 else 'ies'} to {args.output}.")
    return 0


def _configure_purge(p: argparse.ArgumentParser) -> None:
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("--reason", required=True, help="why (recorded in the audit trail; do not "
                   "name the patient)")


def run_purge(args: argparse.Namespace) -> int:
    from core.lock import FolderInUse

    try:
        with opened(args, writes=True) as cb:
            cb.cases.purge_case(args.case_id, args.reason)
    except FolderInUse as exc:  # the app has no purge: "do this in the window" would mislead
        if exc.holder.get("kind") == "the command line":
            raise
        pid = exc.holder.get("pid")
        raise CliError(f"The data folder {exc.root} is in use by Casebook"
                       + (f" (process {pid})" if pid else "") + ". Purging is done on the "
                       "command line only: close Casebook there first, then run this again "
                       "(the case stays in the trash meanwhile).", EXIT_IN_USE) from None
    err(f"Case {args.case_id} was deleted for good; its audit entries remain.")
    return 0


COMMANDS = [
    Command("audit", "the audit trail: verify it, print its anchor, show a case's history, "
            "export it to CSV, export the audit key", _configure_audit, run_audit),
    Command("purge", "delete a case in the trash for good (its audit entries stay)",
            _configure_purge, run_purge, writes=True),
]
