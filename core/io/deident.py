"""De-identification of a dataset export: which columns go, the case id's keyed hash, the
date shift of each case, and the identifier scan of the free text that is exported.

The options are REDCap's: drop the identifier fields (name, record number, birth date), replace
the case id with a keyed hash, drop the free-text fields, and drop the calendar dates or shift
every date of a case back by one offset of 0-364 days (back, so that no shifted date lies in
the future). Days relative to Day 0 stay: they identify no one. The hash and the offsets come
from a random key kept in the data folder (``config/export.key``), never in an export: the same
case gets the same hash and the same offset in every export from this folder, and without the
key neither can be undone or recomputed.

Before a de-identified export the free text that goes into it is scanned for identifiers (the
scan of the de-identified PDF, ``core.report.deid``): names and record numbers of the case,
dates, phone numbers, e-mail... The export refuses (``IdentifiersFound``) until the user removes
them or confirms them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from core.clinical.dosing import AGE_TOP_CODE, age_from_birth_date
from core.clinical.row_numbers import shown_path, shown_row_numbers
from core.errors import CasebookError
from core.io.tables import Column, day0_of
from core.io.text_fields import is_free_text
from core.model import Case, When
from core.model.model_errors import path_place
from core.report.options import RARE_COMBINATION, kind_words

DateOption = Literal["keep", "drop", "shift"]
KEY_BYTES = 32
MAX_SHIFT = 364


@dataclass(frozen=True)
class DeidOptions:
    drop_identifiers: bool = False
    hash_ids: bool = False
    drop_text: bool = False
    dates: DateOption = "keep"
    # rule V60: the subdivision of a case whose extreme age makes it a rare combination (not
    # confirmed with an override) is left out, the country kept, as the de-identified PDF does
    drop_rare_subdivision: bool = False

    @property
    def any(self) -> bool:
        return (self.drop_identifiers or self.hash_ids or self.drop_text or self.dates != "keep"
                or self.drop_rare_subdivision)

    def describe(self) -> str:
        """The options in words, for the audit trail and messages."""
        parts = [text for on, text in ((self.drop_identifiers, "identifiers dropped"),
                                       (self.hash_ids, "case ids hashed"),
                                       (self.drop_text, "free text dropped"),
                                       (self.dates == "drop", "dates dropped"),
                                       (self.dates == "shift", "dates shifted"),
                                       (self.drop_rare_subdivision,
                                        "subdivision of a rare combination left out (rule "
                                        "V60)")) if on]
        return ", ".join(parts) or "not de-identified"

    def keeps(self, col: Column) -> bool:
        """Whether ``col`` goes into the export."""
        if self.drop_identifiers and col.identifier:
            return False
        if self.drop_text and col.narrative:
            return False
        return not (self.dates == "drop" and col.kind == "date")


@dataclass(frozen=True)
class Hit:
    """An identifier found in a text that would be exported."""

    case_id: str
    path: str
    text: str
    kind: str
    # the field in words, its rows as the editor shows them (``core.report.options.Hit``)
    place: str = field(default="", compare=False)

    def __str__(self) -> str:
        where = self.place or path_place(self.path) or self.path  # made elsewhere: rows stored
        return f"{self.case_id}, {where}: {kind_words(self.kind)} “{self.text}”"

    @property
    def rare(self) -> bool:
        """Rule V60's rare combination: the subdivision itself, not a text found."""
        return self.kind == RARE_COMBINATION


class IdentifiersFound(CasebookError):
    """The scan found identifiers in the free text of a de-identified export (or rule V60's
    rare combination of an extreme age with a subdivision)."""

    def __init__(self, hits: list[Hit], options: DeidOptions):
        self.hits = hits
        self.options = options
        shown = "\n".join(f"  {h}" for h in hits[:20])
        more = f"\n  ... and {len(hits) - 20} more" if len(hits) > 20 else ""
        super().__init__(f"{hits_lead(hits)}:\n{shown}{more}\n{advice(options, hits)}")


def hits_lead(hits: Sequence[Hit]) -> str:
    """Where the hits are: in the free text, or (rule V60) in the subdivision beside an
    extreme age, which is no free text."""
    rare = sum(h.rare for h in hits)
    if not rare:
        return f"The free text to export holds {len(hits)} possible identifier(s)"
    combination = f"{rare} rare combination(s) of an extreme age with a subdivision (rule V60)"
    if rare == len(hits):
        return f"The export holds {combination}"
    return (f"The export holds {len(hits)} possible identifier(s): in the free text, and "
            f"{combination}")


def advice(options: DeidOptions, hits: Sequence[Hit] = ()) -> str:
    """What the user can do about the hits, never suggesting an option already given (with
    the free text dropped, the hits are in the short coded text that every option keeps) nor
    one that does not help: leaving out the free text keeps a rare combination's subdivision
    (rule V60), which is confirmed in Problems or cleared instead."""
    rare = any(h.rare for h in hits)
    in_text = not hits or any(not h.rare for h in hits)
    out = []
    if in_text:
        out.append("Remove them from the cases" if options.drop_text else
                   "Remove them from the cases, drop the free text (--drop-text)")
    if rare:
        out.append("Leave the subdivision out of the export (--drop-rare-subdivision; the "
                   "country stays), clear it in the case or confirm the rare combination in "
                   "the case's Problems (rule V60, with a reason)" if not in_text else
                   "leave the subdivision of a rare combination out (--drop-rare-subdivision), "
                   "clear it or confirm it in the case's Problems (rule V60)")
    return ", ".join(out) + ", or confirm that they may be exported."


def key_file(root: Path) -> Path:
    return root / "config" / "export.key"


def load_key(root: Path) -> bytes:
    """The data folder's export key, made (random, readable by the user only) on first use."""
    path = key_file(root)
    try:
        data = path.read_bytes()
        if len(data) >= 16:
            return data
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key)
        os.fsync(fd)
    finally:
        os.close(fd)
    return key


@dataclass(frozen=True)
class CaseFrame:
    """What every row of one case shares in an export: its id as exported, its Day 0, and its
    date offset (None unless the dates are shifted)."""

    case_id: str
    day0: When | None
    shift: int | None


class Deidentifier:
    """The options applied to one export with the data folder's key."""

    def __init__(self, options: DeidOptions, key: bytes):
        self.options = options
        self.key = key
        self.rare_left_out: set[str] = set()  # the case ids whose subdivision was left out

    def case_id(self, case_id: str) -> str:
        if not self.options.hash_ids:
            return case_id
        digest = hmac.new(self.key, b"case-id:" + case_id.encode(), hashlib.sha256)
        return "H-" + digest.hexdigest()[:20]

    def case_frame(self, case: Case) -> CaseFrame:
        shift = self.shift_days(case.case_id) if self.options.dates == "shift" else None
        return CaseFrame(self.case_id(case.case_id), day0_of(case), shift)

    def shift_days(self, case_id: str) -> int:
        """The case's offset: 0-364 days, the same in every export with this key."""
        digest = hmac.new(self.key, b"date-shift:" + case_id.encode(), hashlib.sha256).digest()
        return int.from_bytes(digest[:8], "big") % (MAX_SHIFT + 1)

    def exported(self, case: Case) -> Case:
        """``case`` as its rows are written: its age at Day 0 as ``exported_age`` gives it
        (derived from the birth date without one typed; with any option, top-coded). An
        identified export's kept column is of ``case`` itself, so that a derived age is left
        out again on import: it imports back to the same record."""
        if not self.options.any:
            return with_exported_age(case, deidentified=False)
        case = with_exported_age(case)
        if self.options.drop_rare_subdivision and _rare_subdivision(case) is not None:
            self.rare_left_out.add(case.case_id)
            patient = case.patient.model_copy(update={"subdivision": None})
            case = case.model_copy(update={"patient": patient})
        return case

    def date(self, value: Any, case_id: str) -> Any:
        """A calendar date as exported: kept, or shifted back keeping its precision."""
        if self.options.dates != "shift" or not isinstance(value, str) or not value:
            return value
        return shift_date(value, self.shift_days(case_id))


def _rare_subdivision(case: Case) -> str | None:
    from core.clinical.engine import rare_subdivision  # the clinical engine: not at start-up

    return rare_subdivision(case)


def shift_date(value: str, days: int) -> str:
    """``value`` (YYYY, YYYY-MM or YYYY-MM-DD) ``days`` earlier; a partial date moves by its
    middle day (July 2, the 16th) and keeps its precision. By its first day, any offset but 0
    moved a year back one (2023 -> 2022), so the real year was the shifted one plus one."""
    year = int(value[:4])
    if len(value) == 4:
        middle = dt.date(year, 7, 2)
    elif len(value) == 7:
        middle = dt.date(year, int(value[5:7]), 16)
    else:
        middle = dt.date(year, int(value[5:7]), int(value[8:10]))
    return (middle - dt.timedelta(days=days)).isoformat()[:len(value)]


# -- the age ---------------------------------------------------------------------------------
def exported_age(case: Case, deidentified: bool) -> tuple[int, int | None, bool | None] | None:
    """(years, months, top-coded) of the case's age at Day 0 in an export: the age typed or,
    without one, the age derived from the birth date (the birth date itself is an identifier);
    de-identified, 90 and over as 90 top-coded, without months (an age of 91 identifies)."""
    p = case.patient
    years, months, top = p.age_at_day0, p.age_at_day0_months, p.age_top_coded
    born = age_from_birth_date(p, case.case_report.day0)
    if born is not None:
        years, months, top = born.years, born.months, born.top_coded
    if years is None:
        return None
    if deidentified and years >= AGE_TOP_CODE:
        return AGE_TOP_CODE, None, True
    return years, months, top


def with_exported_age(case: Case, deidentified: bool = True) -> Case:
    """``case`` with its ``exported_age`` in the patient's age fields (the same case when
    they hold it already)."""
    age = exported_age(case, deidentified)
    p = case.patient
    if age is None or age == (p.age_at_day0, p.age_at_day0_months, p.age_top_coded):
        return case
    years, months, top = age
    nf = {k: v for k, v in p.nf.items() if k != "age_at_day0"}  # a value, no reason
    patient = p.model_copy(update={"age_at_day0": years, "age_at_day0_months": months,
                                   "age_top_coded": top, "nf": nf})
    return case.model_copy(update={"patient": patient})


# -- the identifier scan ---------------------------------------------------------------------
def scan_case(case: Case, options: DeidOptions) -> list[Hit]:
    """The identifiers found in the free text of ``case`` that the export would hold (texts
    the clinician confirmed as not identifiers, rule V57, are left out)."""
    from core.report.deid import confirmed_in_case, find_identifier_hits

    scanned = _without(case, options)
    assert isinstance(scanned, Case)
    confirmed = confirmed_in_case(case)
    # each field named as the editor shows the case (the scanned copy may lack its dates)
    rows = shown_row_numbers(case)
    hits = [Hit(case.case_id, h.path, h.text, h.kind, shown_path(case, h.path, rows))
            for h in find_identifier_hits(scanned)]
    return [h for h in hits + _export_hits(case, scanned, options)
            if h.text.strip() not in confirmed
            and not (h.rare and options.drop_rare_subdivision)]  # left out: nothing to ask


# A year and month (2023-05, 2023/05, 05/2023), not part of a full date: the PDF's scan looks
# for the case's own exact dates, but a shifted export must not keep a real month beside it.
YEAR_MONTH = re.compile(r"(?<![\d/.-])(?:(?:19|20)\d{2}[-/](?:0[1-9]|1[0-2])|(?:0?[1-9]|1[0-2])/"
                        r"(?:19|20)\d{2})(?![\d/.-])")


def _export_hits(case: Case, scanned: Case, options: DeidOptions) -> list[Hit]:
    """What a dataset export must also refuse in kept text: the real case id when ids are
    hashed (a label citing it undoes the hash), and a year-month when dates are shifted or
    dropped (beside a shifted date it gives the offset away)."""
    from core.report.walk import iter_texts

    rows = shown_row_numbers(case)
    out: list[Hit] = []
    real_id = case.case_id.casefold()
    for path, text in iter_texts(scanned):
        if path == "case_id":
            continue
        if options.hash_ids and real_id and real_id in text.casefold():
            out.append(Hit(case.case_id, path, case.case_id, "case id",
                           shown_path(case, path, rows)))
        if options.dates != "keep":
            out += [Hit(case.case_id, path, m.group(0), "date", shown_path(case, path, rows))
                    for m in YEAR_MONTH.finditer(text)]
    return out


def _without(model: BaseModel, options: DeidOptions) -> BaseModel:
    """A copy of ``model`` without its free-text fields (at every depth) when the export leaves
    them out, so that the scan reads only what is exported. Identifier fields stay: the scan
    looks for the patient's name and record number in the texts."""
    update: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if value is None or name == "case_id":
            continue
        if options.drop_text and is_free_text(type(model), name):
            update[name] = [] if isinstance(value, list) else None
        elif isinstance(value, BaseModel):
            update[name] = _without(value, options)
        elif isinstance(value, list) and any(isinstance(v, BaseModel) for v in value):
            update[name] = [_without(v, options) if isinstance(v, BaseModel) else v
                            for v in value]
    return model.model_copy(update=update)


def scan_unconfirmed(case: Case, options: DeidOptions, confirmed: Iterable[Hit],
                     confirm_all: bool = False) -> tuple[list[Hit], int]:
    """The identifier scan of ``case`` before a de-identified export: the hits the user has
    not confirmed (the export refuses while there are any), and how many were confirmed."""
    found = scan_case(case, options)
    left = [] if confirm_all else confirmed_hits(found, confirmed)
    return left, len(found) - len(left)


def confirmed_hits(hits: Iterable[Hit], confirmed: Iterable[Hit]) -> list[Hit]:
    """``hits`` that the user has not confirmed (same case, field and text)."""
    done = {(h.case_id, h.path, h.text) for h in confirmed}
    return [h for h in hits if (h.case_id, h.path, h.text) not in done]
