"""Convert the domain reference file (reference-cases.json) into Casebook's interchange format.

The mapping (also in tests/data/README.md): test metadata (placeholder_summary, every
``expected_*`` key with its notes, a case's ``note``/``notes``) and file-level notes are dropped;
``case_report.record_status`` becomes the case ``status`` (final/exported -> complete); automatic
timeline events and derived fields are recomputed, not imported; ICD codes become coded values
{code, label, system, version}; the spec's own names for fields Casebook names differently are
renamed (``SPEC_NAMES``: ``pb_wbc_10e9_L`` -> ``pb_wbc_same_day``, an administration's
``dose_modifications`` -> ``modifications``, ...); everything else maps unchanged.

``python -m core.io.reference SOURCE TARGET``: exit 0 when written, 1 with one line per problem
(case and field path) when the source cannot be converted, 2 for a wrong command line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from core.io.interchange import export_document
from core.io.outputs import OutputError, atomic_write_text
from core.model import Case
from core.model.fieldpath import error_path

TEST_METADATA = ("placeholder_summary", "expected_warnings", "expected_derivations")
CASE_NOTES = ("note", "notes")  # a case's test notes (a case has no note of its own)
# The spec's name (hematology-reference.md §1.3, §4, §11) -> Casebook's, per kind of record.
SPEC_NAMES: dict[str, dict[str, str]] = {
    "csf_assessments": {"pb_wbc_10e9_L": "pb_wbc_same_day", "pb_rbc_10e12_L": "pb_rbc_same_day"},
    "administrations": {"dose_modifications": "modifications"},
}
# Keys the nesting already says: a modification sits inside its administration.
IMPLIED_BY_NESTING: dict[str, tuple[str, ...]] = {"modifications": ("administration_id",)}


class ConversionError(ValueError):
    """The source cannot be converted; ``problems`` lists (case, field path, message)."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        super().__init__("; ".join(f"{c} {p}: {m}" for c, p, m in problems))
        self.problems = problems


def is_test_metadata(key: str) -> bool:
    """True for a case key that is test metadata, not case content (CASE-MODEL.md)."""
    return key in TEST_METADATA or key.startswith("expected_") or key in CASE_NOTES


def reference_case_objects(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The case objects of a reference file, test metadata dropped and spec names renamed."""
    cases = doc.get("cases") if isinstance(doc, dict) else None
    if not isinstance(cases, list):
        raise ConversionError([("", "cases", "the file needs a list of cases under 'cases'")])
    out, problems = [], []
    for index, case in enumerate(cases):
        label = _label(case, index)
        if not isinstance(case, dict):
            problems.append((label, "", "a case must be an object"))
            continue
        content = {k: v for k, v in case.items() if not is_test_metadata(k)}
        problems += [(label, path, message) for path, message in _rename(content, "")]
        out.append(content)
    if problems:
        raise ConversionError(problems)
    return out


def _rename(node: Any, path: str) -> list[tuple[str, str]]:
    """Rename the spec's field names in place under ``node``; the conflicts found."""
    problems: list[tuple[str, str]] = []
    if not isinstance(node, dict):
        return problems
    for key, value in list(node.items()):
        if not isinstance(value, list):
            continue
        names = SPEC_NAMES.get(key, {})
        for i, item in enumerate(value):
            where = f"{path}{key}[{i}]"
            if isinstance(item, dict):
                problems += _rename_keys(item, names, where)
                for implied in IMPLIED_BY_NESTING.get(key, ()):
                    item.pop(implied, None)
                problems += _rename(item, where + ".")
    return problems


def _rename_keys(item: dict[str, Any], names: dict[str, str], where: str
                 ) -> list[tuple[str, str]]:
    problems = []
    for spec, ours in names.items():
        for suffix in ("", "_nf"):
            if spec + suffix not in item:
                continue
            value = item.pop(spec + suffix)
            if ours + suffix in item and item[ours + suffix] != value:
                problems.append((f"{where}.{spec}{suffix}",
                                 f"'{spec}{suffix}' and '{ours}{suffix}' are the same field with "
                                 "different values; keep one"))
            item[ours + suffix] = value
    return problems


def _label(case: Any, index: int) -> str:
    case_id = case.get("case_id") if isinstance(case, dict) else None
    if isinstance(case_id, str):
        return case_id
    return f"#{index + 1}"


def convert_reference(doc: dict[str, Any]) -> dict[str, Any]:
    """The Casebook interchange document of a reference file; ConversionError naming every
    case and field that cannot be converted."""
    cases, problems = [], []
    for index, obj in enumerate(reference_case_objects(doc)):
        try:
            cases.append(Case.model_validate(obj))
        except ValidationError as exc:
            problems += [(_label(obj, index), error_path(err.get("loc", ())), _message(err))
                         for err in exc.errors()]
    if problems:
        raise ConversionError(problems)
    return export_document(cases)


def _message(err: Any) -> str:
    if err.get("type") == "extra_forbidden":
        return "unknown field"
    return str(err.get("msg", "invalid value")).removeprefix("Value error, ")


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2:
        print("usage: python -m core.io.reference SOURCE.json TARGET.json", file=sys.stderr)
        return 2
    src, dst = Path(args[0]), Path(args[1])
    try:
        doc = convert_reference(json.loads(src.read_text(encoding="utf-8")))
        atomic_write_text(dst, json.dumps(doc, ensure_ascii=False, indent=1) + "\n", force=True)
    except ConversionError as exc:
        for case, path, message in exc.problems:
            where = ", ".join(part for part in (f"case {case}" if case else "", path) if part)
            print(f"{src}: {where}: {message}" if where else f"{src}: {message}",
                  file=sys.stderr)
        return 1
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{src}: cannot be read ({getattr(exc, 'strerror', None) or exc})", file=sys.stderr)
        return 1
    except json.JSONDecodeError as exc:
        print(f"{src}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})",
              file=sys.stderr)
        return 1
    except OutputError as exc:
        print(f"{dst}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
