"""The identifier scan's ages and rule V57's findings for a text, shared by the tests of ages
written in Korean and Japanese."""

from __future__ import annotations

from clinical_refcases import build_case, setp

from core.clinical import evaluate, scan_text


def ages(text: str) -> list[str]:
    """The ages the scan finds in ``text``."""
    return [h.text for h in scan_text(text) if h.kind == "age"]


def v57_messages(text: str) -> dict[str, str]:
    """Rule V57's findings for a reference case whose discussion is ``text``: match → message."""
    findings = evaluate(build_case(1, setp("case_report.discussion", text))).findings
    return {f.match: f.message for f in findings if f.rule_id == "V57"}
