"""The import's fast path (issue 20): a case is parsed without the literal hooks and vouched
for by ``screening.clean_parsed``; whatever it does not vouch for is parsed again with
``screening.parse``'s literals and screened, so the problems are named exactly as before."""

from __future__ import annotations

import io
import json

import pytest

from core.io import screening
from core.io.jsonstream import CASE, Document
from core.synth import generate_cases


def _read(case_text: str) -> tuple[object, bool]:
    data = ('{"format": "casebook", "cases": [' + case_text + "]}").encode("utf-8")
    doc = Document(io.BytesIO(data))
    found = [(value, doc.clean) for key, value in doc.items() if key is CASE]
    assert len(found) == 1
    return found[0]


def test_a_clean_case_is_read_plainly_and_as_parse_reads_it():
    case = next(iter(generate_cases(1, seed=3))).to_json_dict()
    text = json.dumps(case, ensure_ascii=False)
    value, clean = _read(text)
    assert clean and value == screening.parse(text) == case


DEEP = '{"case_id": "c1", "x": ' + "[" * 45 + "1" + "]" * 45 + "}"
HOSTILE = {
    "NUL escaped": '{"case_id": "c1", "note": "a\\u0000b"}',
    "form feed": '{"case_id": "c1", "note": "a\\fb"}',
    "backspace in a key": '{"case_id": "c1", "n\\bote": "x"}',
    "DEL unescaped": '{"case_id": "c1", "note": "a\x7fb"}',
    "lone surrogate": '{"case_id": "c1", "note": "a\\ud800b"}',
    "NaN": '{"case_id": "c1", "age": NaN}',
    "-Infinity": '{"case_id": "c1", "age": -Infinity}',
    "float overflow": '{"case_id": "c1", "age": 1e999}',
    "large number": '{"case_id": "c1", "age": 10000000000000001}',
    "long integer literal": '{"case_id": "c1", "age": ' + "9" * 5000 + "}",
    "long key": '{"case_id": "c1", "' + "k" * 201 + '": 1}',
    "long text": '{"case_id": "c1", "note": "' + "a" * 100_001 + '"}',
    "nested duplicate key": '{"case_id": "c1", "p": {"a": 1, "a": 2}}',
    "top duplicate key": '{"case_id": "c1", "case_id": "c2"}',
    # the plain parse keeps one of two keys: the keys counted on the text must still see both
    "duplicate beside a quoted colon": '{"case_id": "c1", "note": "say \\": x", '
                                       '"p": {"a": 1, "a": 2}}',
    "duplicate beside a key ending in a backslash": '{"case_id": "c1", "k\\\\": 1, '
                                                    '"p": {"a": 1, "a": 2}}',
    "duplicate after a spaced colon": '{"case_id" : "c1", "p": {"a": 1, "a": 2}}',
    "duplicate in a list": '{"case_id": "c1", "l": [{"a": 1}, {"b": 1, "b": 1}]}',
    "too deep": DEEP,
    "not an object": "[1, 2]",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_what_the_fast_check_does_not_vouch_for_is_screened_as_written(name):
    text = HOSTILE[name]
    value, clean = _read(text)
    assert not clean
    exact = screening.parse(text)
    assert repr(value) == repr(exact)  # the literals as parse reads them (Unacceptable...)
    if isinstance(exact, dict):
        assert screening.screen(value), name  # and screening names the problem


def test_the_fast_check_refuses_what_the_full_check_refuses():
    for text in HOSTILE.values():
        try:
            plain = json.JSONDecoder(object_pairs_hook=screening._object).decode(text)
        except ValueError:
            continue
        assert not screening.clean_parsed(plain, text)


def test_quotes_and_colons_in_texts_keep_a_case_on_the_fast_path():
    case = next(iter(generate_cases(1, seed=4))).to_json_dict()
    case["case_report"]["title"] = 'He said "stop": then {"a": 1}, tab\there'
    for text in (json.dumps(case, ensure_ascii=False),
                 json.dumps(case, ensure_ascii=False, indent=2)):
        value, clean = _read(text)
        assert clean and value == case
        assert screening.keys_in_text(text) > 100


def test_the_keys_are_counted_on_the_text_or_not_at_all():
    assert screening.keys_in_text('{"a": {"b": "x\\": y", "c": 1}}') == 3
    assert screening.keys_in_text('{"a\\\\": 1}') is None  # an escaped backslash
    assert screening.keys_in_text('{"a" : 1}') is None
