"""Case ids named on a command line or by a caller: each case once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def distinct_ids(case_ids: Sequence[str]) -> list[str]:
    """``case_ids`` each once, in the order first named: a case named twice is exported
    once (written twice, a JSON file would not import back and a dataset's rows would count
    it twice)."""
    return list(dict.fromkeys(case_ids))


def repeated_ids_text(case_ids: Sequence[str], done: str = "exported") -> list[str]:
    """A line for each id named more than once ("X named twice: exported once")."""
    times = Counter(case_ids)
    return [f"{case_id} named {'twice' if times[case_id] == 2 else f'{times[case_id]} times'}"
            f": {done} once" for case_id in distinct_ids(case_ids) if times[case_id] > 1]
