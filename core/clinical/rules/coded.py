"""V64: a value of a closed list (core.model.closed_lists: a response category, an EGIL
subgroup) is one of the list's codes.

The editor refuses other text where it is typed, but the model keeps such a field open so that
a case stored or imported with free text there ('complete MRD') still opens: this rule lists
it, with the listed value it can only mean. An error: the derivations, search and the PDF read
the code, so a category out of the list counts as none.
"""

from __future__ import annotations

from collections.abc import Iterator

from core.clinical.findings import Problem
from core.clinical.rules.ctx import RuleContext
from core.clinical.rules.registry import rule
from core.model.closed_lists import closed_fields, is_listed, listed_code, shown_name

_LISTS = {"response_category": "response categories", "egil": "EGIL subgroups"}


@rule("V64", title="A response category or EGIL subgroup is one of its list")
def closed_list_values(ctx: RuleContext) -> Iterator[Problem]:
    for record_path, record in ctx.index.records:
        for name, vocab in closed_fields(type(record)):
            value = getattr(record, name, None)
            if value is None or is_listed(vocab, value):
                continue
            meant = listed_code(vocab, str(value))
            hint = (f"did you mean '{shown_name(vocab, meant)}'? Choose" if meant
                    else "choose")
            path = f"{record_path}.{name}" if record_path else name
            # no label first: Problems and Mark complete put the field's name before it
            listed = _LISTS.get(vocab, "listed values")
            yield Problem(path, f"'{value}' is not one of the {listed}: {hint} one from the "
                                "list (Ctrl+Space lists them)")
