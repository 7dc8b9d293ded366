"""The manuscript's parts in the summary: the authors under the title, the declarations
(funding, conflicts of interest, ethics approval, acknowledgements, data availability, the
authors' contributions) and the references, numbered in order of first citation and printed in
Vancouver style (the narrative's ``[@key]`` are printed as those numbers, ``make_context``)."""

from __future__ import annotations

from reportlab.platypus import Flowable

from core.publication import format_vancouver, number_citations, uncited
from core.report.blocks import Context, heading, para
from core.report.format import SUPERSCRIPT

STATEMENTS = (("funding", "Funding"), ("conflicts_of_interest", "Conflicts of interest"),
              ("ethics_approval", "Ethics approval"), ("acknowledgements", "Acknowledgements"),
              ("data_availability", "Data availability"))


def _affiliations(ctx: Context) -> list[str]:
    """Every affiliation once, in order of first mention (their superscript numbers)."""
    out: list[str] = []
    for author in ctx.case.authors:
        for place in (author.affiliations or "").split(";"):
            place = place.strip()
            if place and place not in out:
                out.append(place)
    return out


def authors_block(ctx: Context) -> list[Flowable]:
    """'Jane Q. Smith, MD¹*, Li Wei²', the numbered affiliations and the corresponding
    author's e-mail and the ORCID iDs. Not in a de-identified summary: the authors and their
    institutions say where the patient was treated."""
    authors = [a for a in ctx.case.authors if (a.name or "").strip()]
    if ctx.options.deidentified or not authors:
        return []
    places = _affiliations(ctx)
    names = []
    for author in authors:
        marks = [str(places.index(p.strip()) + 1) for p in (author.affiliations or "").split(";")
                 if p.strip()]
        name = author.name.strip() if author.name else ""
        if author.degrees and author.degrees.strip():
            name += f", {author.degrees.strip()}"
        sup = ",".join(m.translate(SUPERSCRIPT) for m in marks)
        names.append(name + sup + ("*" if author.corresponding else ""))
    out: list[Flowable] = [para(", ".join(names), "byline")]
    lines = [f"{str(i).translate(SUPERSCRIPT)} {place}" for i, place in enumerate(places, 1)]
    contact = [f"{a.name}, {a.email.strip()}" for a in authors
               if a.corresponding and a.email and a.email.strip()]
    if contact:
        lines.append("* Corresponding author: " + "; ".join(contact))
    orcids = [f"{a.name} {a.orcid.strip()}" for a in authors if a.orcid and a.orcid.strip()]
    if orcids:
        lines.append("ORCID: " + "; ".join(orcids))
    return out + [para(line, "meta") for line in lines]


def statements_section(ctx: Context) -> list[Flowable]:
    """'Declarations': the statements given and the authors' contributions; nothing when none
    is given (the kit's hints say what is missing)."""
    s, fmt = ctx.case.statements, ctx.fmt
    out: list[Flowable] = []
    if s is not None:
        out += [para(f"{label}: {fmt.text(getattr(s, name))}") for name, label in STATEMENTS
                if (getattr(s, name) or "").strip()]
    if not ctx.options.deidentified:
        roles = [f"{a.name}: {a.contribution.strip()}" for a in ctx.case.authors
                 if a.name and a.contribution and a.contribution.strip()]
        if roles:
            out.append(para("Author contributions: " + "; ".join(roles)))
    return [heading("Declarations"), *out] if out else []


def references_section(ctx: Context) -> list[Flowable]:
    """'References' in order of first citation (Vancouver); references not cited in the text
    follow under their own heading, unnumbered, so none is lost from the summary."""
    if not ctx.case.references:  # nothing to list: no walk of the narrative for citations
        return []
    numbers = number_citations(ctx.case)
    by_key = {ref.key: ref for ref in ctx.case.references if ref.key}
    out: list[Flowable] = []
    for key, n in sorted(numbers.items(), key=lambda pair: pair[1]):
        out.append(para(f"{n}. {format_vancouver(by_key[key])}", "reference"))
    spare = [ref for _i, ref in uncited(ctx.case) if format_vancouver(ref)]
    if not out and not spare:
        return []
    result: list[Flowable] = [heading("References"), *out]
    if spare:
        result.append(heading("Not cited in the text", 2))
        result += [para(format_vancouver(ref), "reference") for ref in spare]
    return result
