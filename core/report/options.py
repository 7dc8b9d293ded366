"""What a caller can ask of the PDF renderer, and the identifier hits shown before a
de-identified PDF.

No ReportLab here: the GUI and the command line import these at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal, Protocol


class Span(Protocol):
    """One identifier found in a text: ``text[start:end]`` is of ``kind`` (date, name, ...)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> str: ...  # read-only: a frozen dataclass such as PhiHit is a Span


Scanner = Callable[[str, Sequence[str]], Sequence[Span]]
"""``scanner(text, denylist) -> spans``, the shape of ``core.clinical.phi.scan_text``."""


@dataclass(frozen=True)
class Amendment:
    """A change to a locked case: when (UTC, ISO), by whom, why, and the fields changed."""

    at: str
    by: str
    reason: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordStatus:
    """From the audit trail: who marked the case complete and when, and its amendments."""

    completed_by: str | None = None
    completed_at: str | None = None
    amendments: tuple[Amendment, ...] = ()
    signed_by: str | None = None  # the last lock's signer by name (None: only its account)


@dataclass(frozen=True)
class FigureNumbering:
    """Figure numbers other than the case's own: the submission kit's (numbered without gaps,
    some figures left out), so that its ``case-summary.pdf`` agrees with its TIFF files and
    its manuscript.

    ``attachments``: one entry per attachment of the case, in the case's order: its figure
    number in the PDF, or None (no figure number, or left out of the kit). ``references``:
    (number typed in the texts, number in the PDF or None when left out) for the "Figure N"
    references of the texts (``core.publication.figure_refs``); ``chart``: the timeline
    chart's number.
    """

    attachments: tuple[int | None, ...]
    references: tuple[tuple[int, int | None], ...]
    chart: int


@dataclass(frozen=True)
class ReportOptions:
    """How to render a case summary.

    ``deidentified``: no identifier fields, day numbers instead of dates, ages >=90 top-coded,
    every identifier found in a text masked, unless its text is in ``confirmed_not_identifiers``
    or confirmed in the record (a V57 override with a ``match``); the case's own name, record
    number, birth date and exact dates are always masked.
    ``generated_at``: shown in the footer and used as the PDF creation time (default: now).
    ``anchor``: the audit anchor of the chain head when the PDF was made (``304-3f9a0c71be``),
    printed in the footer of an identified PDF, so a later rewind of the audit trail shows
    against paper (``casebook audit verify --anchor``). ``audit_mismatch``: the stored case
    is not the one its audit trail last recorded (changed outside Casebook): the footer says
    so on every page instead of the anchor.
    ``scanner``: the identifier scanner (default: the clinical engine's, the one rule V57
    uses: ``core.clinical.engine.scan_text``); ``denylist``: further names to mask
    (the user's list of local names), passed to the scanner.
    ``record``: who completed the case and its amendments, printed under the title of a
    complete or locked case (with who locked it and when, from the case itself).
    ``files``: the data folder's files folder, where the attached figures are read from for
    the Figures section (None: the figures are listed by their legends only).
    ``figure_numbering``: the figures' numbers in this PDF when they are not the case's own
    (the submission kit's); the captions, the chart and the texts' "Figure N" follow it.
    """

    deidentified: bool = False
    generated_at: datetime | None = None
    confirmed_not_identifiers: frozenset[str] = frozenset()
    include_chart: bool = True
    page_size: Literal["A4", "letter"] = "A4"
    scanner: Scanner | None = None
    denylist: tuple[str, ...] = ()
    anchor: str | None = None
    audit_mismatch: bool = False
    record: RecordStatus | None = None
    files: Path | None = None
    figure_numbering: FigureNumbering | None = None


RARE_COMBINATION = "rare_combination"  # rule V60's hit: the subdivision, not a text found
# a hit's kind as the user reads it; other kinds read as they are, "_" as a space
KIND_WORDS = {"record_number": "record number", "birth_date": "birth date", "ip": "IP address",
              RARE_COMBINATION: "rare combination with the age"}


def kind_words(kind: str) -> str:
    """``record_number`` -> "record number", ``rare_combination`` -> "rare combination with
    the age": how the hit lists of the PDF, the dataset export and the command line name it."""
    return KIND_WORDS.get(kind, kind.replace("_", " "))


def masked_words(hits: Sequence[Hit], start: bool = True) -> str:
    """What a de-identified output did with ``hits``, as a sentence starts (``start``): "Masked
    2 possible identifier(s) found in the texts", "Left out the subdivision as a rare combination
    with the age" or both joined with "and" (rule V60's subdivision is no text found)."""
    rare = sum(1 for hit in hits if hit.kind == RARE_COMBINATION)
    texts = len(hits) - rare
    parts = [f"masked {texts} possible identifier(s) found in the texts"] if texts else []
    if rare:
        parts.append("left out the subdivision as a rare combination with the age" if rare == 1
                     else f"left out {rare} subdivisions as rare combinations with the age")
    words = " and ".join(parts)
    return words[:1].upper() + words[1:] if start else words


@dataclass(frozen=True)
class Hit:
    """An identifier found in a text field: field path (``csf_assessments[2].note``), the text
    found and its kind (``date``, ``name``, ``record_number``, ``email``, ``phone``, ``url``,
    ``number``, ``ip``, ...)."""

    path: str
    text: str
    kind: str
    # the field in words from the editor's section list, its rows numbered as the editor's
    # tables show them ("Labs › Laboratory results › row 22 › Note"); "": say ``path``
    place: str = field(default="", compare=False)
