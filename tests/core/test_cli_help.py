"""The command line says what it does: each command's one-line help names what it really takes
and writes (a stranger read "export ... as JSON or a CSV dataset" although xlsx, fhir and odm
exist), and `casebook show` prints no empty brackets."""

from __future__ import annotations

import json

import pytest

from core.cli import build_parser, main
from core.cli.registry import ENTRIES
from core.io.interchange import export_document
from core.model import Case
from core.services.datasets import FORMATS
from tests.conftest import REFERENCE_CASEBOOK

# how the help names each export format
FORMAT_WORDS = {"json": "JSON", "csv": "CSV", "xlsx": ".xlsx", "fhir": "FHIR", "odm": "ODM"}


def _help(name: str) -> str:
    return " ".join(next(e.help for e in ENTRIES if e.name == name).split())


def test_the_export_help_names_every_format():
    assert set(FORMAT_WORDS) == set(FORMATS)
    text = " ".join(build_parser().format_help().split())
    export = text[text.index("export "):text.index(" list ")]
    for word in FORMAT_WORDS.values():
        assert word in export, word


def test_the_export_output_help_names_every_format(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    output = text[text.index("-o PATH, --output PATH"):]
    for word in ("JSON", "CSV", ".xlsx", "FHIR", "ODM"):
        assert word in output, word


def test_each_one_line_help_says_what_the_command_does():
    assert "dataset export" in _help("import") and ".xlsx" in _help("import")
    assert "Casebook JSON" in _help("validate") and ".xlsx" in _help("validate")  # as import
    assert "figure files" in _help("check")  # it checks the attached files too
    assert "figure files" in _help("backup") and "figure files" in _help("restore")
    assert all(w in _help("audit") for w in ("verify", "anchor", "history", "CSV", "key"))
    assert _help("report").startswith("write the PDF")  # a file, not the printer
    assert "--json" in _help("show")


def test_json_with_de_identification_names_every_dataset_format(capsys, tmp_path, data_home):
    assert main(["export", "--format", "json", "--drop-text", "-o",
                 str(tmp_path / "out.json")]) == 2
    err = capsys.readouterr().err
    assert all(f in err for f in ("csv", "xlsx", "fhir", "odm")), err


def test_show_prints_no_empty_brackets(capsys, data_home, reference_docs, tmp_path):
    doc = reference_docs[1]
    for dx in doc["diagnoses"]:
        for key in ("icd10_who", "icdo3_morphology", "icdo3_topography"):
            dx.pop(key, None)
    case = Case.model_validate(doc)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(export_document([case])), encoding="utf-8")
    assert main(["import", str(path)]) == 0
    capsys.readouterr()
    assert main(["show", case.case_id]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.strip().startswith("diagnosis:"))
    assert "()" not in out and line.rstrip().endswith(case.main_diagnosis().entity)


def test_show_keeps_the_codes_it_has(capsys, data_home):
    assert main(["import", str(REFERENCE_CASEBOOK)]) == 0
    capsys.readouterr()
    assert main(["show", "SEED-C1-CAO2023"]) == 0
    out = capsys.readouterr().out
    assert "diagnosis: CML (C92.1, 9875/3)" in out and "()" not in out
