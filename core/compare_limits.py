"""How many cases Compare takes: a module of its own, light, so that the window can enable
Case › Compare selected cases before the services load (they load after the first paint)."""

MIN_CASES, MAX_CASES = 2, 6
