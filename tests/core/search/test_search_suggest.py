"""'Did you mean …': a misspelt word with no hits gets the closest indexed word or vocabulary
term (rapidfuzz), in the service's result and on `casebook search`'s stderr."""

from __future__ import annotations

from core.cli import main as cli_main
from core.search.suggest import vocabulary_words
from tests.core.search.conftest import REF1


def test_a_misspelt_drug_suggests_the_indexed_word(filled):
    result = filled.search.search("blinatumumab")
    assert result.total == 0 and result.suggestion == "blinatumomab"
    again = filled.search.search(result.suggestion)
    assert again.total > 0 and REF1 in {h.case_id for h in again.hits}


def test_only_the_missing_word_is_replaced(filled):
    result = filled.search.search("relapse blinatumumab cns:CNS3", as_you_type=True)
    assert result.suggestion == "relapse blinatumomab cns:CNS3"


def test_no_suggestion_for_hits_nonsense_negations_or_identifiers(filled):
    assert filled.search.search("blinatumomab").suggestion is None  # it has hits
    assert filled.search.search("qqqqxzzzv").suggestion is None  # nothing close
    assert filled.search.search("dasatinib -blinatumumab").suggestion is None
    assert "blinatumomab" in vocabulary_words()


def test_command_line_offers_the_suggestion(filled, capsys):
    assert cli_main(["search", "blinatumumab"]) == 0  # no hits is not an error, as before
    err = capsys.readouterr().err
    assert "No cases match. Did you mean: blinatumomab?" in err and "0 case(s)" in err
    assert cli_main(["search", "blinatumomab"]) == 0
    assert "Did you mean" not in capsys.readouterr().err


def test_a_patient_name_is_never_suggested(casebook):
    from core.model import Case

    casebook.cases.save_case(Case(case_report={"title": "Relapse"},
                                  patient={"name": "Wolfeschlegel"}))
    assert casebook.search.search("Wolfeschlegel").total == 1  # the name is searchable
    result = casebook.search.search("Wolfeschlegal")
    assert result.total == 0 and result.suggestion is None
