"""What a case report needs beyond the record: references (parsed from a pasted NLM/Vancouver
citation, formatted in Vancouver style, numbered in order of first ``[@key]`` citation) and the
checks of authors' and references' identifiers (ORCID, DOI, PMID). No Qt, no store."""

from core.publication.citations import CitationError, format_vancouver, new_key, parse_citation
from core.publication.numbering import (
    citation_keys,
    cited_texts,
    duplicate_keys,
    number_citations,
    render_citations,
    uncited,
    unknown_keys,
)

__all__ = [
    "CitationError", "citation_keys", "cited_texts", "duplicate_keys", "format_vancouver", "new_key",
    "number_citations", "parse_citation", "render_citations", "uncited", "unknown_keys",
]
