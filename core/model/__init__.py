"""The case-record model: pydantic 2, the single source of truth (ARCHITECTURE decision 1)."""

from core.model.base import (
    MISSING_REASONS,
    Coded,
    DerivedValue,
    Record,
    column_rank,
    derived_value,
    derived_values,
    field_meta,
    is_bookkeeping,
    is_record_id,
    pdf_rank,
)
from core.model.case import SCHEMA_VERSION, Case, new_case_id
from core.model.when import When, WhenError, parse_when

__all__ = [
    "MISSING_REASONS", "SCHEMA_VERSION", "Case", "Coded", "DerivedValue", "Record", "When",
    "WhenError", "column_rank", "derived_value", "derived_values", "field_meta", "is_bookkeeping",
    "is_record_id", "new_case_id", "parse_when", "pdf_rank",
]
