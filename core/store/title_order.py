"""The case list's Title order: natural, as people read it ("Case 2" before "Case 10"), letters
compared without case or accents ("étude" beside "Etude", not after "Zoster").

As for the Case id sort (core.store.id_order), each row stores a key made from its title
(``cases.title_order``, migration 0007) with an index on (trashed_at, title_order), so the
list's pages and a search's sorted pages read that index in order. ``title_key`` (the title
casefolded) stays what the filter box matches.

The key: the title casefolded, accents taken off (NFKD, combining marks dropped), blanks at
its ends dropped and those inside made one space, each run of digits as core.store.id_order
writes it; then, to keep titles equal so far apart in one fixed order, U+0001 and the title
casefolded, U+0001 and the title itself. U+0001 sorts before any character a title holds, so
"Case" comes before "Case 2" and "Case A".
"""

from __future__ import annotations

import unicodedata

from core.store.id_order import numbers_in_order

SEPARATOR = "\x01"


def title_order_key(title: str) -> str:
    """The stored sort key of a case titled ``title`` (see the module's text)."""
    folded = title.casefold()
    bare = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    return SEPARATOR.join((numbers_in_order(" ".join(bare.split())), folded, title))
