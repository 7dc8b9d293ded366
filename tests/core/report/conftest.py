"""Fixtures for the PDF tests: render a case at a fixed generation time."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.core.report.pdftext import GENERATED


@pytest.fixture
def render() -> Callable[..., bytes]:
    """``render(case, deidentified=False, **options)`` -> PDF bytes, at a fixed generation time."""
    from core.report import ReportOptions, render_case_pdf

    def _render(case, deidentified: bool = False, **options) -> bytes:
        options.setdefault("generated_at", GENERATED)
        return render_case_pdf(case, ReportOptions(deidentified=deidentified, **options))

    return _render


@pytest.fixture
def case_1(reference_cases):
    return reference_cases[0]


@pytest.fixture
def case_2(reference_cases):
    return reference_cases[1]
