"""V64: a value of a closed list (core.model.closed_lists: a response category, an EGIL
subgroup) is one of the list's codes.

The editor refuses other text where it is typed, but the model keeps such a field open so that
a case stored or imported with free text there ('complete MRD') still opens: this rule lists
it, with the listed value it can only mean. An error: the derivations, search and the PDF read
the code, so a category out of the list counts as none.

A listed value of another scope than its record's (a response's Category CR with the Scope
CNS: reference §4.19, the category is by scope, §5.7) is a warning: the editor lists only the
scope's categories, but a Scope changed after the Category, or an import, leaves it so, and the
Category is kept (the clinician may mean the Scope to change back); search already reads a CR
of the CNS scope as no overall CR.
"""

from __future__ import annotations

from collections.abc import Iterator

from core.clinical.findings import Problem, Proposal
from core.clinical.rules.ctx import RuleContext
from core.clinical.rules.registry import rule
from core.model.closed_lists import (
    NARROWED_BY,
    closed_fields,
    in_scope,
    is_listed,
    listed_code,
    scope_codes,
    shown_name,
)
from core.model.codes import code_label

_LISTS = {"response_category": "response categories", "egil": "EGIL subgroups"}


@rule("V64", title="A response category or EGIL subgroup is one of its list")
def closed_list_values(ctx: RuleContext) -> Iterator[Problem]:
    for record_path, record in ctx.index.records:
        for name, vocab in closed_fields(type(record)):
            value = getattr(record, name, None)
            if value is None:
                continue
            path = f"{record_path}.{name}" if record_path else name
            if is_listed(vocab, value):
                yield from _other_scope(vocab, value, record, path)
                continue
            meant = _meant(vocab, str(value), record)
            hint = (f"did you mean '{shown_name(vocab, meant)}'? Choose" if meant
                    else "choose")
            # no label first: Problems and Mark complete put the field's name before it
            listed = _LISTS.get(vocab, "listed values")
            yield Problem(path, f"'{value}' is not one of the {listed}: {hint} one from the "
                                "list (Ctrl+Space lists them)",
                          proposal=Proposal(path, meant) if meant else None)


def _meant(vocab: str, value: str, record: object) -> str | None:
    """The listed value ``value`` can only mean, among its record's scope's ('complete
    remission' on a CNS row means none of the CNS categories: no CR offered there)."""
    scope = _record_scope(vocab, record)
    meant = listed_code(vocab, value, scope)
    return meant if meant is not None and in_scope(vocab, meant, scope) else None


def _record_scope(vocab: str, record: object) -> str | None:
    narrowed_by = NARROWED_BY.get(vocab)
    scope = getattr(record, narrowed_by, None) if narrowed_by else None
    return scope if isinstance(scope, str) else None


def _other_scope(vocab: str, value: str, record: object, path: str) -> Iterator[Problem]:
    """A listed value that is not one of its record's scope's (CR with the Scope CNS)."""
    scope = _record_scope(vocab, record)
    if scope is None or in_scope(vocab, value, scope):
        return
    named = code_label(scope)
    listed = ", ".join(shown_name(vocab, c) for c in scope_codes(vocab, scope))
    yield Problem(path, f"'{shown_name(vocab, value)}' is not a category of the {named} scope "
                        f"({listed}): choose one of these (Ctrl+Space lists them) or correct "
                        "the Scope", severity="warning")
