"""Reading and writing Casebook JSON files. Everything is validated before anything is
written; a file with malformed data reports every problem with file, case and field path."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from core.errors import Problem
from core.io.outputs import atomic_open
from core.model import SCHEMA_VERSION, Case
from core.model.fieldpath import error_path

FORMAT = "casebook"
MAX_FILE_BYTES = 2_000_000_000
MAX_PROBLEMS_PER_CASE = 20


@dataclass
class ReadResult:
    cases: list[Case] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def export_document(cases: Iterable[Case]) -> dict[str, Any]:
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION,
            "cases": [c.to_json_dict() for c in cases]}


def write_export(path: Path, cases: Iterable[Case], *, force: bool = False) -> int:
    """Write an export atomically (temporary file, fsync, rename; ``force``: replacing a file
    that is there); returns the case count. OutputError when it cannot be written."""
    doc = export_document(cases)
    with atomic_open(path, "w", force=force, encoding="utf-8") as fh:
        json.dump(doc, fh, ensure_ascii=False, separators=(",", ":"))
    return len(doc["cases"])


def read_files(paths: Iterable[Path]) -> ReadResult:
    result = ReadResult()
    for path in paths:
        read_file(Path(path), result)
    _check_duplicates(result)
    return result


def read_file(path: Path, result: ReadResult) -> None:
    name = str(path)
    raw = _load_json(path, result)
    if raw is None:
        return
    items = _case_objects(raw, name, result)
    for index, obj in enumerate(items):
        case_label = _case_label(obj, index)
        try:
            case = Case.model_validate(obj)
        except ValidationError as exc:
            for err in exc.errors()[:MAX_PROBLEMS_PER_CASE]:
                result.problems.append(Problem(name, case_label, _error_where(err, index, raw),
                                               _error_message(err)))
            continue
        except (ValueError, TypeError, RecursionError) as exc:
            result.problems.append(Problem(name, case_label, "", f"invalid case: {exc}"))
            continue
        result.cases.append(case)
        result.sources.append(name)


def _load_json(path: Path, result: ReadResult) -> Any:
    name = str(path)
    try:
        size = path.stat().st_size
        if size == 0:
            result.problems.append(Problem(name, None, "", "the file is empty"))
            return None
        if size > MAX_FILE_BYTES:
            result.problems.append(Problem(name, None, "", "the file is too large to import"))
            return None
        data = path.read_bytes()
    except IsADirectoryError:
        result.problems.append(Problem(name, None, "", "this is a folder, not a file"))
        return None
    except OSError as exc:
        result.problems.append(Problem(name, None, "", f"cannot be read ({exc.strerror or exc})"))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.problems.append(Problem(name, None, "", "not a text file (it is not UTF-8)"))
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        result.problems.append(Problem(
            name, None, "", f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"))
    except RecursionError:
        result.problems.append(Problem(name, None, "", "the JSON is nested too deeply"))
    return None


def _case_objects(raw: Any, name: str, result: ReadResult) -> list[Any]:
    if isinstance(raw, dict) and "cases" in raw:
        fmt = raw.get("format")
        if fmt not in (None, FORMAT):
            result.problems.append(Problem(name, None, "format", f"unknown format '{fmt}'"))
            return []
        unknown = set(raw) - {"format", "schema_version", "cases", "exported_at"}
        if unknown:
            result.problems.append(Problem(name, None, sorted(unknown)[0],
                                           "unknown top-level field"))
        if not isinstance(raw["cases"], list):
            result.problems.append(Problem(name, None, "cases", "must be a list of cases"))
            return []
        return raw["cases"]
    if isinstance(raw, dict):
        return [raw]
    result.problems.append(Problem(name, None, "",
                                   "expected a Casebook file (an object with 'cases') or a case"))
    return []


def _case_label(obj: Any, index: int) -> str:
    if isinstance(obj, dict) and isinstance(obj.get("case_id"), str):
        return obj["case_id"][:60]
    return f"#{index + 1}"


def _error_where(err: Any, index: int, raw: Any) -> str:
    return error_path(err.get("loc", ()))


def _error_message(err: Any) -> str:
    kind = err.get("type", "")
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "this field is required"
    msg = str(err.get("msg", "invalid value"))
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    value = err.get("input")
    if kind not in ("model_type", "dict_type", "list_type") and _is_scalar(value):
        msg += f" (got {json.dumps(value, ensure_ascii=False)[:60]})"
    return msg


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _check_duplicates(result: ReadResult) -> None:
    seen: dict[str, str] = {}
    for case, source in zip(result.cases, result.sources, strict=True):
        if case.case_id in seen:
            result.problems.append(Problem(source, case.case_id, "case_id",
                                           f"the same case id appears twice (also in {seen[case.case_id]})"))
        else:
            seen[case.case_id] = source
