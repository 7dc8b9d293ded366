"""A count of problems reads as English: "1 problem found" and "2 problems found", not
"1 problem(s) found" (an import or validate refused; the GUI's import message shows it too,
tests/gui/test_import_missing_column_gui.py), and the integrity check's "and 1 more case
problem" / "and 2 more case problems"."""

from __future__ import annotations

from core.errors import InvalidData, Problem
from core.store.content import SHOWN, summary


def _problems(count: int) -> list[Problem]:
    return [Problem("cases.json", f"C{i}", "case_report.title", "is missing")
            for i in range(count)]


def test_one_problem_is_singular():
    text = str(InvalidData(_problems(1)))
    assert text.startswith("1 problem found; nothing was written.\n")
    assert "problem(s)" not in text


def test_two_problems_are_plural():
    assert str(InvalidData(_problems(2))).startswith("2 problems found; nothing was written.\n")


def test_the_integrity_check_counts_the_case_problems_not_named():
    named = [f"case C{i}: its document changed" for i in range(SHOWN)]
    assert summary([*named, "one more"]).endswith("; and 1 more case problem")
    assert summary([*named, "one", "two"]).endswith("; and 2 more case problems")
    assert "more case problem" not in summary(named)
