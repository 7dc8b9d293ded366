"""How a de-identified dataset export is told on import, so that it never replaces the cases
stored (shifted dates, dropped dates, identifiers or free text would overwrite the recorded
values).

The export marks itself in the data dictionary (CSV folder, .zip and workbook alike): the
Field Annotation of its ``case_id`` row reads ``de-identified: dates shifted, ...`` (the
options, ``DeidOptions.describe``), and its Field Note says so in words. An export made before
that mark, or whose dictionary was left out, is still told: a de-identified export has no kept
column (``<prefix>_kept``), which every table of an identified export ends with.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from core.io.deident import DeidOptions

MARK = "de-identified: "
NOTE = ("de-identified export ({options}): casebook import refuses it over stored cases "
        "(import it into an empty data folder)")
# with hashed case ids (no Casebook id): ``import --as-new`` gives its cases new ids
HASHED_NOTE = ("de-identified export ({options}): its case ids are keyed hashes, not Casebook "
               "ids: casebook import --as-new imports its cases under new ids")
NO_KEPT = "no kept column"  # the options unknown: an export without the mark
HASHED = "case ids hashed"  # the option of a dataset whose case ids are keyed hashes
# what a dataset with hashed case ids says on import without --as-new: no case keeps its id
HASHED_IDS = ("the case ids of this dataset are keyed hashes (it was exported with hashed "
              "case ids), not Casebook ids: import it with --as-new to give each case a new "
              "id")

# each option as the mark names it: how the dataset was exported, what it would replace
_OPTIONS = {"dates shifted": ("with shifted dates", "the real dates"),
            "dates dropped": ("without its calendar dates", "the calendar dates"),
            "identifiers dropped": ("without identifiers", "the identifiers"),
            "free text dropped": ("without free text", "the free text"),
            HASHED: ("with hashed case ids", "the case ids"),
            NO_KEPT: ("without kept columns, as a de-identified export is",
                      "what only those columns carry (missing-value reasons, provenance, the "
                      "case's status and lock)")}
# what a case id stored here says in a de-identified dataset (the app's question looks for it:
# it offers no Replace then)
CANNOT_REPLACE = "this is a de-identified dataset: it cannot replace stored cases"


def mark(options: DeidOptions) -> str:
    """The dictionary's mark of an export with ``options`` ("" when not de-identified)."""
    return MARK + options.describe() if options.any else ""


def dataset_marks(annotation: str, headers: Iterable[Sequence[str]],
                  kept_part: str) -> list[str]:
    """The de-identification options of a dataset being imported ([] for an identified one):
    those its dictionary's ``case_id`` row names in its Field Annotation (``annotation``,
    "" without one), else ``NO_KEPT`` when none of the tables' ``headers`` has a kept
    column."""
    if annotation.startswith(MARK):
        return [p.strip() for p in annotation[len(MARK):].split(",") if p.strip()] or [NO_KEPT]
    found = list(headers)
    if found and not any(h.endswith(f"_{kept_part}") for header in found for h in header):
        return [NO_KEPT]
    return []


def refusal(options: list[str], count: int, ids: list[str]) -> str:
    """Why a de-identified dataset cannot replace ``count`` stored cases (``ids``: some of
    them, named)."""
    known = [_OPTIONS.get(o, (f"with {o}", "recorded values")) for o in options]
    how = " and ".join(h for h, _ in known)
    what = " and ".join(dict.fromkeys(w for _, w in known))
    shown = ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")
    return (f"this dataset was exported {how} (de-identified); importing it would replace "
            f"{what} of {count} stored case(s) ({shown}). Import its cases as new ones "
            "under new ids (--as-new), or into a new, empty data folder, or use an identified "
            "export.")


def collision(options: list[str]) -> str:
    """What a case of a de-identified dataset exported with ``options`` says when its id is
    stored here: not "use --replace", which is refused (``refusal``), but what works."""
    how = " and ".join(_OPTIONS.get(o, (f"with {o}", ""))[0] for o in options)
    return (f"a case with this id already exists, and {CANNOT_REPLACE} (it was exported {how}); "
            "use --as-new to import its cases under new ids, or import it into a new, empty "
            "data folder")
