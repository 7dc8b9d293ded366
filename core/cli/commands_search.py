"""casebook search / reindex."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TYPE_CHECKING

from core.cli.common import EXIT_DATA, Command, count_arg, err, opened, printable_cell
from core.cli.progress import ProgressBar

if TYPE_CHECKING:
    from core.search.results import SearchResult


def _configure_search(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", nargs="+", metavar="QUERY",
                   help='words, "phrases", prefix*, OR, -exclusion, filters such as '
                        "dx:C91.0 cns:CNS3 ae:crs>=2 (see the README, section Searching)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--limit", type=count_arg, default=50, metavar="N",
                   help="at most N hits (50)")
    p.add_argument("--offset", type=count_arg, default=0, metavar="N",
                   help="skip the first N hits")
    p.add_argument("--sort", default="relevance",
                   choices=["relevance", "day0", "updated", "title", "case_id", "status",
                            "main_dx"],
                   help="order of the hits (relevance); title and case_id in natural order "
                        "(Case 2 before Case 10), as `casebook list` sorts them")


def run_search(args: argparse.Namespace) -> int:
    with opened(args) as cb:
        result = cb.search.search(" ".join(args.query), offset=args.offset, limit=args.limit,
                                  sort=args.sort)
        nothing = not (result.total or result.error or result.filter_hints or result.offset)
        prefix = _prefix_line(result.query, cb.search.prefix_hint(result.query)) if nothing \
            else None
    if args.json:
        json.dump(result.model_dump(mode="json"), sys.stdout, ensure_ascii=False, indent=1)
        print()
    if result.error:
        err(result.error.caret)
        return EXIT_DATA
    if not args.json:
        _print_hits(result)
    shown = f"{result.offset + 1}-{result.offset + len(result.hits)} of " if result.hits else ""
    if result.over_cap:
        err(f"{shown}more than {result.total:,} case(s): {result.over_cap_note()}")
    else:
        err(f"{shown}{result.total} case(s).")
    for hint in result.filter_hints:
        err(hint)
    if prefix:
        err(prefix)  # the word hint's offer, as the command line reads words
    elif result.word_hint:
        err(result.word_hint)
    if result.suggestion and not args.json and not result.filter_hints \
            and not result.word_hint:
        err(f"{'Or did' if prefix else 'No cases match. Did'} you mean: {result.suggestion}?")
    return 0


def _prefix_line(typed: str, found: SearchResult | None) -> str | None:
    """Nothing found: whether a word read as a prefix would find cases, as the app's search
    box reads the last word typed (``blinat`` found 67 cases there and none here, unsaid).
    Not after a filter value no case holds (that one is the reason, said by its hint) nor
    for a page past the first."""
    if found is None:
        return None
    words = "as prefixes" if found.query.count("*") - typed.count("*") > 1 else "as a prefix"
    many = f"more than {found.total:,}" if found.over_cap else f"{found.total:,}"
    return (f'No case matches "{typed}"; "{found.query}" ({words}) matches {many} '
            f"case{'' if found.total == 1 else 's'}.")


def _print_hits(result: SearchResult) -> None:
    for hit in result.hits:
        print(f"{hit.case_id}\t{hit.status}\t{printable_cell(hit.main_dx or '-')}\t"
              f"{printable_cell(hit.title)}")
        if hit.snippet:
            print("    " + "".join(f"«{s.text}»" if s.hit else s.text for s in hit.snippet))


LEFT_OUT_SHOWN = 10  # case ids named when cases are left out of the index


def _configure_reindex(p: argparse.ArgumentParser) -> None:
    pass


def run_reindex(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    with opened(args, writes=True, refresh_index=False) as cb:
        bar = ProgressBar(sys.stderr, unit="cases")
        left_out: list[str] = []
        count = cb.search.reindex(on_progress=bar.show, left_out=left_out)
        bar.end()
    err(f"Indexed {count} case(s) in {time.perf_counter() - started:.1f} s.")
    if left_out:
        shown = ", ".join(left_out[:LEFT_OUT_SHOWN])
        more = f" and {len(left_out) - LEFT_OUT_SHOWN} more" if len(left_out) > LEFT_OUT_SHOWN \
            else ""
        err(f"Left out of the index: {len(left_out)} case(s) whose stored record cannot be "
            f"read ({shown}{more}): searches do not find them. `casebook show <case id>` "
            "says what is wrong with one.")
    return 0


COMMANDS = [
    Command("search", "search every stored case (full text and filters)", _configure_search,
            run_search),
    Command("reindex", "rebuild the search index of every case", _configure_reindex,
            run_reindex, writes=True),
]
