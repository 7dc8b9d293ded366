"""The 65 validation rules V01-V65 (reference §6; V60: §9.2's rare-combination warning; V61:
a number outside what it can be, core.model.bounds; V62: a line with a reason ended but no
end date; V63: an adverse-event term not in the CTCAE vocabulary; V64: a response category or
EGIL subgroup not in its list; V65: a dose change dated outside its drug's administration),
registered in ``RULES`` by importing the modules below, one per section of the reference."""

from core.clinical.rules import (  # noqa: F401  (importing registers the rules)
    adverse,
    bounds,
    cns,
    coded,
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
