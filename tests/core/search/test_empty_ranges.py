"""A number filter whose range no value can be in is refused with a message naming the filter
and the values there are: ``ae:crs<1`` (grades are 1-5), ``ae:>5`` and ``lansky:>100`` (0-100
in the model) were searched and found nothing, as if no case had them. Ranges that reach the
values are searched. An age outside 0-120 (rule V01's range; the model leaves the field open,
so a stored or imported case may hold one, which V01 lists) is searched, so such a case is
found (a review: ``age:>120`` was refused as matching no case when one did); when nothing is
found, the search says the range."""

from __future__ import annotations

import pytest

from core.cli import main
from core.search.parser import parse
from core.search.query import QueryError
from tests.conftest import REFERENCE_CASEBOOK

GRADES = "grades are whole numbers from 1 to 5"
AGES = "ages at Day 0 are 0 to 120 years"


@pytest.mark.parametrize("as_you_type", [False, True])
@pytest.mark.parametrize(("typed", "message"), [
    ("ae:crs<1", f"ae:crs<1 can match no case: {GRADES}"),
    ("ae:crs>5", f"ae:crs>5 can match no case: {GRADES}"),
    ("ae:>5", f"ae:>5 can match no case: {GRADES}"),
    ("ae:<1", f"ae:<1 can match no case: {GRADES}"),
    ('ae:"febrile neutropenia"<1', f'ae:"febrile neutropenia"<1 can match no case: {GRADES}'),
    ("ae:x<=0", f"ae: '0' is not a grade; {GRADES}"),
    ("lansky:>100", "lansky:>100 can match no case: Lansky play-performance is 0 to 100"),
    ("lansky:<0", "lansky:<0 can match no case: Lansky play-performance is 0 to 100"),
])
def test_a_range_no_value_is_in_is_refused(typed, message, as_you_type):
    with pytest.raises(QueryError) as caught:
        parse(typed, as_you_type=as_you_type)
    assert caught.value.message == message


@pytest.mark.parametrize("typed", [
    "ae:crs>=1", "ae:crs<=1", "ae:crs<2", "ae:crs>4", "ae:>=5", "age:<=0", "age:0",
    "age:>=120", "age:100..200", "age:-5..0", "age:<18", "lansky:>=0", "lansky:<=100",
    "lansky:100", "lansky:90..150",
])
def test_a_range_that_reaches_the_values_is_searched(typed):
    parse(typed)


def test_the_command_line_refuses_it_and_says_why(capsys, data_home):
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    capsys.readouterr()
    assert main(["search", "ae:crs<1"]) == 1
    assert f"ae:crs<1 can match no case: {GRADES}" in capsys.readouterr().err
    assert main(["search", "ae:crs<=2"]) == 0


@pytest.mark.parametrize("typed", ["age:<0", "age:-1", "age:..-1", "age:>120", "age:150",
                                   "dx:B-ALL age:121..130"])
def test_an_age_outside_v01s_range_is_searched_and_named_when_nothing_is_found(filled, typed):
    result = filled.search.search(typed)
    assert result.error is None and result.total == 0
    shown = typed.split()[-1]
    assert result.filter_hints == [f"{shown} matches no case: {AGES}"]


def test_a_stored_age_outside_v01s_range_is_found(casebook, reference_cases):
    """An imported case with an age of 150 (V01 lists it) is found by age:>120."""
    odd = reference_cases[0].model_copy(deep=True)
    odd.patient.age_at_day0 = 150
    casebook.cases.import_cases([odd, reference_cases[1]], source="test")
    result = casebook.search.search("age:>120")
    assert result.error is None
    assert [hit.case_id for hit in result.hits] == [odd.case_id]
    assert not result.filter_hints
