"""Reading and writing Casebook JSON files. Everything is validated before anything is
written; a file with malformed data reports every problem with file, case and field path."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from pydantic import ValidationError

from core.errors import Problem
from core.io import screening
from core.io.embedded import EmbeddedFile, ReadFile, embed_files, take_files
from core.io.import_kind import fhir_message, is_dataset, wrong_kind
from core.io.jsonstream import CASE, CASES, Document, StreamError
from core.io.outputs import atomic_open
from core.io.screening import safe_text
from core.io.text_encoding import file_head, not_utf8_message
from core.model import SCHEMA_VERSION, Case
from core.model.fieldpath import error_path, flatten
from core.model.model_errors import described, path_place
from core.model.report import INPUT

FORMAT = "casebook"
MAX_FILE_BYTES = 2_000_000_000
MAX_PROBLEMS_PER_CASE = 20
KNOWN_SCHEMA_VERSIONS = (SCHEMA_VERSION,)
_VERSION = re.compile(r"^\d{1,6}\.\d{1,6}\.\d{1,6}$")
OnFiles = Callable[[str, Case, list[EmbeddedFile]], None]  # source, case, its files
FileCheck = Callable[[Case, EmbeddedFile], "str | None"]  # what is wrong with a case's file


@dataclass
class ReadResult:
    cases: list[Case] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # said, not wrong: a dataset read without tables it predates (core.io.dataset_older)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def export_document(cases: Iterable[Case]) -> dict[str, Any]:
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION,
            "cases": [c.to_json_dict() for c in cases]}


def write_export(path: Path, cases: Iterable[Case], *, force: bool = False,
                 on_case: Callable[[Case], None] | None = None,
                 read_file: ReadFile | None = None) -> int:
    """Write an export atomically (temporary file, fsync, rename; ``force``: replacing a file
    that is there), one case at a time (memory does not grow with the number of cases);
    returns the case count. ``on_case``: called after each case is written. ``read_file``:
    the bytes of an attached file by hash (None: not there), carried in the attachment
    (``core.io.embedded``). OutputError when it cannot be written."""
    head = json.dumps({"format": FORMAT, "schema_version": SCHEMA_VERSION},
                      ensure_ascii=False, separators=(",", ":"))
    count = 0
    with atomic_open(path, "w", force=force, encoding="utf-8") as fh:
        fh.write(head[:-1] + ',"cases":[')
        for case in cases:
            # canonical: each case with sorted keys, so the same data gives the same bytes
            doc = case.to_json_dict()
            if read_file is not None:
                doc = embed_files(doc, read_file)
            fh.write(("," if count else "") + json.dumps(
                doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True))
            count += 1
            if on_case:
                on_case(case)
        fh.write("]}")
    return count


def read_files(paths: Iterable[Path], check_file: FileCheck | None = None) -> ReadResult:
    """Every case of the files in memory (for small files and checks; imports stream with
    ``iter_cases``). ``check_file``: what is wrong with a file a case carries (None: nothing),
    listed as a problem of that case at the file's field path."""
    result = ReadResult()
    for path in paths:
        read_file(Path(path), result, check_file)
    _check_duplicates(result)
    return result


def read_file(path: Path, result: ReadResult, check_file: FileCheck | None = None) -> None:
    name = safe_text(str(path), 4000)
    if is_dataset(path):  # read as import reads it (its cases carry no figure files)
        from core.io.dataset_absent import AbsentFields, absent_text
        from core.io.dataset_older import older_text
        from core.io.dataset_read import iter_dataset_cases

        marks: list[str] = []

        def older(names: list[str]) -> None:
            result.notes.append(older_text(name, names, validating=True))

        def absent(fields: list[AbsentFields]) -> None:  # a de-identified dataset's columns
            # left out are not named: it never replaces a stored case; without a dictionary,
            # columns missing: a problem, as for import into a new folder (cases stored new)
            result.problems.extend(Problem(f.where, None, "", f.refusal)
                                   for f in fields if f.refusal)
            listed = [c for f in fields if not f.refusal for c in f.columns]
            if listed and not marks:
                result.notes.append(absent_text(name, listed, 0, validating=True))
        for case in iter_dataset_cases(path, result.problems, on_marks=marks.extend,
                                       on_older=older, on_absent=absent):
            result.cases.append(case)
            result.sources.append(name)
        return

    def on_files(source: str, case: Case, files: list[EmbeddedFile]) -> None:
        for item in files:
            wrong = check_file(case, item) if check_file is not None else None
            if wrong is not None:
                result.problems.append(Problem(source, case.case_id, item.where, wrong,
                                               path_place(item.where)))

    for case in iter_cases(path, result.problems,
                           on_files=on_files if check_file is not None else None):
        result.cases.append(case)
        result.sources.append(name)


def iter_cases(path: Path, problems: list[Problem],
               on_read: Callable[[int], None] | None = None,
               on_files: OnFiles | None = None) -> Iterator[Case]:
    """Each valid case of the file, read piece by piece: memory holds one case at a time.
    Every problem found (file, case, field path) is appended to ``problems``; a problem with
    the wrapper found after its cases removes theirs (the wrapper's are the ones to fix).
    ``on_read``: called after each case with the bytes read so far. ``on_files``: called
    with the file's name, each valid case and the files its attachments carry (checked
    against their hash) before the case is yielded."""
    name = safe_text(str(path), 4000)
    fh = _open(path, name, problems)
    if fh is None:
        return
    kind = wrong_kind(path)  # ODM, one CSV table...: what it is, not "not valid JSON"
    if kind is not None:
        fh.close()
        problems.append(Problem(name, None, "", kind))
        return
    first = len(problems)
    with fh:
        doc = Document(fh)
        header: list[tuple[str, Any]] = []
        seen_cases = False
        index = 0
        try:
            for key, value in doc.items():
                if key is CASE:
                    case = _case_with_files(value, index, name, problems, on_files,
                                            screened=doc.clean)
                    index += 1
                    if case is not None:
                        yield case
                    if on_read:
                        on_read(fh.tell())
                elif key is CASES:
                    seen_cases = True
                    found: list[Problem] = []
                    if _header_problems(name, header, doc.keys, found, early=True):
                        del problems[first:]  # a second list of cases: those read are moot
                        problems += found
                        return
                elif key is None:
                    problems.append(Problem(name, None, "", "expected a Casebook file (an "
                                            f"object with 'cases') or a case, not "
                                            f"{_json_kind(value)}"))
                    return
                else:
                    seen_cases = seen_cases or key == "cases"
                    header.append((str(key), value))
        except UnicodeDecodeError:
            problems.append(Problem(name, None, "", not_utf8_message(path.name,
                                                                     file_head(path))))
            return
        except StreamError as exc:
            problems.append(Problem(name, None, "", f"not valid JSON ({exc})"))
            return
        except (RecursionError, MemoryError):
            problems.append(Problem(name, None, "", "the JSON is nested too deeply"))
            return
        except ValueError as exc:  # e.g. an integer literal Python will not convert
            problems.append(Problem(name, None, "",
                                    f"not valid JSON ({safe_text(str(exc), 120)})"))
            return
    if not seen_cases:  # the file is one case
        if "resourceType" in dict(header):  # a FHIR export: not a case with unknown fields
            problems.append(Problem(name, None, "",
                                    fhir_message(dict(header)["resourceType"])))
            return
        case = _case_with_files(screening._object(header), 0, name, problems, on_files)
        if case is not None:
            yield case
        return
    found = []
    if _header_problems(name, header, doc.keys, found, early=False):
        del problems[first:]
    problems += found
    if index == 0 and "cases" not in dict(header) and not found:
        problems.append(Problem(name, None, "cases", "the file holds no cases"))


def _open(path: Path, name: str, problems: list[Problem]) -> BinaryIO | None:
    try:
        size = path.stat().st_size
        if size == 0:
            problems.append(Problem(name, None, "", "the file is empty"))
            return None
        if size > MAX_FILE_BYTES:
            problems.append(Problem(name, None, "", "the file is too large to import"))
            return None
        return open(path, "rb")  # noqa: SIM115 - closed by iter_cases
    except IsADirectoryError:
        problems.append(Problem(name, None, "", "this is a folder, not a file"))
    except OSError as exc:
        problems.append(Problem(name, None, "", f"cannot be read ({exc.strerror or exc})"))
    return None


def _header_problems(name: str, pairs: list[tuple[str, Any]], keys: list[str],
                     problems: list[Problem], *, early: bool) -> bool:
    """Check the wrapper's fields other than its cases (``early``: those read before the
    cases); True when the cases are not to be read (the problems are appended)."""
    header = {k: v for k, v in pairs if k != "cases"}
    bad = screening.screen(header)
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            bad.append((safe_text(key), "this field appears twice"))
        seen.add(key)
    if bad:
        problems += [Problem(name, None, where, message) for where, message in bad]
        return True
    fmt = header.get("format")
    if fmt not in (None, FORMAT):
        problems.append(Problem(name, None, "format", f"unknown format '{safe_text(str(fmt))}'"))
        return True
    version = version_problem(header.get("schema_version", SCHEMA_VERSION))
    if version:
        problems.append(Problem(name, None, "schema_version", version))
        return True
    if early:
        return False
    unknown = set(keys) - {"format", "schema_version", "cases", "exported_at"}
    if unknown:
        problems.append(Problem(name, None, sorted(unknown)[0], "unknown top-level field"))
    if "cases" in dict(pairs):  # the cases are not a list
        problems.append(Problem(name, None, "cases", "must be a list of cases"))
    return False


def _case_with_files(obj: Any, index: int, name: str, problems: list[Problem],
                     on_files: OnFiles | None, *, screened: bool = False) -> Case | None:
    """The case (its files handed to ``on_files``), or None when it or a file it carries is
    not valid (the problems are appended)."""
    files, bad = take_files(obj)
    problems += [Problem(name, _case_label(obj, index), where, message, path_place(where))
                 for where, message in bad[:MAX_PROBLEMS_PER_CASE]]
    case = _valid_case(obj, index, name, problems, screened=screened)
    if case is None or bad:
        return None
    if on_files is not None:
        on_files(name, case, files)
    return case


def _valid_case(obj: Any, index: int, name: str, problems: list[Problem], *,
                screened: bool = False) -> Case | None:
    """The case, or None when it is not valid (its problems are appended). ``screened``:
    ``screening.clean_parsed`` found nothing wrong in ``obj`` already."""
    case_label = _case_label(obj, index)
    found = _screen_case(obj, screened)
    if found:
        problems += [Problem(name, case_label, where, message, path_place(where))
                     for where, message in found[:MAX_PROBLEMS_PER_CASE]]
        return None
    try:
        case = Case.model_validate(obj, context=INPUT)  # imported: no Day 0 as a day number
    except ValidationError as exc:
        problems += [_model_problem(name, case_label, err)
                     for err in exc.errors()[:MAX_PROBLEMS_PER_CASE]]
        return None
    except (ValueError, TypeError, RecursionError) as exc:
        problems.append(Problem(name, case_label, "",
                                f"invalid case: {safe_text(str(exc), 200)}"))
        return None
    if not _has_content(case):
        problems.append(Problem(name, case_label, "", "the case is empty: it holds "
                                "no data besides its id and status"))
        return None
    return case


def version_problem(version: Any) -> str | None:
    """Why a file or case of schema ``version`` cannot be read by this Casebook, or None."""
    ours = f"this Casebook reads schema version {SCHEMA_VERSION}"
    if version in KNOWN_SCHEMA_VERSIONS:
        return None
    if not isinstance(version, str) or not _VERSION.match(version):
        if isinstance(version, str):
            return f"'{safe_text(version)}' is not a schema version ({ours})"
        if isinstance(version, int | float) and not isinstance(version, bool) \
                and abs(version) < 10**9:  # 1, 1.0: the version is a text, "1.0.0"
            return (f"{version} is not a schema version: write it in quotes, "
                    f'"{SCHEMA_VERSION}" (the version this Casebook reads)')
        return f"the schema version is {_json_kind(version)}, not a version ({ours})"
    if _version_key(version) > _version_key(SCHEMA_VERSION):
        return (f"schema version {version} is newer than this Casebook's ({SCHEMA_VERSION}): "
                "update Casebook to import this file")
    return f"unknown schema version {version} ({ours})"


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _screen_case(obj: Any, screened: bool = False) -> list[tuple[str, str]]:
    if not isinstance(obj, dict):
        return [("", f"a case must be an object, not {_json_kind(obj)}")]
    problems = [] if screened else screening.screen(obj)
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


CASE_ID_WORDS = ("a case id is HC-, SEED-, SYN- or DEMO- followed by 2 to 40 letters, digits "
                 "or hyphens (e.g. HC-2023-07)")


def _model_problem(name: str, case_label: str, err: Any) -> Problem:
    """One of the model's errors: the field path (for programs) and the field in words from
    the editor's section list, with what is wrong (``core.model.model_errors``)."""
    place, message = described(err)
    if err.get("type") == "string_pattern_mismatch" and tuple(err.get("loc", ())) == ("case_id",):
        message = f"{CASE_ID_WORDS} (got {safe_text(json.dumps(err.get('input')))})"
    return Problem(name, case_label, error_path(err.get("loc", ())), message, place)


def _check_duplicates(result: ReadResult) -> None:
    seen: dict[str, str] = {}
    for case, source in zip(result.cases, result.sources, strict=True):
        if case.case_id in seen:
            result.problems.append(Problem(source, case.case_id, "case_id",
                                           f"the same case id appears twice (also in {seen[case.case_id]})"))
        else:
            seen[case.case_id] = source
