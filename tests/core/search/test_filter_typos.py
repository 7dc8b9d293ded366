"""A filter's value typed after a space (``dx: CML``) and a grade outside 1-5 (``ae:crs>=7``)
are refused with a message pointing at them, as the command line and the app show it; before,
the app dropped ``dx:`` and searched CML as text, and a grade of 7 matched nothing silently."""

from __future__ import annotations

import pytest

from core.cli import main
from core.search.parser import parse
from core.search.query import QueryError
from tests.conftest import REFERENCE_CASEBOOK


@pytest.mark.parametrize("as_you_type", [False, True])
@pytest.mark.parametrize(("typed", "message", "marked"), [
    ("dx: CML", "dx: the value goes right after the colon, without a space: dx:CML", "dx: CML"),
    ("cns:CNS3 drug: blinatumomab", "drug: the value goes right after the colon, without a "
     "space: drug:blinatumomab", "drug: blinatumomab"),
    ("-ae: crs>=2", "ae: the value goes right after the colon, without a space: ae:crs>=2",
     "ae: crs>=2"),
    ("ae:crs >=2", "ae:crs >=2: the grade goes right after the value, without a space: "
     "ae:crs>=2", "ae:crs >=2"),
    ("ae:crs >= 2 drug:blinatumomab", "ae:crs >= 2: the grade goes right after the value, "
     "without a space: ae:crs>=2", "ae:crs >= 2"),
    ('ae:"febrile neutropenia" >=3', 'ae:"febrile neutropenia" >=3: the grade goes right '
     'after the value, without a space: ae:"febrile neutropenia">=3',
     'ae:"febrile neutropenia" >=3'),
    ("age:18 ..40", "age:18 ..40: the range goes right after the value, without a space: "
     "age:18..40", "age:18 ..40"),
    ("day0:2022 ..2023", "day0:2022 ..2023: the range goes right after the value, without a "
     "space: day0:2022..2023", "day0:2022 ..2023"),
    ("ae:crs>=7", "ae: '7' is not a grade; grades are whole numbers from 1 to 5", "crs>=7"),
    ("ae:>=0", "ae: '0' is not a grade; grades are whole numbers from 1 to 5", ">=0"),
    ("ae:crs=2..9", "ae: '9' is not a grade; grades are whole numbers from 1 to 5", "crs=2..9"),
    ("ae:crs>=2.5", "ae: '2.5' is not a grade; grades are whole numbers from 1 to 5",
     "crs>=2.5"),
])
def test_the_typo_is_refused_and_marked(typed, message, marked, as_you_type):
    with pytest.raises(QueryError) as caught:
        parse(typed, as_you_type=as_you_type)
    error = caught.value
    assert error.message == message
    assert typed[error.position:error.position + error.length] == marked


@pytest.mark.parametrize("typed", ["dx:", "dx: ", "cns:CNS3 dx:", "ae:"])
def test_a_filter_still_being_typed_at_the_end_is_forgiven_as_you_type(typed):
    parse(typed, as_you_type=True)  # no error while typing; the strict parse refuses it
    with pytest.raises(QueryError):
        parse(typed)


@pytest.mark.parametrize("typed", ["dx: drug:blinatumomab", "dx: OR CML", 'dx: "B-ALL"'])
def test_an_empty_filter_before_other_words_needs_a_value(typed):
    for as_you_type in (False, True):  # not forgiven in the middle of the box any more
        with pytest.raises(QueryError, match="dx: needs a value"):
            parse(typed, as_you_type=as_you_type)


@pytest.mark.parametrize("typed", ["cns:CNS3 >=2", "age:18..40 >=2", "blinatumomab >=2",
                                   "ae:crs>=2 >=3"])
def test_a_range_after_a_space_is_text_where_no_filter_takes_it(typed):
    parse(typed)  # a filter without ranges, one with its range, or words: as before


@pytest.mark.parametrize("grades", ["ae:crs>=1", "ae:crs<=5", "ae:2..4", "ae:crs=3", "ae:crs5"])
def test_grades_1_to_5_are_taken(grades):
    parse(grades)


def test_the_command_line_says_it(capsys, data_home):
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    capsys.readouterr()
    assert main(["search", "dx: CML"]) == 1
    err = capsys.readouterr().err
    assert "dx: CML\n^^^^^^^\n" in err and "without a space: dx:CML" in err
    assert main(["search", "ae:crs >=2"]) == 1
    assert "without a space: ae:crs>=2" in capsys.readouterr().err
    assert main(["search", "ae:crs>=7"]) == 1
    assert "'7' is not a grade; grades are whole numbers from 1 to 5" in capsys.readouterr().err
