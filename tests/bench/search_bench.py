"""Search benchmark (not a test): the index against a naive scan of every document.

    .venv/bin/python -m tests.bench.search_bench [N] [--seed S] [--repeat R] [--naive-sample K]

On N generated cases (core.synth) plus the two reference cases: p50/p95 of a fixed mix of 20
queries, the same queries as a naive scan (parse every JSON document, match in Python:
``core.search.naive``), index size per case and the time to rebuild the index. Prints a table
and returns a dict. Data folders are the harness's cache (bench-cache/, automatic backups off).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time

from sqlalchemy import text

QUERIES = [
    "blinatumomab", "dasatinib", "T315I", "CNS3", "parenchymal", "leukemia",
    "lymphoblastic leukemia", '"cerebral parenchymal"', "blin*", "mut:T315I", "cns:CNS3",
    "ae:crs>=2", "dx:C91.0", "drug:blinatumomab cns:CNS3", "age:18..40 sex:f",
    "blinatumomab cns:CNS3 dx:B-ALL", "leukemia ae:>=3", "relapse -dasatinib", "白血病",
    "remission OR relapse drug:L01",
]

# Broad queries (issue 20): the bounds (core.search.bounds, core.search.expansion) at their
# widest, common words and short prefixes; at 100k cases the first (one-letter prefixes), the
# four long prefixes joined by OR (1,626 pages of hits) and the dozen common words joined by OR
# are refused with a message (timed all the same); "lymph* leuk*" and "co* OR re* OR pa* OR
# lymph*" (1,414 of at most 1,450) are the widest answered.
FANOUT = [
    " OR ".join(f"{c}*" for c in "abcdefghijklm"),
    "co* OR re* OR pa* OR le*", "co* re* pa* le*", "leu* OR lym* OR blo* OR mar*",
    "leuk* OR lymph* OR blast* OR marrow*", "lymph*", "co* re* pa* lymph*",
    "blinat* dasat*", "leuk*", "lymph* leuk*", "leuk* OR lymph*", "co* OR re* OR pa* OR lymph*",
    "leukemia OR patient OR the OR and OR with OR of OR to OR in OR day OR treatment OR cell "
    "OR blood",
    "co* OR re* OR pa* OR le* OR the OR and OR with OR of OR to OR in OR cell OR blood",
    "age:0..150 day0:1900..2100 sex:f OR sex:m", "the -co*",
]


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_queries(cb, repeat: int, queries: list[str] = QUERIES) -> dict[str, dict]:
    out = {}
    for query in queries:
        started = time.perf_counter()
        result = cb.search.search(query)  # warm-up, and the hit count
        first = (time.perf_counter() - started) * 1000  # with the words of its prefixes read
        samples = []
        for _ in range(repeat):
            started = time.perf_counter()
            cb.search.search(query)
            samples.append((time.perf_counter() - started) * 1000)
        out[query] = {"total": result.total, "median_ms": statistics.median(samples),
                      "first_ms": first,
                      "samples": samples, "capped": result.capped,
                      "over_cap": result.over_cap,
                      "refused": result.error.message if result.error else None}
    return out


def time_naive(cb, sample: int) -> dict[str, float]:
    """Seconds per query for a scan that parses every document, in one pass: the parse cost
    is paid by every query (a scan has no index), the match cost is each query's own."""
    from core.search import parse
    from core.search.naive import matches, scan_case

    queries = {q: parse(q) for q in QUERIES[:sample]}
    if not queries:
        return {"_hits": {}}  # type: ignore[dict-item]
    match_time = dict.fromkeys(queries, 0.0)
    hits = dict.fromkeys(queries, 0)
    parse_time = 0.0
    with cb.ctx.db.read() as conn:
        rows = conn.execute(text("SELECT id, status, updated_at, document FROM cases "
                                 "WHERE trashed_at IS NULL"))
        for row in rows:
            started = time.perf_counter()
            scanned = scan_case(*row)
            parse_time += time.perf_counter() - started
            for q, parsed in queries.items():
                started = time.perf_counter()
                hits[q] += matches(parsed, scanned)
                match_time[q] += time.perf_counter() - started
    return {q: parse_time + match_time[q] for q in queries} | {"_hits": hits}  # type: ignore[return-value]


def index_size(cb) -> dict[str, int]:
    with cb.ctx.db.read() as conn:
        rows = conn.execute(text("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")).all()
    sizes = dict(rows)
    fts = sum(v for k, v in sizes.items() if k.startswith(("search_", "sqlite_autoindex_search")))
    facets = sum(v for k, v in sizes.items() if k.startswith(("case_codes", "case_numbers",
                                                                "ix_case_codes", "ix_case_numbers")))
    return {"fts": fts, "facets": facets, "total": sum(sizes.values())}


def run(n: int = 10_000, seed: int = 7, repeat: int = 10, naive_sample: int = 20) -> dict:
    from core.services import open_casebook
    from tests.bench.harness import cached_folder

    cb = open_casebook(cached_folder(n, seed), user="bench")
    try:
        cases = cb.search.count("")
        queries = time_queries(cb, repeat)
        fanout = time_queries(cb, max(3, repeat // 2), FANOUT)
        naive = time_naive(cb, naive_sample)
        sizes = index_size(cb)
        load = os.getloadavg()[0]  # others share the machine: said beside the time
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        started, cpu = time.perf_counter(), time.process_time()
        cb.search.reindex()
        rebuild_s = time.perf_counter() - started
        done = resource.getrusage(resource.RUSAGE_CHILDREN)  # its worker processes
        rebuild_cpu = time.process_time() - cpu
        workers_cpu = (done.ru_utime + done.ru_stime) - (children.ru_utime + children.ru_stime)
    finally:
        cb.close()
    samples = [s for q in queries.values() for s in q["samples"]]
    result = {
        "cases": cases, "p50_ms": _percentile(samples, 0.5), "p95_ms": _percentile(samples, 0.95),
        "queries": {q: {k: v for k, v in d.items() if k != "samples"} for q, d in queries.items()},
        "naive_s": {q: v for q, v in naive.items() if q != "_hits"},
        "naive_hits": naive["_hits"], "fts_bytes_per_case": sizes["fts"] / cases,
        "facet_bytes_per_case": sizes["facets"] / cases, "db_bytes": sizes["total"],
        "rebuild_s": rebuild_s, "rebuild_cpu_s": rebuild_cpu, "rebuild_workers_cpu_s": workers_cpu,
        "rebuild_load": load,
        "fanout": {q: {k: v for k, v in d.items() if k != "samples"} for q, d in fanout.items()},
    }
    print_table(result)
    return result


def print_table(r: dict) -> None:
    print(f"\nSearch benchmark: {r['cases']:,} cases")
    print(f"{'query':38} {'hits':>7} {'index ms':>9} {'naive ms':>10} {'ratio':>8}")
    for query, d in r["queries"].items():
        naive = r["naive_s"].get(query)
        naive_ms = f"{naive * 1000:10.0f}" if naive is not None else f"{'-':>10}"
        ratio = f"{naive * 1000 / d['median_ms']:8.0f}" if naive is not None else f"{'-':>8}"
        flag = " (capped)" if d["capped"] else ""
        more = "+" if d.get("over_cap") else " "  # more hits than the cap: its newest answered
        print(f"{query[:38]:38} {d['total']:6d}{more} {d['median_ms']:9.2f} {naive_ms} {ratio}{flag}")
    print(f"all queries: p50 {r['p50_ms']:.2f} ms, p95 {r['p95_ms']:.2f} ms (hits N+: more than "
          "the cap, answered from the newest N)")
    print(f"index size per case: full text {r['fts_bytes_per_case'] / 1024:.1f} KiB, facets "
          f"{r['facet_bytes_per_case'] / 1024:.1f} KiB (database {r['db_bytes'] / 2**20:.0f} MiB)")
    print("broad queries (issue 20: each < 200 ms at 100k cases):")
    for query, d in r.get("fanout", {}).items():
        shown = "refused: " + d["refused"][:40] if d["refused"] else f"{d['total']:7d} hits"
        print(f"  {query[:46]:46} {d['median_ms']:9.2f} ms (first {d['first_ms']:.0f})  {shown}")
    print(f"rebuild index: {r['rebuild_s']:.1f} s (CPU {r['rebuild_cpu_s']:.1f} s + workers "
          f"{r['rebuild_workers_cpu_s']:.1f} s, load {r['rebuild_load']:.1f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--naive-sample", type=int, default=20,
                        help="how many of the 20 queries also run as a naive scan")
    args = parser.parse_args(argv)
    run(args.n, args.seed, args.repeat, args.naive_sample)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
