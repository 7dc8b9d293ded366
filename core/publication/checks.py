"""What the submission kit still lacks, and malformed identifiers, as hints at a field.

``kit_hints(case)`` lists, each at the field to go to: a citation of an undefined key, a
reference never cited, a repeated or missing key, a malformed DOI or PMID; an author without
affiliation, no corresponding author or one without e-mail, a malformed ORCID (format and
ISO 7064 mod 11-2 check digit) or e-mail; a figure without legend; missing statements. None
blocks 'complete': the record is the case, these are about the manuscript."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from core.model import Case
from core.model.report import CONSENT_DOCUMENTED
from core.publication.numbering import duplicate_keys, uncited, unknown_keys

DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
PMID_RE = re.compile(r"^\d{1,8}$")
ORCID_RE = re.compile(r"^(?:https?://orcid\.org/)?(\d{4})-(\d{4})-(\d{4})-(\d{3}[\dX])$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
Kind = Literal["citation", "reference", "author", "figure", "statement", "consent"]


@dataclass(frozen=True)
class Hint:
    """One thing to do before the manuscript is ready: the field (``path``) and what is wrong.
    ``malformed``: a value in the wrong format (shown at the field too), not just a gap."""

    kind: Kind
    path: str
    message: str
    malformed: bool = False


def orcid_check_digit(digits: str) -> str:
    """The ISO 7064 mod 11-2 check character of the first 15 digits of an ORCID iD."""
    total = 0
    for ch in digits:
        total = (total + int(ch)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def orcid_problem(value: str) -> str | None:
    """Why ``value`` is not a valid ORCID iD, or None."""
    match = ORCID_RE.match(value.strip())
    if not match:
        return (f"ORCID '{value}' is not of the form 0000-0002-1825-0097 (four groups of four "
                "digits, the last may end in X)")
    digits = "".join(match.groups())
    if orcid_check_digit(digits[:15]) != digits[15]:
        return f"ORCID '{value}' has a wrong check digit (a typo?): check it on orcid.org"
    return None


def doi_problem(value: str) -> str | None:
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", value.strip(), flags=re.I)
    if DOI_RE.match(doi):
        return None
    return f"DOI '{value}' is not of the form 10.1182/blood.2020000000"


def pmid_problem(value: str) -> str | None:
    if PMID_RE.match(value.strip()):
        return None
    return f"PMID '{value}' is not a PubMed id (1 to 8 digits, e.g. 25524800)"


def _reference_hints(case: Case) -> list[Hint]:
    out = [Hint("citation", path, f"[@{key}] is cited here but no reference has the key "
                                  f"'{key}': add the reference, or correct the key",
                malformed=True)
           for key, path in unknown_keys(case).items()]
    for i, ref in uncited(case):
        if ref.key and ref.key.strip():
            out.append(Hint("reference", f"references[{i}].key",
                            f"Reference [@{ref.key.strip()}] is never cited: cite it in the "
                            "text as [@" + ref.key.strip() + "], or remove it"))
        else:
            out.append(Hint("reference", f"references[{i}].key",
                            f"Reference {i + 1} has no key: give it one to cite it as [@key]"))
    out += [Hint("reference", f"references[{i}].key", f"Key '{key}' is used by an earlier "
                                                       "reference too: keys must be unique",
                 malformed=True) for i, key in duplicate_keys(case)]
    for i, ref in enumerate(case.references):
        for name, check in (("doi", doi_problem), ("pmid", pmid_problem)):
            value = getattr(ref, name)
            why = check(value) if value and value.strip() else None
            if why:
                out.append(Hint("reference", f"references[{i}].{name}", why, malformed=True))
        if not (ref.title or ref.citation):
            out.append(Hint("reference", f"references[{i}].title",
                            f"Reference {i + 1} has no title: paste its citation"))
    return out


def _author_hints(case: Case) -> list[Hint]:
    if not case.authors:
        return [Hint("author", "authors", "No author yet: add the authors in byline order")]
    out = []
    for i, author in enumerate(case.authors):
        who = (author.name or "").strip() or f"Author {i + 1}"
        if not (author.affiliations or "").strip():
            out.append(Hint("author", f"authors[{i}].affiliations",
                            f"{who} has no affiliation: every author needs one"))
        if author.orcid and author.orcid.strip() and (why := orcid_problem(author.orcid)):
            out.append(Hint("author", f"authors[{i}].orcid", why, malformed=True))
        if author.email and author.email.strip() and not EMAIL_RE.match(author.email.strip()):
            out.append(Hint("author", f"authors[{i}].email",
                            f"E-mail '{author.email}' is not an address like name@example.org",
                            malformed=True))
    corresponding = [i for i, a in enumerate(case.authors) if a.corresponding]
    if not corresponding:
        out.append(Hint("author", "authors[0].corresponding",
                        "No corresponding author: tick 'Corresponding author' for one author"))
    for i in corresponding:
        if not (case.authors[i].email or "").strip():
            who = (case.authors[i].name or "").strip() or f"Author {i + 1}"
            out.append(Hint("author", f"authors[{i}].email",
                            f"{who} is the corresponding author but has no e-mail"))
    return out


def _figure_hints(case: Case) -> list[Hint]:
    out = []
    for i, figure in enumerate(case.attachments):
        if figure.kind == "document":
            continue
        if not (figure.caption or "").strip():
            name = f"Figure {figure.figure_number}" if figure.figure_number else \
                f"Attachment {i + 1}"
            out.append(Hint("figure", f"attachments[{i}].caption",
                            f"{name} has no legend: the manuscript prints one under each figure"))
    return out


def _statement_hints(case: Case) -> list[Hint]:
    s = case.statements
    out = []
    for name, what in (("funding", "funding"), ("conflicts_of_interest", "conflicts of interest"),
                       ("ethics_approval", "ethics approval")):
        if s is None or not (getattr(s, name) or "").strip():
            out.append(Hint("statement", f"statements.{name}",
                            f"No {what} statement (write 'None' if there is none to declare)"))
    if case.consent.status in CONSENT_DOCUMENTED \
            and not (case.consent.statement or "").strip():
        out.append(Hint("consent", "consent.statement",
                        "No consent statement for the manuscript, e.g. 'Written informed "
                        "consent was obtained from the patient for publication.'"))
    return out


def kit_hints(case: Case) -> list[Hint]:
    """Everything the submission kit still lacks, in the manuscript's order of concern."""
    return (_author_hints(case) + _reference_hints(case) + _figure_hints(case)
            + _statement_hints(case))
