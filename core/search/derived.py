"""The one place where search meets the clinical engine (derived values, ARCHITECTURE decision 5).

``core.clinical.engine.search_values(case)`` gives the four derivations the index needs (a whole
evaluation, with every rule and CARE completeness, is too slow for every save plus a
100k-case rebuild): the CNS status of each CSF assessment and of the diagnosis episode, the MRD
category and the ASTCT grade of CRS/ICANS. When the engine fails, the case is indexed with the
error in place of those values (``engine_error`` in the ``cns``, ``cnsdx`` and ``mrd`` facets,
the error's text in the full text): a save never fails because of search, and search never
shows values the engine did not derive.

Effective values: a CNS override wins over the derived status; an entered AE grade wins over
the derived one (entering a different one needs a reason); response categories are the entered
ones (deriving a marrow response needs the whole evaluation). The best response is the best
overall one: a response whose scope is another (CNS, MRD, CML, a relapse event) is not, even
with an overall category such as CR (a scope not entered: the category tells).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from core.model import Case
from core.search.text import humanize

CNS_RANK = {"not_evaluable": 0, "CNS1": 1, "CNS2": 2, "indeterminate_traumatic": 3, "CNS3": 4}
RESPONSE_RANK = ("CR", "CRh", "CRi", "MLFS", "PR", "SD_NR", "refractory", "PD")
OVERALL_SCOPES = frozenset({"marrow_hematologic", "overall", None})  # the engine's marrow scopes
ENGINE_ERROR = "engine_error"  # the value of a derived facet the engine failed to derive
# A case whose responses are none of them overall has no best response; "not recorded" would be
# untrue of it. CNS ones (CNS remission..., or every response assessed in the CNS scope) are
# told apart, the others (relapse, MRD such as a complete MRD response, CML) are said together.
CNS_ONLY = "no overall response (CNS only)"
OTHER_ONLY = "no overall response (other categories only)"


@dataclass(frozen=True)
class ClinicalValues:
    """Effective clinical values of one case, as the index needs them."""

    cns: tuple[str, ...] = ()               # every CSF entry's status, and at last contact
    cns_subcategories: tuple[str, ...] = ()
    cns_at_diagnosis: str | None = None     # worst status within ±7 days of the diagnosis
    cns_at_diagnosis_subcategories: tuple[str, ...] = ()
    mrd: tuple[str, ...] = ()               # negative/positive, category, MRD response
    responses: tuple[str, ...] = ()         # every response assessment's category
    response_scopes: tuple[str, ...] = ()   # and every scope they were assessed in
    best_response: str | None = None
    ae_grades: tuple[int | None, ...] = ()  # per adverse event, in the case's order
    error: str | None = None                # the engine's error, in place of derived values
    shown: tuple[str, ...] = ()             # the words a stored code is shown in (shown_words)

    def words(self) -> Iterator[str]:
        """Derived values as text for the full-text index (so "CNS3" finds its cases)."""
        if self.error:
            yield self.error
        yield from (v for v in self.cns if v != ENGINE_ERROR)
        yield from self.cns_subcategories
        yield from (humanize(v) for v in self.mrd + self.responses)
        yield from self.shown


def clinical_values(case: Case) -> ClinicalValues:
    from core.clinical import engine  # at the first save or search, not at start-up

    found = engine.search_values(case)
    responses = [r.category for r in case.response_assessments]
    overall = [r.category for r in case.response_assessments if r.scope in OVERALL_SCOPES]
    scopes = tuple(dict.fromkeys(r.scope for r in case.response_assessments if r.scope))
    shown = shown_words(case)
    if found.error:
        return ClinicalValues(
            cns=(ENGINE_ERROR, *_last_contact(case)), cns_at_diagnosis=ENGINE_ERROR,
            mrd=(ENGINE_ERROR,) if case.mrd_assessments else (),
            responses=tuple(dict.fromkeys(r for r in responses if r)), response_scopes=scopes,
            best_response=_best(overall), ae_grades=tuple(e.grade for e in case.adverse_events),
            error=found.error, shown=shown)
    statuses = [status for status, _ in found.csf + found.episodes]
    return ClinicalValues(
        cns=tuple(dict.fromkeys([s for s in statuses if s] + _last_contact(case))),
        cns_subcategories=tuple(sorted({s for _, subs in found.csf + found.episodes
                                        for s in subs})),
        cns_at_diagnosis=found.at_diagnosis,
        cns_at_diagnosis_subcategories=tuple(sorted(found.at_diagnosis_subcategories)),
        mrd=tuple(dict.fromkeys(v for cat, resp in found.mrd for v in _mrd_words(cat, resp))),
        responses=tuple(dict.fromkeys(r for r in responses if r)), response_scopes=scopes,
        best_response=_best(overall),
        ae_grades=tuple(e.grade if e.grade is not None else d
                        for e, d in zip(case.adverse_events, found.ae_grades, strict=True)),
        shown=shown,
    )


def shown_words(case: Case) -> tuple[str, ...]:
    """The words the form and the report show for stored codes that are not words: a route's
    name (IT is "Intrathecal use" in the route's picker and tooltip), so that "intrathecal"
    finds a case given triple intrathecal therapy, whose text holds only "IT". And the other
    name of an adverse event the ae: filter takes for it: CRS for cytokine release syndrome
    and back (ICANS, FN, TLS too), so that the word CRS finds the cases ae:crs finds. And the
    patient's country and subdivision by the names the form and the PDF show for their codes
    (CN "China", DE-BY "Bavaria"), so that "china" finds a case stored as CN."""
    from core.search.facets import AE_ALIASES, ae_keys  # facets imports this module

    names = _route_names()
    words = [names[a.route] for line in case.treatment_lines for a in line.administrations
             if a.route in names]
    patient = case.patient
    words += [name for vocab, code in (("country", patient.country),
                                       ("subdivision", patient.subdivision))
              if (name := _place_name(vocab, code))]
    for event in case.adverse_events:
        words += [key.upper() if key in AE_ALIASES else key
                  for key in ae_keys(event.term or "")[1:]]
    return tuple(dict.fromkeys(words))


@cache
def _route_names() -> dict[str, str]:
    from core.model.vocab import vocabulary

    return {e.code: e.label for e in vocabulary("route")}


def _place_name(vocab: str, code: str | None) -> str | None:
    """The vocabulary's name for a country or subdivision code, as the PDF prints it
    (core.report.format: NAMED_VOCABULARIES, NAMED_FIELDS); None for a value not in it,
    which the text already holds as typed."""
    from core.model.vocab import vocabulary

    return vocabulary(vocab).label(code) if code else None


def _last_contact(case: Case) -> list[str]:
    status = case.outcome.cns_status_at_last_contact
    return [status] if status in CNS_RANK else []


def _mrd_words(category: str | None, response: str | None) -> list[str]:
    if category is None:
        return []
    sign = "negative" if category.startswith("negative") else "positive"
    return [v for v in (sign, category, response) if v]


def _best(categories: list[str | None]) -> str | None:
    ranked = [c for c in categories if c in RESPONSE_RANK]
    return min(ranked, key=RESPONSE_RANK.index) if ranked else None


def no_overall_response(case: Case, best_response: str | None) -> str | None:
    """CNS_ONLY or OTHER_ONLY for a case with response categories but no best (overall)
    response, else None: the Compare window says it in its Best response row, and the
    search summary counts the hits so (``core.search.cohort.best_response_counts``, the same
    test in SQL on the index's ``response`` and ``response_scope`` facets)."""
    categories = {r.category for r in case.response_assessments if r.category}
    if best_response is not None or not categories:
        return None
    scopes = {r.scope for r in case.response_assessments if r.scope}
    cns = all(c.casefold().startswith("cns_") for c in categories) or scopes == {"cns"}
    return CNS_ONLY if cns else OTHER_ONLY
