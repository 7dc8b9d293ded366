"""The 60 validation rules V01-V60 (reference §6, and V60: §9.2's rare-combination warning),
registered in ``RULES`` by importing the modules below, one per section of the reference."""

from core.clinical.rules import (  # noqa: F401  (importing registers the rules)
    adverse,
    cns,
    course,
    demographics,
    diagnosis,
    drugs,
    lab_methods,
    labs,
    privacy,
    response,
    schedule,
)
from core.clinical.rules.ctx import RuleContext
from core.clinical.rules.registry import RULES, RuleSpec, rule, run_rule, run_rules

__all__ = ["RULES", "RuleContext", "RuleSpec", "rule", "run_rule", "run_rules"]
