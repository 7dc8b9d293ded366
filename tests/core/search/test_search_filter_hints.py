"""A filter whose value no case holds (drug:blina: filters take whole values) says so and
names the stored values it is the start of or close to, in the service's result and on
`casebook search`'s stderr and --json."""

from __future__ import annotations

import json

from sqlalchemy import text

from core.cli import main as cli_main
from core.search import filter_hints


def test_a_partial_drug_name_names_the_stored_drug(filled):
    result = filled.search.search("drug:blina")
    assert result.total == 0
    assert result.filter_hints == [
        "drug:blina matches no drug in this casebook. Did you mean drug:blinatumomab?"]
    assert result.suggestion == "drug:blinatumomab"
    assert filled.search.search(result.suggestion).total > 0


def test_a_star_on_a_filter_says_filters_take_whole_values(filled):
    [hint] = filled.search.search("drug:blina*").filter_hints
    assert hint.startswith("drug:blina* takes whole values") and "drug:blinatumomab" in hint


def test_a_diagnosis_names_the_stored_diagnoses_it_starts_or_is_close_to(filled):
    [hint] = filled.search.search("dx:b-a").filter_hints
    assert hint == ('dx:b-a matches no diagnosis in this casebook. Did you mean dx:b-all or '
                    'dx:"b-all nos"?')
    [hint] = filled.search.search("dx:cmll").filter_hints  # a typo: the close value
    assert hint.endswith("Did you mean dx:cml?")
    [hint] = filled.search.search("dx:leukem").filter_hints  # no stored diagnosis is close
    assert hint == ("dx:leukem matches no diagnosis in this casebook; filters take whole "
                    "values (for part of a word, search leukem* without dx:).")


def test_no_hint_when_the_filter_matches_or_nothing_is_close(filled):
    assert filled.search.search("drug:blinatumomab").filter_hints == []
    assert filled.search.search("drug:blinatumomab qqqqxzzzv").filter_hints == []  # the word
    assert filled.search.search("-drug:blina").filter_hints == []
    [hint] = filled.search.search("drug:qqqqxzzzv").filter_hints
    assert "matches no drug" in hint and "whole values" in hint


def test_the_hints_lookups_seek_in_the_facet_index(filled):
    """Fast at any size (a few ms at 100k cases, measured): each lookup is an index seek on
    ix_case_codes_search, never a scan of case_codes (speed itself belongs in the bench)."""
    params = {"facet": "drug", "after": "b", "low": "b", "high": "c"}
    with filled.ctx.db.read() as conn:
        for statement in (filter_hints._NEXT, filter_hints._ANY):
            plan = " ".join(str(row[-1]) for row in conn.execute(
                text(f"EXPLAIN QUERY PLAN {statement.text}"), params))
            assert "USING COVERING INDEX ix_case_codes_search" in plan, plan
            assert "SCAN" not in plan, plan


def test_command_line_shows_the_hint(filled, capsys):
    assert cli_main(["search", "drug:blina"]) == 0
    err = capsys.readouterr().err
    assert "drug:blina matches no drug in this casebook. Did you mean drug:blinatumomab?" in err
    assert cli_main(["search", "--json", "drug:blina"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["filter_hints"] == [
        "drug:blina matches no drug in this casebook. Did you mean drug:blinatumomab?"]
    assert cli_main(["search", "drug:blinatumomab"]) == 0
    assert "matches no" not in capsys.readouterr().err
