"""Words a case is shown in but does not store: a route's name (the stored code is IT)."""

from __future__ import annotations

from tests.core.search.conftest import REF1, REF2


def test_a_route_is_found_by_its_name(find):
    # both reference cases received triple intrathecal therapy, stored as route IT; the
    # route's picker and tooltip name it "Intrathecal use"
    assert {REF1, REF2} <= find("intrathecal")
    assert "HC-BLINCNS1" not in find("intrathecal")  # blinatumomab only, route CIV
    assert "HC-BLINCNS1" in find('"intravenous use"')
