"""What kind of file was given to import or validate, told from its first bytes: a dataset
(a folder, a .zip, an Excel workbook, also renamed), or a file Casebook writes but does not
read back (FHIR, ODM, one table of a CSV dataset), which gets a message saying what it is and
what to import instead, not a JSON parser's complaint about its first character."""

from __future__ import annotations

import re
from pathlib import Path

from core.io.text_encoding import file_head

ZIP_MAGIC = b"PK\x03\x04"  # a zip, and so an .xlsx workbook
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # an Excel 97-2003 .xls (and other old Office files)
_INSTEAD = "import the Casebook JSON export (casebook export, the default format) or the CSV " \
    "dataset (a folder, its .zip or the Excel workbook)"
# files a clinician may pick by mistake (a case summary PDF, a figure), by their first bytes
_OTHER_FILES = ((b"%PDF-", "a PDF document"), (b"\x89PNG", "a PNG image"),
                (b"\xff\xd8\xff", "a JPEG image"), (b"II*\x00", "a TIFF image"),
                (b"MM\x00*", "a TIFF image"), (b"{\\rtf", "an RTF document"))
_DICTIONARY_HEAD = "Variable / Field Name"
_FIRST_LINE = re.compile(rb"[^\r\n]*")


def is_dataset(path: Path) -> bool:
    """A CSV dataset folder or .zip, or an Excel workbook: by its name, or a zip's bytes
    under another name (a workbook renamed .json)."""
    if path.is_dir() or path.suffix.lower() in (".zip", ".xlsx"):
        return True
    return path.is_file() and file_head(path, 4) == ZIP_MAGIC  # never a pipe: it would wait


def fhir_message(resource_type: object) -> str:
    """A JSON file that is a FHIR resource (``resourceType``: a Bundle from Casebook's FHIR
    export)."""
    kind = resource_type if isinstance(resource_type, str) and \
        re.fullmatch(r"[A-Za-z ()]{1,40}", resource_type) else "resource"
    return (f"this is a FHIR {kind}, not a Casebook file: Casebook exports FHIR but does "
            f"not import it; {_INSTEAD}")


def wrong_kind(path: Path) -> str | None:
    """What the file is, and what to do, when its first bytes show it is not JSON that
    Casebook reads (XML, one CSV table, an old Excel file); None otherwise."""
    head = file_head(path)
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    for magic, what in _OTHER_FILES:
        if head.startswith(magic):
            return f"this is {what}, not a Casebook file; {_INSTEAD}"
    if head.startswith(_OLE_MAGIC):
        return ("this is an Excel 97-2003 workbook (.xls) or another old Office file: Casebook "
                "imports the .xlsx workbook it exports, the CSV dataset or its JSON")
    if text.startswith(b"<"):
        if b"<ODM" in text:
            return ("this is a CDISC ODM file (XML), not a Casebook file: Casebook exports ODM "
                    f"but does not import it; {_INSTEAD}")
        if b"hl7.org/fhir" in text:
            return fhir_message("resource (XML)")
        return f"this is an XML file, not a Casebook file (JSON); {_INSTEAD}"
    match = _FIRST_LINE.match(text)
    first = match.group(0).decode("utf-8", "replace") if match else ""
    if first.startswith(_DICTIONARY_HEAD) or first.lstrip('"').startswith(_DICTIONARY_HEAD):
        return ("this is the data dictionary of a CSV dataset: it holds no cases; import the "
                "whole dataset folder or .zip it belongs to")
    if path.suffix.lower() == ".csv" or re.match(r'"?case_id"?[,;\t]', first):
        return ("this is one table of a CSV dataset: import the whole dataset folder or .zip "
                "it belongs to (casebook import FOLDER), which holds every table and the data "
                "dictionary")
    return None
