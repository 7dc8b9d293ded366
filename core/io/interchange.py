"""Reading and writing Casebook JSON files. Everything is validated before anything is
written; a file with malformed data reports every problem with file, case and field path."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from core.errors import Problem
from core.io import screening
from core.io.outputs import atomic_open
from core.io.screening import safe_text
from core.model import SCHEMA_VERSION, Case
from core.model.fieldpath import error_path, flatten

FORMAT = "casebook"
MAX_FILE_BYTES = 2_000_000_000
MAX_PROBLEMS_PER_CASE = 20
KNOWN_SCHEMA_VERSIONS = (SCHEMA_VERSION,)
_VERSION = re.compile(r"^\d{1,6}\.\d{1,6}\.\d{1,6}$")


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
    name = safe_text(str(path), 4000)
    raw = _load_json(path, result)
    if raw is _UNREADABLE:
        return
    items = _case_objects(raw, name, result)
    for index, obj in enumerate(items):
        case_label = _case_label(obj, index)
        problems = _screen_case(obj)
        if problems:
            result.problems += [Problem(name, case_label, where, message)
                                for where, message in problems[:MAX_PROBLEMS_PER_CASE]]
            continue
        try:
            case = Case.model_validate(obj)
        except ValidationError as exc:
            for err in exc.errors()[:MAX_PROBLEMS_PER_CASE]:
                result.problems.append(Problem(name, case_label, _error_where(err, index, raw),
                                               _error_message(err)))
            continue
        except (ValueError, TypeError, RecursionError) as exc:
            result.problems.append(Problem(name, case_label, "",
                                           f"invalid case: {safe_text(str(exc), 200)}"))
            continue
        if not _has_content(case):
            result.problems.append(Problem(name, case_label, "", "the case is empty: it holds "
                                           "no data besides its id and status"))
            continue
        result.cases.append(case)
        result.sources.append(name)


_UNREADABLE = object()


def _load_json(path: Path, result: ReadResult) -> Any:
    """The file's JSON value, or ``_UNREADABLE`` (the problem is recorded)."""
    name = safe_text(str(path), 4000)
    try:
        size = path.stat().st_size
        if size == 0:
            result.problems.append(Problem(name, None, "", "the file is empty"))
            return _UNREADABLE
        if size > MAX_FILE_BYTES:
            result.problems.append(Problem(name, None, "", "the file is too large to import"))
            return _UNREADABLE
        data = path.read_bytes()
    except IsADirectoryError:
        result.problems.append(Problem(name, None, "", "this is a folder, not a file"))
        return _UNREADABLE
    except OSError as exc:
        result.problems.append(Problem(name, None, "", f"cannot be read ({exc.strerror or exc})"))
        return _UNREADABLE
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.problems.append(Problem(name, None, "", "not a text file (it is not UTF-8)"))
        return _UNREADABLE
    try:
        return screening.parse(text)
    except json.JSONDecodeError as exc:
        result.problems.append(Problem(
            name, None, "", f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"))
    except (RecursionError, MemoryError):
        result.problems.append(Problem(name, None, "", "the JSON is nested too deeply"))
    except ValueError as exc:  # e.g. an integer literal Python will not convert
        result.problems.append(Problem(name, None, "",
                                       f"not valid JSON ({safe_text(str(exc), 120)})"))
    return _UNREADABLE


def _case_objects(raw: Any, name: str, result: ReadResult) -> list[Any]:
    if isinstance(raw, dict) and "cases" in raw:
        header = {k: v for k, v in raw.items() if k != "cases"}
        bad = screening.screen(header)
        bad += [(safe_text(key), "this field appears twice")
                for key in getattr(raw, "duplicates", ())]
        if bad:
            result.problems += [Problem(name, None, where, message) for where, message in bad]
            return []
        fmt = raw.get("format")
        if fmt not in (None, FORMAT):
            result.problems.append(Problem(name, None, "format",
                                           f"unknown format '{safe_text(str(fmt))}'"))
            return []
        version = version_problem(raw.get("schema_version", SCHEMA_VERSION))
        if version:
            result.problems.append(Problem(name, None, "schema_version", version))
            return []
        unknown = set(raw) - {"format", "schema_version", "cases", "exported_at"}
        if unknown:
            result.problems.append(Problem(name, None, sorted(unknown)[0],
                                           "unknown top-level field"))
        if not isinstance(raw["cases"], list):
            result.problems.append(Problem(name, None, "cases", "must be a list of cases"))
            return []
        if not raw["cases"]:
            result.problems.append(Problem(name, None, "cases", "the file holds no cases"))
        return raw["cases"]
    if isinstance(raw, dict):
        return [raw]
    result.problems.append(Problem(name, None, "", "expected a Casebook file (an object with "
                                   f"'cases') or a case, not {_json_kind(raw)}"))
    return []


def version_problem(version: Any) -> str | None:
    """Why a file or case of schema ``version`` cannot be read by this Casebook, or None."""
    ours = f"this Casebook reads schema version {SCHEMA_VERSION}"
    if version in KNOWN_SCHEMA_VERSIONS:
        return None
    if not isinstance(version, str) or not _VERSION.match(version):
        shown = safe_text(version) if isinstance(version, str) else _json_kind(version)
        return f"'{shown}' is not a schema version ({ours})"
    if _version_key(version) > _version_key(SCHEMA_VERSION):
        return (f"schema version {version} is newer than this Casebook's ({SCHEMA_VERSION}): "
                "update Casebook to import this file")
    return f"unknown schema version {version} ({ours})"


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _screen_case(obj: Any) -> list[tuple[str, str]]:
    if not isinstance(obj, dict):
        return [("", f"a case must be an object, not {_json_kind(obj)}")]
    problems = screening.screen(obj)
    if not problems and "schema_version" in obj:
        version = version_problem(obj["schema_version"])
        if version:
            problems.append(("schema_version", version))
    return problems


def _has_content(case: Case) -> bool:
    """True when the case holds anything a blank case does not (ids and status aside)."""
    if any(isinstance(value, list) and value for _, value in case):
        return True
    return _content(case) != _content(Case(case_id=case.case_id))


def _content(case: Case) -> dict[str, Any]:
    doc = case.to_json_dict()
    for key in _NOT_CONTENT:
        doc.pop(key, None)
    return {path: value for path, value in flatten(doc).items()
            if not (path == "src" or path.endswith((".src", "_nf")))}


_NOT_CONTENT = ("case_id", "schema_version", "status", "version", "locked_by", "locked_at")


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float | screening.Unacceptable):
        return "a number"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _case_label(obj: Any, index: int) -> str:
    if isinstance(obj, dict) and isinstance(obj.get("case_id"), str):
        return safe_text(obj["case_id"])
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
        msg += f" (got {safe_text(json.dumps(value, ensure_ascii=False))})"
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
