"""The search panel's texts: how many cases match, and a query's problem with its bad part
marked."""

from __future__ import annotations

from html import escape

from core.services.values import Filter, QueryError, QueryProblem, parse

MARK = "background:#ffcdd2;color:#b71c1c;text-decoration:underline"


def has_words(text: str) -> bool:
    """Does the query hold a word to highlight (the Matches column's content)? Filters and
    excluded words match none: for them the column was empty on every row, 260 px wide."""
    try:
        items = parse(text, as_you_type=True).items
    except QueryError:
        return True  # a query being typed: the column stays as it was meant for words
    return any(not isinstance(item, Filter) and not item.negated for item in items)


def count_text(total: int, searching: bool, over_cap: bool = False) -> str:
    if searching and over_cap:  # more hits than the cap: the newest ``total`` are shown
        return f"More than {total:,} cases match (the {total:,} most recent shown)"
    cases = f"{total:,} case{'s' if total != 1 else ''}"
    return f"{cases} match{'es' if total == 1 else ''}" if searching else cases


def problem_html(text: str, problem: QueryProblem) -> str:
    """The query with its bad part marked, then the message."""
    message = f"<span style='color:#b71c1c'>{escape(problem.message)}</span>"
    if problem.position is None:
        return message
    start = min(problem.position, len(text))
    end = start + problem.length
    bad = escape(text[start:end]) or "&nbsp;"
    marked = f"{escape(text[:start])}<span style='{MARK}'>{bad}</span>{escape(text[end:])}"
    return f"<code>{marked}</code><br>{message}"
