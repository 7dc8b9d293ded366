"""One NLM/Vancouver citation string in, a Reference out; a Reference back to Vancouver style.

What is read: ``Authors. Title. Journal. Year [Mon [Day]];Volume(Issue):Pages. doi:... PMID:...``
as PubMed's 'Cite' (NLM), the ICMJE samples and most journals print it: with or without the
issue, the month, the period after the journal, a DOI (``doi:``, ``doi: `` or a doi.org link),
PMID and PMCID; 'et al.'; e-pages (e123); a leading list number ('1.' or '[1]')."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from core.errors import CasebookError
from core.model.report import Reference

MAX_AUTHORS = 6  # Vancouver (ICMJE): the first six, then 'et al.'
MAX_LENGTH = 4000  # a citation with hundreds of authors fits; a pasted article does not
EXAMPLE = "Smith J, Lee K. Title of the article. Blood. 2020;135(10):1234-41. doi:10.1182/..."


class CitationError(CasebookError):
    """A text that cannot be read as one citation; the message says what is missing."""


_LEADING_NUMBER = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}[.)])\s+")
_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|\bdoi\s*:?\s*)?\b(10\.\d{4,9}/[^\s\"<>]+)",
                  re.I)
_PMID = re.compile(r"\bPMID\s*:?\s*(\d{1,8})\b", re.I)
_PMCID = re.compile(r"\bPMCID\s*:?\s*(PMC\d+)\b", re.I)
# Year [Mon[-Mon] [Day]] ; Volume (Issue) : Pages. The year follows a space (after the journal).
_SOURCE = re.compile(
    r"(?<=\s)(?P<year>(?:18|19|20)\d{2})[a-z]?"
    r"(?:\s+(?:[A-Z][a-z]{2,8}(?:[-/][A-Z][a-z]{2,8})?)(?:\s+\d{1,2})?)?\s*"
    r"(?:(?P<semi>;)\s*(?P<volume>[A-Za-z]*\d+[A-Za-z]?(?:\s+Suppl(?:\s*\d+)?)?)?\s*"
    r"(?:\((?P<issue>[^()]{1,30})\))?)?"
    r"(?:\s*:\s*(?P<pages>[A-Za-z]*\d+[A-Za-z]?(?:\s*[-\u2013]\s*[A-Za-z]*\d+[A-Za-z]?)?))?"
    r"(?=[.;,]|\s|$)")
# A sentence ends at '. ', '? ' or '! ', but not after 'vs.', 'cf.', 'e.g.' or 'i.e.' (titles)
_SENTENCE_END = re.compile(r"(?<!\bvs)(?<!\bVs)(?<!\bcf)(?<!\be\.g)(?<!\bi\.e)[.?!]\s+")
_BOOK = re.compile(r"[:;]")  # "Lyon: IARC; 2022": a place and a publisher
_ET_AL = re.compile(r"\bet\s+al\.?", re.I)
_INITIALS = re.compile(r"^[A-Z]{1,4}$")


def parse_citation(text: str, taken: Iterable[str] = ()) -> Reference:
    """The Reference that ``text`` (one NLM/Vancouver citation) describes, with a new key
    (first author's surname + year, made unique against ``taken``) and ``citation`` = text.

    Raises CitationError with what is missing when ``text`` is not one journal citation."""
    pasted = " ".join((text or "").split())
    if not pasted:
        raise CitationError(f"Nothing to read: paste one citation, e.g. '{EXAMPLE}'.")
    if len(pasted) > MAX_LENGTH:
        raise CitationError(f"This text has {len(pasted):,} characters: too long for one "
                            f"citation (at most {MAX_LENGTH:,}). Paste one citation at a time.")
    _refuse_several(text)
    body = _LEADING_NUMBER.sub("", pasted)
    doi = _doi(body)
    pmid_match = _PMID.search(body)
    source = _source(body)
    head = body[:source.start()].rstrip().rstrip(".").replace("[Internet]", "").rstrip()
    journal, rest = _split_journal(head, body)
    authors, title = _split_authors(rest)
    if not title:
        raise CitationError("Could not find the article's title (between the authors and "
                            f"the journal) in '{_short(pasted)}'. Expected: '{EXAMPLE}'.")
    ref = Reference(
        authors=authors, title=title, journal=journal, year=int(source["year"]),
        volume=source["volume"] or None, issue=(source["issue"] or "").strip() or None,
        pages=_pages(source["pages"]), doi=doi,
        pmid=pmid_match.group(1) if pmid_match else None, citation=pasted)
    ref.key = new_key(ref, taken)
    return ref


def _refuse_several(text: str) -> None:
    lines = [line for line in (text or "").splitlines() if line.strip()]
    sources = [line for line in lines if _SOURCE.search(" " + line)]
    pmids = _PMID.findall(text or "")
    if len(sources) > 1 or len(pmids) > 1:
        count = max(len(sources), len(pmids))
        raise CitationError(f"This looks like {count} citations: paste one at a time.")


def _doi(body: str) -> str | None:
    match = _DOI.search(body)
    return match.group(1).rstrip(".,;") if match else None


def _source(body: str) -> re.Match[str]:
    """The 'Year;Volume(Issue):Pages' part: the first year with a volume or pages after it,
    else (an article ahead of print) a year that ends a sentence."""
    candidates = [m for m in _SOURCE.finditer(body) if m.start() > 0]
    for m in candidates:
        if m["semi"] or m["pages"]:
            return m
    for m in candidates:
        if body[m.end():m.end() + 1] in (".", "") and _SENTENCE_END.search(body[:m.start()]):
            return m
    raise CitationError(
        "This does not look like a journal citation: no 'Journal. Year;Volume(Issue):Pages' "
        f"part was found in '{_short(body)}'. Paste one NLM/Vancouver citation (PubMed's "
        f"'Cite' gives one), e.g. '{EXAMPLE}'.")


def _split_journal(head: str, body: str) -> tuple[str, str]:
    """(journal, authors-and-title) from the text before the year."""
    ends = list(_SENTENCE_END.finditer(head))
    if not ends:
        raise CitationError(f"Could not find the authors and title before the journal in "
                            f"'{_short(body)}'. Expected: '{EXAMPLE}'.")
    last = ends[-1]
    journal = head[last.end():].strip().rstrip(".")
    if not journal or len(journal) > 200:
        raise CitationError(f"Could not find the journal's name before the year in "
                            f"'{_short(body)}'. Expected: '{EXAMPLE}'.")
    if _BOOK.search(journal):
        raise CitationError(f"'{_short(journal, 40)}' is not a journal: this looks like a book "
                            "or chapter (Place: Publisher; Year). Only journal articles are "
                            "read from a citation: add a row and type its fields.")
    return journal, head[:last.end()].strip()


def _split_authors(rest: str) -> tuple[str | None, str]:
    """(authors, title) from 'Authors. Title.'; a single sentence is a title without authors."""
    et_al = _ET_AL.search(rest)
    if et_al:
        names = rest[:et_al.start()].strip().rstrip(",").strip()
        authors = f"{names}, et al." if names else None
        return authors, _title(rest[et_al.end():])
    first = _SENTENCE_END.search(rest)
    if not first or first.end() >= len(rest):
        return None, _title(rest)
    authors = rest[:first.start()].strip()
    return (authors or None), _title(rest[first.end():])


def _title(text: str) -> str:
    text = text.strip()
    return text[:-1].rstrip() if text.endswith(".") else text


def _pages(pages: str | None) -> str | None:
    return re.sub(r"\s*[-\u2013]\s*", "-", pages) if pages else None


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def first_surname(authors: str | None) -> str | None:
    """'van der Velden VH, Pui CH' -> 'van der Velden'; a group author's first word."""
    if not authors:
        return None
    first = authors.split(",")[0].strip()
    words = first.split()
    if len(words) > 1 and _INITIALS.match(words[-1]):
        return " ".join(words[:-1])
    return words[0] if words else None  # a group author: its first word (WHO, Children's)


def new_key(ref: Reference, taken: Iterable[str] = ()) -> str:
    """'cao2023' from the first author and year; 'cao2023a', 'cao2023b'... if taken; without
    authors, the title's first word."""
    used = {k.lower() for k in taken if k}
    surname = first_surname(ref.authors)
    stem = _slug(surname) if surname else ""
    if not stem and ref.title:
        stem = _slug(ref.title.split()[0]) if ref.title.split() else ""
    stem = (stem or "ref") + (str(ref.year) if ref.year else "")
    if not stem[0].isalpha():
        stem = "ref" + stem
    if stem not in used:
        return stem
    for suffix in "abcdefghijklmnopqrstuvwxyz":
        if stem + suffix not in used:
            return stem + suffix
    n = 2
    while f"{stem}-{n}" in used:
        n += 1
    return f"{stem}-{n}"


def _authors_vancouver(authors: str) -> str:
    names = [n.strip() for n in authors.strip().rstrip(".").split(",") if n.strip()]
    et_al = bool(names) and _ET_AL.fullmatch(names[-1] + ".") is not None
    if et_al:
        names = names[:-1]
    if len(names) > MAX_AUTHORS:
        names, et_al = names[:MAX_AUTHORS], True
    return ", ".join(names) + (", et al." if et_al else ".")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def format_vancouver(ref: Reference) -> str:
    """The reference in Vancouver (ICMJE/NLM) style, e.g. 'Cao Y, Li X, Wang Z, et al.
    Blinatumomab for CNS leukemia. Front Oncol. 2023;13(2):1234567. doi:10.3389/...'.
    A reference with neither title nor journal is printed as pasted (``citation``)."""
    if not (ref.title or ref.journal):
        return (ref.citation or "").strip()
    parts = []
    if ref.authors and ref.authors.strip():
        parts.append(_authors_vancouver(ref.authors))
    if ref.title and ref.title.strip():
        parts.append(_sentence(ref.title))
    source = ""
    if ref.journal and ref.journal.strip():
        source = ref.journal.strip().rstrip(".") + "."
    date = str(ref.year) if ref.year else ""
    if ref.volume:
        date += f";{ref.volume.strip()}"
    if ref.issue:
        date += f"({ref.issue.strip()})"
    if ref.pages:
        date += f":{ref.pages.strip()}"
    if date:
        source = f"{source} {date}.".strip()
    if source:
        parts.append(source)
    if ref.doi and ref.doi.strip():
        parts.append(f"doi:{ref.doi.strip()}")
    return " ".join(parts)
