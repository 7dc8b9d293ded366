"""The case-record model: pydantic 2, the single source of truth (ARCHITECTURE decision 1)."""

from core.model.base import (
    MISSING_REASONS,
    Coded,
    Record,
    column_rank,
    field_meta,
    is_bookkeeping,
    is_record_id,
)
from core.model.case import SCHEMA_VERSION, Case, new_case_id
from core.model.when import When, WhenError, parse_when

__all__ = [
    "MISSING_REASONS", "SCHEMA_VERSION", "Case", "Coded", "Record", "When", "WhenError",
    "column_rank", "field_meta", "is_bookkeeping", "is_record_id", "new_case_id", "parse_when",
]
