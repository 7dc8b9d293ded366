"""A kit of a case without consent for publication says so (a review: the manuscript wrote
"Informed consent: Not reported." for consent recorded as not obtained, and the kit gave no
note, where the PDF summary carries a banner)."""

from __future__ import annotations

import json

from docx import Document

from tests.conftest import REFERENCE_CASEBOOK
from tests.core.kit.manuscript_text import reference_kit


def _kit(tmp_path, status: str | None):
    return kit_with_consent(tmp_path, {"status": status} if status else {})


def kit_with_consent(tmp_path, consent: dict):
    """The kit of reference case 1 with ``consent`` as its Consent section: its report and
    its manuscript's text, a paragraph a line."""
    doc = json.loads(REFERENCE_CASEBOOK.read_text(encoding="utf-8"))["cases"][0]
    doc["consent"] = consent
    report = reference_kit(tmp_path, doc)
    text = "\n".join(p.text for p in Document(str(tmp_path / "kit" / "manuscript.docx"))
                     .paragraphs)
    return report, text


def test_consent_not_obtained_is_said_so(tmp_path):
    report, text = _kit(tmp_path, "not_obtained")
    assert "Informed consent for publication was not obtained." in text
    assert report.notes[0].startswith("Consent for publication is not obtained: do not submit")


def test_consent_obtained_gives_no_consent_note(tmp_path):
    report, text = _kit(tmp_path, "obtained")
    assert "consent for publication was obtained" in text.lower()
    assert not any(n.startswith("Consent for publication is") for n in report.notes)


def test_declarations_say_the_consent_statement_made_from_the_fields(tmp_path):
    """Without a statement typed, the Informed consent section makes one from the Consent
    fields; Declarations' "Consent for publication" now says it too (it printed nothing)."""
    _report, text = _kit(tmp_path, "obtained")
    lines = text.splitlines()
    declared = [line for line in lines[lines.index("Declarations"):]
                if line.startswith("Consent for publication")]
    assert declared == ["Consent for publication: Informed consent for publication was "
                        "obtained."]  # no form entered: not "Informed informed consent"
    assert "Informed consent for publication was obtained." in lines
