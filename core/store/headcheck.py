"""Does the database's last audit entry agree with the recorded chain head and its second copy?

``check_tip`` compares the tip of the chain (count and MAC of the last entry) with the head file
in the data folder and its copy in the user's configuration folder (``core.store.heads``). It
reads no entries: the chain itself is walked by ``core.store.verify``. A save calls it before it
adds entries (a writer never extends a chain its head does not vouch for, so it never hides
what was done to it); verification calls it after walking the chain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.logs import get_logger
from core.store.heads import ChainHead, HeadFile, authentic

log = get_logger("store")


@dataclass
class HeadCheck:
    """``ok``: the tip is one the head (and its copy, if there is one) vouches for. ``problems``
    say what is wrong (with ``first_bad_seq``); ``notes`` what a writer puts right by writing
    the head again as the tip (``settle``): a save that committed before a crash, an older
    Casebook's head, a copy not written yet."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    first_bad_seq: int | None = None
    settle: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def message(self) -> str:
        return "; ".join(self.problems or self.notes)

    def problem(self, text: str, seq: int | None = None) -> None:
        self.problems.append(text)
        if seq is not None and (self.first_bad_seq is None or seq < self.first_bad_seq):
            self.first_bad_seq = seq


def check_tip(tip: ChainHead, key: bytes, main_path: Path, main: HeadFile | None,
              copy_path: Path | None, copy: HeadFile | None) -> HeadCheck:
    """How the database's tip stands against the head ``main`` (read from ``main_path``; None:
    no file) and its second copy ``copy`` (None: none; ``copy_path`` None: no copy is kept)."""
    leftover = _one_torn(tip, key, main_path, main, copy_path, copy)
    if leftover is not None:
        return leftover
    check = HeadCheck()
    n = tip.count
    if main is None:
        if n or (copy is not None and _recorded(copy)):
            check.problem(f"the chain head {main_path} is missing although the database holds "
                          f"{n} audit entries, so deleted last entries cannot be ruled out", n + 1)
        else:
            check.settle = True  # a new casebook: its first head
    elif main.head is None:
        check.problem(f"the chain head {main_path} cannot be read (it is not a chain head)", n + 1)
    elif main.legacy and copy is not None and not (copy.legacy and copy.head is not None
                                                   and copy.head.same(main.head)):
        check.problem(f"the chain head {main_path} is not authenticated (it carries no tag, as "
                      "only an older Casebook wrote it, but this folder's head has been "
                      "authenticated before): it was written outside Casebook", n + 1)
    elif not main.legacy and not _authentic(key, main):
        check.problem(f"the chain head {main_path} is not authenticated with the audit key: it "
                      "was written or changed outside Casebook (or the audit key was replaced)",
                      n + 1)
    else:
        _against(check, tip, main, "the chain head")
        if main.legacy:
            check.notes.append("the chain head was written by an older Casebook; it is "
                               "authenticated at the next save")
    if copy_path is not None:
        _against_copy(check, tip, main, copy_path, copy, key)
    return check


def _one_torn(tip: ChainHead, key: bytes, main_path: Path, main: HeadFile | None,
              copy_path: Path | None, copy: HeadFile | None) -> HeadCheck | None:
    """One of the two head files damaged (not a head, or signed but not authentic: what a
    write torn by a power cut can leave) while the other is authentic and vouches for the
    tip: a crash leftover, not a tamper. The tip is vouched for by the intact file; the
    damaged one is written again (``settle``: at the next open or save). None otherwise (both
    damaged, or the intact one not vouching: the usual checks report it)."""
    if main is None or copy is None or copy_path is None:
        return None
    pairs = ((main, main_path, "the chain head", copy, "its second copy"),
             (copy, copy_path, "the second copy of the chain head", main, "the chain head"))
    for bad, bad_path, what, good, other in pairs:
        if _damaged(key, bad) and _vouches(key, tip, good):
            why = "it is not a chain head" if bad.head is None else "its tag does not verify"
            note = (f"{what} {bad_path} is damaged ({why}: a write cut short, such as by a "
                    f"power cut); {other} is authenticated and vouches for entry {tip.count}, "
                    "so it is written again with the next save")
            log.warning("%s", note)
            return HeadCheck(notes=[note], settle=True)
    return None


def _damaged(key: bytes, found: HeadFile) -> bool:
    return found.head is None or (not found.legacy and not _authentic(key, found))


def _vouches(key: bytes, tip: ChainHead, found: HeadFile) -> bool:
    return (found.head is not None and not found.legacy and _authentic(key, found)
            and any(tip.same(h) for h in found.positions))


def _against(check: HeadCheck, tip: ChainHead, found: HeadFile, what: str) -> None:
    head, pending = found.head, found.pending
    assert head is not None
    n = tip.count
    if tip.same(head):
        check.settle |= pending is not None or found.legacy
        return
    if pending is not None and tip.same(pending):
        check.settle = True
        check.notes.append(f"the save under way when Casebook stopped had committed: {what} "
                           f"moves on to entry {n}")
        return
    top = max(h.count for h in found.positions)
    if n < head.count:
        check.problem(f"the database ends at entry {n} but {what} records {head.count} "
                      f"entries: {_entries(n + 1, head.count)} deleted", n + 1)
    elif n > top:
        check.problem(f"{_entries(top + 1, n)} added after {what} (entry {top}), not by "
                      "Casebook's own saves", top + 1)
    else:
        check.problem(f"entry {n} does not match {what} (entry {head.count}"
                      + (f", or {pending.count} for the save under way" if pending else "")
                      + "): the end of the chain was rewritten", n)


def _against_copy(check: HeadCheck, tip: ChainHead, main: HeadFile | None, copy_path: Path,
                  copy: HeadFile | None, key: bytes) -> None:
    if copy is None:
        if tip.count:
            check.notes.append(f"there is no second copy of the chain head in {copy_path} "
                               "yet (it is written with the next save)")
        check.settle = True
        return
    where = f"the second copy of the chain head ({copy_path})"
    if copy.head is None:
        check.problem(f"{where} cannot be read (it is not a chain head)")
        return
    if copy.legacy:
        if main is None or not main.legacy or not copy.head.same(main.head):
            check.problem(f"{where} is not authenticated: it was written outside Casebook")
            return
    elif not _authentic(key, copy):
        check.problem(f"{where} is not authenticated with the audit key: it was written or "
                      "changed outside Casebook")
        return
    if any(tip.same(h) for h in copy.positions):
        check.settle |= copy.pending is not None or not tip.same(copy.head)
        return
    if main is not None and main.head is not None and _same_positions(main, copy):
        return  # the head in the data folder says the same, and its problem is reported
    recorded = max(h.count for h in copy.positions)
    in_folder = (main.head.count if main is not None and main.head is not None else None)
    said = "is missing" if main is None else (f"records {in_folder}" if in_folder is not None
                                              else "cannot be read")
    n = tip.count
    if recorded > n:
        why = f": {_entries(n + 1, recorded)} deleted"
        seq = n + 1
    elif recorded < n:
        span = f"entry {n}" if recorded + 1 == n else f"entries {recorded + 1} to {n}"
        why = (f": {span} not in the copy (added outside Casebook's saves, or an older copy "
               "was put back)")
        seq = recorded + 1
    else:
        why = f": entry {n} was rewritten"
        seq = n
    check.problem(f"{where} records {recorded} entries, but the database holds {n} and the "
                  f"chain head in the data folder {said}{why}", seq)


def _authentic(key: bytes, found: HeadFile) -> bool:
    assert found.head is not None
    return authentic(key, found.head) and (found.pending is None
                                           or authentic(key, found.pending, "pending"))


def _same_positions(one: HeadFile, other: HeadFile) -> bool:
    return len(one.positions) == len(other.positions) and all(
        a.same(b) for a, b in zip(one.positions, other.positions, strict=True))


def _recorded(found: HeadFile) -> bool:
    return any(h.count for h in found.positions)


def _entries(first: int, last: int) -> str:
    return f"entry {first} was" if first == last else f"entries {first} to {last} were"
