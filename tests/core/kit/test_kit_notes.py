"""What the kit still lacks, as the end message and `casebook kit` list it: each hint once, its
place in the editor's words from its section list ("Authors & references › Statements ›
Funding"), not as a field path."""

from __future__ import annotations

from core.kit import _lacks
from core.services.demo import reference_cases


def test_notes_name_the_place_in_words_and_say_no_author_once():
    notes = _lacks(reference_cases()[0])
    assert "No funding statement" in "\n".join(notes)
    assert any(n.endswith("(Authors & references › Statements › Funding).") for n in notes), notes
    assert not any("statements.funding" in n for n in notes), notes
    assert [n for n in notes if "author" in n.lower() and "No author" in n] == [
        "No author yet: add the authors in byline order (Authors & references › Authors)."]
