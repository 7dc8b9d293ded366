"""Did-you-mean (stranger run): `casebook search blina` offered "Or did you mean: blida?" (an
Algerian province from the subdivision vocabulary) beside the line saying blina* finds the
blinatumomab cases. A word that starts an indexed or vocabulary word is being shortened, not
misspelt: no suggestion for it; and a place name never outranks a clinical word."""

from __future__ import annotations

from core.cli import main as cli_main
from core.model import Case
from core.search.suggest import vocabulary_words


def test_a_shortened_indexed_word_gets_no_suggestion(filled):
    result = filled.search.search("blina")
    assert result.total == 0 and result.suggestion is None
    assert filled.search.search("blina*").total > 0  # what the prefix line offers
    assert filled.search.search("blinatumumab").suggestion == "blinatumomab"  # still a typo


def test_command_line_offers_the_prefix_not_a_place(filled, capsys):
    assert cli_main(["search", "blina"]) == 0
    err = capsys.readouterr().err
    assert "blida" not in err and "Did you mean" not in err and "did you mean" not in err
    assert '"blina*" (as a prefix) matches' in err


def test_a_shortened_vocabulary_word_gets_no_place_name(casebook):
    """No case holds blinatumomab: "blina" starts the drug's name, and blida is no answer."""
    casebook.cases.save_case(Case(case_report={"title": "Relapse"}))
    result = casebook.search.search("blina")
    assert result.total == 0 and result.suggestion is None


def test_a_clinical_word_outranks_a_closer_place_name(casebook):
    """"bhrain": bahrain (a country, 92.3) is closer by letters than brain (90.9)."""
    assert {"bahrain", "brain"} <= vocabulary_words()
    casebook.cases.save_case(Case(case_report={"title": "Relapse"}))
    result = casebook.search.search("bhrain")
    assert result.total == 0 and result.suggestion == "brain"
