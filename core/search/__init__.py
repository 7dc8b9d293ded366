"""Search: full text (SQLite FTS5) plus structured filters over every stored case.

Importing this package registers the search facets and the full-text writer with the store,
so every save keeps the index current in its own transaction (ARCHITECTURE decision 2).
``core.services.search.SearchService`` is the API for the GUI and the command line.
"""

from core.search.filters import FILTERS
from core.search.index import index_facets, remove_documents, write_documents
from core.search.parser import parse
from core.search.query import Clause, Filter, Query, QueryError, Term
from core.search.rebuild import rebuild_index
from core.store.indexing import register_indexer, register_writer

register_indexer(index_facets)
register_writer(write_documents, remove_documents)

__all__ = ["FILTERS", "Clause", "Filter", "Query", "QueryError", "Term", "parse",
           "rebuild_index"]
