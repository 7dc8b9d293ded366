"""Every command of the command line, in the order ``--help`` lists them: its name, its help
text and the module that configures and runs it. Only the module of the command given is
imported (``load``), so ``casebook --help`` imports no command module and nothing heavy
(issue 20: `python -X importtime -m core.cli --help`)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from core.cli.common import Command


@dataclass(frozen=True)
class Entry:
    name: str
    help: str
    module: str  # holds COMMANDS, among them the Command of this name (with the same help)


_DATA, _CHECK, _AUDIT, _BACKUP, _SEARCH = (f"core.cli.commands_{m}" for m in
                                           ("data", "check", "audit", "backup", "search"))

ENTRIES: list[Entry] = [
    Entry("import", "import cases from Casebook JSON files or a dataset export (a CSV folder "
          "or .zip, an .xlsx workbook)", _DATA),
    Entry("export", "export cases (all, or the ids given) as Casebook JSON, a CSV dataset "
          "(folder or .zip), an Excel workbook (.xlsx), a FHIR R4 Bundle or a CDISC ODM file",
          _DATA),
    Entry("list", "list the stored cases", _DATA),
    Entry("show", "show a summary of one case (with --json, the whole case)", _DATA),
    Entry("compare", "compare 2 to 6 cases side by side (diagnosis, CNS status, MRD, "
          "treatment, response, ...)", "core.cli.commands_compare"),
    Entry("schema", "print the JSON Schema (Draft 2020-12) of a case, or with --wrapper of a "
          "whole interchange file", _DATA),
    Entry("validate", "validate Casebook JSON files or a dataset export (a CSV folder or .zip, "
          "an .xlsx workbook) as import reads them (model and clinical rules)", _CHECK),
    Entry("check", "check the database's integrity, its attached figure files and its audit "
          "chain", _CHECK),
    Entry("attach", "attach a figure (PNG, JPEG, TIFF, PDF) to a case, or --remove one",
          "core.cli.commands_attach"),
    Entry("demo", "fill the data folder with the reference cases and generated demo cases",
          "core.cli.commands_demo"),
    Entry("audit", "the audit trail: verify it, print its anchor, show a case's history, "
          "export it to CSV, export the audit key", _AUDIT),
    Entry("purge", "delete a case in the trash for good (its audit entries stay)", _AUDIT),
    Entry("backup", "make a verified backup of the database and the attached figure files "
          "(or list the backups)", _BACKUP),
    Entry("restore", "replace the database with a verified backup and restore its figure files "
          "(the current database is kept)", _BACKUP),
    Entry("search", "search every stored case (full text and filters)", _SEARCH),
    Entry("reindex", "rebuild the search index of every case", _SEARCH),
    Entry("report", "write the PDF case summary of one case to a file, or of every case (--all) "
          "into a folder", "core.cli.commands_report"),
    Entry("kit", "write the submission kit of one case: manuscript.docx, the CARE checklist, "
          "figures as 300-dpi TIFFs and the PDF summary", "core.cli.commands_kit"),
]


def load(entry: Entry) -> Command:
    """The command of ``entry``, its module imported now."""
    module = importlib.import_module(entry.module)
    command: Command = next(c for c in module.COMMANDS if c.name == entry.name)
    return command
