"""Case list paging (issue 17): the page at three quarters of the list (offset 75,000 of 100k:
page 151 of 500 rows) beside the first page, as the GUI's model fetches it (by the key of the
row before it, ``ListQuery.after``), target <= 2x; the same page by OFFSET (the old way) is
information. ``python -m tests.bench.bench_list 10000`` runs it on a smaller folder."""

from __future__ import annotations

import sys

from tests.bench.harness import Measure, cached_folder, clock, interleave, quick, with_floor

PAGE = 500
RATIO = 2
# (sort, descending, has an index that starts the page by key): the unindexed sorts scan
SORTS = [("updated", True, True), ("title", False, True), ("day0", False, True),
         ("case_id", False, True), ("main_dx", False, True)]  # main_dx: ix_cases_main_dx (0007)


def page_measures(n: int, rounds: int) -> list[Measure]:
    from core.services import open_casebook
    from core.services.listing import ListQuery

    cb = open_casebook(cached_folder(n), user="bench")
    depth = n * 3 // 4
    measures = []
    try:
        for sort, descending, indexed in SORTS:
            first = ListQuery(limit=PAGE, sort=sort, descending=descending)
            before = cb.cases.list_cases(ListQuery(offset=depth - 1, limit=1, sort=sort,
                                                   descending=descending))[0]
            deep = ListQuery(limit=PAGE, sort=sort, descending=descending,
                             after=before.list_key)
            by_offset = ListQuery(offset=depth, limit=PAGE, sort=sort, descending=descending)
            assert cb.cases.list_cases(deep) == cb.cases.list_cases(by_offset)
            name = f"Case list page at {depth:,} of {n:,} by key, {sort} " \
                   f"{'descending' if descending else 'ascending'}"
            a, b = interleave(lambda q=deep: clock(lambda: cb.cases.list_cases(q)),
                              lambda q=first: clock(lambda: cb.cases.list_cases(q)), rounds)
            measures.append(with_floor(Measure(
                name, f"<= {RATIO}x first page" if indexed else "informational", "ms",
                ratio_limit=RATIO if indexed else None, floor_name="the first page",
                note="" if indexed else "no index on this column: every page sorts"), a, b))
            a, b = interleave(lambda q=by_offset: clock(lambda: cb.cases.list_cases(q)),
                              lambda q=first: clock(lambda: cb.cases.list_cases(q)), rounds)
            measures.append(with_floor(Measure(
                name.replace("by key", "by OFFSET (before issue 17)"), "informational", "ms",
                floor_name="the first page"), a, b))
    finally:
        cb.close()
    return measures


def run() -> list[Measure]:
    return page_measures(10_000 if quick() else 100_000, 5 if quick() else 10)


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    for m in page_measures(count, 10):
        print(f"{m.name}: {m.median:.1f} ms, first page {m.floor_median:.1f} ms, "
              f"ratio {m.ratio:.2f} ({m.target})")
