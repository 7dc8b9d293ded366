"""The course-of-disease figure's events: the last known follow-up, and the strip under the
panels that shows the drugs given (a row per drug, named: a bar from start to end day, a tick
on each day given) and the response assessments (a diamond with the category).

The last known follow-up is the latest day of any dated entry of the case (assessments, labs,
drug administrations, responses, adverse events, procedures, the outcome's follow-up, alive and
death days...), not only of what a panel plots: a case with an MRD on day 28, a response on day
45 and a second cycle on day 59 is followed up to day 59 (a stranger's case showed day 28)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.graphics.shapes import Line, Polygon, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from core.model import When
from core.model.report import CaseReport, Outcome, Patient
from core.report.blocks import PLACEHOLDER_MARK, Context, is_placeholder
from core.report.fonts import BOLD, SANS, drawn, fit, split_runs, string_width
from core.report.format import humanize
from core.report.styles import INK, MUTED, RULE, SERIES
from core.report.walk import fields_holding, iter_records

LABEL_ROWS = 2  # rows of labels over the responses' diamonds (more when a label is wrapped)
MAX_LABEL_ROWS = 4
ROW_H = 7.0
LANE_H = 10.5  # a drug's row under them: its name over its bars
BAR_H = 3.2
MAX_LANES = 12
OTHER_DRUGS = "other drugs"
LEFT_OUT_ROLES = frozenset({"premedication", "supportive"})
EVENTS_TITLE = "Drugs given (a row per drug: bars from start to end day) and responses (◆)"
EVENTS_CAPTION = ("Under the panels: each drug given on its own row (premedication and "
                  "supportive drugs left out), a bar from each administration's start to its "
                  "end day or a tick on each day given; each response assessment as a diamond "
                  "with its category.")
LABEL_SIZE = 6.3
LANE_LABEL_SIZE = 5.8


def entry_days(ctx: Context) -> list[int]:
    """The day of every dated entry of the case relative to Day 0, but for the birth date and
    Day 0 itself (no events of the course). An outcome day counts to the last day it covers
    (a follow-up "2024-05" reaches May 31); any other entry from its first."""
    day0 = ctx.case.case_report.day0
    out = []
    for record in iter_records(ctx.case):
        if isinstance(record, Patient | CaseReport):
            continue
        for name in fields_holding(type(record), When):
            value = getattr(record, name)
            span = value.day_range(day0) if isinstance(value, When) else None
            if span is not None:
                out.append(span[1] if isinstance(record, Outcome) else span[0])
    return out


def last_known_day(ctx: Context) -> int | None:
    """The last known follow-up: the latest day of any dated entry (``entry_days``) or of a
    drug's days given (``day_list``, day numbers: an IT dose after every dated entry)."""
    given = [day for line in ctx.case.treatment_lines for adm in line.administrations
             for day in adm.day_list or ()]
    return max([*entry_days(ctx), *given], default=None)


@dataclass(frozen=True)
class Mark:
    day: int
    label: str
    placeholder: bool = False  # from a response holding placeholder values: marked †


def response_marks(ctx: Context) -> list[Mark]:
    """Each dated response assessment with its category (entered, else derived)."""
    day0 = ctx.case.case_report.day0
    out = []
    for i, response in enumerate(ctx.case.response_assessments):
        day = response.day.first_day(day0) if response.day else None
        category = response.category or ctx.derived.response_category.get(i)
        if day is not None:
            out.append(Mark(day, humanize(category) if category else "?",
                            is_placeholder(response)))
    return sorted(out, key=lambda m: m.day)


@dataclass(frozen=True)
class Lane:
    """One drug's row of the strip: its name and the (start, end) days it was given."""

    name: str
    spans: tuple[tuple[int, int], ...]
    placeholder: bool = False  # some of its administrations hold placeholder values

    def label(self) -> str:
        """Its name as drawn: marked † as a table marks a row with placeholder values."""
        return f"{self.name}\u00a0{PLACEHOLDER_MARK}" if self.placeholder else self.name


def drug_lanes(ctx: Context) -> list[Lane]:
    """A row per drug given (an intrathecal one apart: "methotrexate IT"), in the order first
    given, premedication and supportive drugs left out; an administration is a bar from its
    start to its end day (its start alone when no end is entered), or a tick on each of its
    days given (``day_list``, e.g. IT on 3 and 24). Past ``MAX_LANES`` rows, the drugs given
    last share one row, "other drugs"."""
    day0 = ctx.case.case_report.day0
    found: dict[str, list[tuple[int, int]]] = {}
    marked: set[str] = set()  # the drugs with an administration holding placeholder values
    for line in ctx.case.treatment_lines:
        for given in line.administrations:
            if given.role in LEFT_OUT_ROLES:
                continue
            start = given.start_day.first_day(day0) if given.start_day else None
            if given.day_list:  # the days given, with or without a start day
                spans = [(day, day) for day in given.day_list]
            elif start is not None:
                end = given.end_day.first_day(day0) if given.end_day else None
                spans = [(start, max(start, end) if end is not None else start)]
            else:
                continue
            name = ctx.fmt.field(given, "drug_inn", unit=False) + (  # masked as the tables
                " IT" if given.route == "IT" else "")
            found.setdefault(name, []).extend(spans)
            if is_placeholder(given):
                marked.add(name)
    lanes = sorted((Lane(name, tuple(sorted(set(spans))), name in marked)
                    for name, spans in found.items()),
                   key=lambda lane: (lane.spans[0], lane.name))
    if len(lanes) > MAX_LANES:
        rest = sorted({span for lane in lanes[MAX_LANES - 1:] for span in lane.spans})
        lanes = [*lanes[:MAX_LANES - 1],
                 Lane(OTHER_DRUGS, tuple(rest), any(x.placeholder for x in lanes[MAX_LANES - 1:]))]
    return lanes


def administration_spans(ctx: Context) -> list[tuple[int, int]]:
    """Every bar and tick of the drug rows: (start, end) days."""
    return sorted(span for lane in drug_lanes(ctx) for span in lane.spans)


def events_placeholder(ctx: Context) -> bool:
    """Whether the strip marks a response or a drug's row †."""
    return (any(m.placeholder for m in response_marks(ctx))
            or any(lane.placeholder for lane in drug_lanes(ctx)))


def event_days(ctx: Context) -> list[int]:
    """The days the strip draws something on."""
    return ([m.day for m in response_marks(ctx)]
            + [d for span in administration_spans(ctx) for d in span])


def events_height(ctx: Context, rows: int = LABEL_ROWS) -> float:
    """The strip's height: the responses' row and ``rows`` rows of labels, over a row per
    drug."""
    return _responses_h(ctx, rows) + LANE_H * len(drug_lanes(ctx))


def _responses_h(ctx: Context, rows: int) -> float:
    return 13.0 + ROW_H * rows if response_marks(ctx) else 3.0


@dataclass(frozen=True)
class Placed:
    """A response label as laid out: its diamond's x, the lowest row its last line is on,
    its left edge, its lines (top first) and whether a leader line joins it to its diamond."""

    cx: float
    row: int
    at: float
    lines: tuple[str, ...]
    leader: bool

    def rows(self) -> int:
        return self.row + len(self.lines)


def label_rows(placed: list[Placed]) -> int:
    """The rows of labels the strip needs: two, more for a label wrapped a row up."""
    return max([LABEL_ROWS, *(p.rows() for p in placed)])


def label_layout(ctx: Context, x: Callable[[float], float], left: float,
                 width: float) -> list[Placed]:
    """Each day's label over its diamond (``_placed``), in day order."""
    labels = _day_labels(ctx)
    centres = [x(day) for day, _ in labels]
    ends = [left - 1e9] * MAX_LABEL_ROWS  # the right edge of the last label on each row
    out = []
    for i, (_day, label) in enumerate(labels):
        others = centres[:i] + centres[i + 1:]
        placed = _placed(label, centres[i], others, ends, left + 1, left + width - 1)
        right = placed.at + _width(placed.lines)
        for row in range(placed.row, placed.rows()):
            ends[row] = right
        out.append(placed)
    return out


def draw_events(ctx: Context, add: Callable[..., None], x: Callable[[float], float],
                left: float, width: float, y0: float, placed: list[Placed]) -> None:
    """The strip: a box from ``y0`` up ``events_height`` across the plot, its title above it,
    a row per drug at the bottom (named above its first bar, inside the strip) and the
    responses as diamonds above them, each with its label as ``label_layout`` placed it: over
    its own diamond and no other, else joined to it by a leader line (pushed from the strip's
    edge, "CR, CNS remission, ..." of day 229 sat over day 196's diamond as if its label)."""
    lanes = drug_lanes(ctx)
    height = _responses_h(ctx, label_rows(placed)) + LANE_H * len(lanes)
    add(Rect(left, y0, width, height, fillColor=None, strokeColor=RULE, strokeWidth=0.5),
        String(left, y0 + height + 4, EVENTS_TITLE, fontName=BOLD, fontSize=7,
               fillColor=INK))
    for row, lane in enumerate(reversed(lanes)):  # the first drug given on top
        bar_y = y0 + 2.5 + row * LANE_H
        for start, end in lane.spans:
            add(Rect(x(start), bar_y, max(x(end + 1) - x(start), 1.2), BAR_H,
                     fillColor=SERIES[0], strokeColor=None))
        name = fit(lane.label(), width - 2, LANE_LABEL_SIZE)
        at = min(max(x(lane.spans[0][0]), left + 1),
                 left + width - 1 - string_width(name, LANE_LABEL_SIZE))
        add(*_runs(name, at, bar_y + BAR_H + 1.2, LANE_LABEL_SIZE))
    mid = y0 + LANE_H * len(lanes) + 9.0
    for p in placed:
        cx = p.cx
        add(Polygon([cx, mid - 3, cx + 3, mid, cx, mid + 3, cx - 3, mid], fillColor=SERIES[1],
                    strokeColor=None))
        y = mid + 4.5 + p.row * ROW_H  # the baseline of its last line
        if p.leader:
            tip = min(max(cx, p.at + 1), p.at + max(_width(p.lines) - 1, 1))
            add(Line(cx, mid + 3.5, tip, y - 1.2, strokeColor=MUTED, strokeWidth=0.4))
        for k, line in enumerate(reversed(p.lines)):
            add(String(p.at, y + k * ROW_H, line, fontName=SANS, fontSize=LABEL_SIZE,
                       fillColor=INK))


def _runs(text: str, x: float, y: float, size: float) -> list[String]:
    """A line of text as strings, one per run of a font (a drug name typed in CJK, pasted
    with a soft hyphen, is drawn as the tables draw it)."""
    out = []
    for font, run in split_runs(drawn(text)):
        out.append(String(x, y, run, fontName=font, fontSize=size, fillColor=INK))
        x += stringWidth(run, font, size)
    return out


def _day_labels(ctx: Context) -> list[tuple[int, str]]:
    """One label per day: the categories of the responses assessed that day, joined (a
    marrow CR, an MRD response and a CNS remission on one day overlapped each other); a
    category from a response holding placeholder values marked †, once at the label's end
    when all of that day's are."""
    days: dict[int, list[str]] = {}
    marks = response_marks(ctx)
    for mark in marks:
        kept = days.setdefault(mark.day, [])
        label = f"{mark.label}\u00a0{PLACEHOLDER_MARK}" if mark.placeholder else mark.label
        if label not in kept:
            kept.append(label)
    out = []
    for day, labels in days.items():  # all of a day's from placeholders: one mark, at its end
        if all(m.placeholder for m in marks if m.day == day):
            labels = [label.removesuffix(f"\u00a0{PLACEHOLDER_MARK}") for label in labels]
            labels[-1] += f"\u00a0{PLACEHOLDER_MARK}"
        out.append((day, ", ".join(labels)))
    return out


def _width(lines: tuple[str, ...]) -> float:
    return max((stringWidth(line, SANS, LABEL_SIZE) for line in lines), default=0.0)


def _placed(label: str, cx: float, others: list[float], ends: list[float], low: float,
            high: float) -> Placed:
    """A label centred on its diamond at ``cx`` as far as the strip allows (``low``..
    ``high``), on the first of the two rows where it clears the label before and covers no
    other diamond; else wrapped into lines as wide as the room between the neighbouring
    diamonds, on the lowest rows where it clears; else (no room) on the row with most room,
    right of the label there and shortened with '…'. A label a row up or not over its own
    diamond gets a leader line."""
    width = stringWidth(label, SANS, LABEL_SIZE)
    at = min(max(cx - width / 2, low), high - width)
    if not _covers(at, width, others):
        for row in range(LABEL_ROWS):
            if at > ends[row] + 2:
                return Placed(cx, row, at, (label,), leader=row > 0)
    room_low = max([low, *(o + 4 for o in others if o < cx)])
    room_high = min([high, *(o - 4 for o in others if o > cx)])
    lines = _wrap(label, room_high - room_low)
    if lines:
        shown = _width(lines)
        at = min(max(cx - shown / 2, room_low), room_high - shown)
        for row in range(MAX_LABEL_ROWS - len(lines) + 1):
            if all(at > ends[r] + 2 for r in range(row, row + len(lines))):
                return Placed(cx, row, at, lines, leader=row > 0 or not at <= cx <= at + shown)
    row = min(range(LABEL_ROWS), key=lambda r: ends[r])
    at = max(ends[row] + 2, low)
    text = label
    while text and at + stringWidth(text, SANS, LABEL_SIZE) > high:
        text = text[:-2] + "…" if len(text) > 1 else ""
    return Placed(cx, row, at, (text,), leader=True)


def _covers(at: float, width: float, others: list[float]) -> bool:
    """True when a label from ``at`` ``width`` wide lies over another diamond."""
    return any(at - 3 < o < at + width + 3 for o in others)


def _wrap(label: str, room: float) -> tuple[str, ...]:
    """The label broken at spaces into lines no wider than ``room``, at most
    ``MAX_LABEL_ROWS`` of them; () when it cannot be."""
    lines: list[str] = []
    for word in label.split(" "):  # a mark stays with its word (a no-break space before it)
        if lines and stringWidth(f"{lines[-1]} {word}", SANS, LABEL_SIZE) <= room:
            lines[-1] += f" {word}"
        elif stringWidth(word, SANS, LABEL_SIZE) <= room:
            lines.append(word)
        else:
            return ()
    return tuple(lines) if 1 < len(lines) <= MAX_LABEL_ROWS else ()
