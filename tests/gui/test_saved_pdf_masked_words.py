"""The status bar after saving a de-identified PDF words what was done by what was found: rule
V60's subdivision is left out, not "masked in the texts" (before: "(1 possible identifier(s)
masked in the texts)" for a case whose only hit was the subdivision)."""

from __future__ import annotations

from pathlib import Path

from core.report.options import RARE_COMBINATION, Hit
from gui.save_target import saved_pdf_text

RARE = Hit("patient.subdivision", "CN-JS", RARE_COMBINATION)
DATE = Hit("case_report.discussion", "12/03/1989", "date")


def test_the_saved_message_says_the_subdivision_was_left_out():
    text = saved_pdf_text(Path("/tmp/out/C1-deid.pdf"), "de-identified", [RARE])
    assert text == ("Saved the de-identified PDF C1-deid.pdf in /tmp/out (left out the "
                    "subdivision as a rare combination with the age).")
    both = saved_pdf_text(Path("/tmp/out/C1-deid.pdf"), "de-identified", [DATE, RARE])
    assert "(masked 1 possible identifier(s) found in the texts and left out the subdivision" \
        in both
    assert saved_pdf_text(Path("/tmp/out/C1.pdf"), "identified") == (
        "Saved the identified PDF C1.pdf in /tmp/out.")
