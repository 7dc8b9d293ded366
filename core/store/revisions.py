"""The schema revisions, read from the migration scripts' text without importing Alembic.

Alembic costs ~0.75 s to import; opening an up-to-date folder needs only the head revision,
so it is read here from each script's ``revision = "..."`` and ``down_revision = ...`` lines
(a test checks the result against Alembic's own ScriptDirectory). Alembic is imported only
when a migration is pending (``core.store.schema``).
"""

from __future__ import annotations

import re
from pathlib import Path

_REVISION = re.compile(r'^revision\s*(?::\s*str\s*)?=\s*["\']([^"\']+)["\']', re.M)
_DOWN = re.compile(r'^down_revision\s*(?::[^=]*)?=\s*(None|["\']([^"\']+)["\'])', re.M)


class RevisionsProblem(Exception):
    """The migration scripts do not form one straight line of revisions."""


def read_revisions(versions: Path) -> tuple[str, ...]:
    """Every revision in ``versions`` (a folder of migration scripts), oldest first."""
    parents: dict[str, str | None] = {}
    for script in sorted(versions.glob("*.py")):
        text = script.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN.search(text)
        if revision is None or down is None:
            raise RevisionsProblem(f"{script.name} names no revision or down_revision")
        if revision[1] in parents:
            raise RevisionsProblem(f"revision {revision[1]} is defined twice ({script.name})")
        parents[revision[1]] = down[2]
    return _in_order(parents)


def _in_order(parents: dict[str, str | None]) -> tuple[str, ...]:
    children: dict[str | None, list[str]] = {}
    for revision, before in parents.items():
        children.setdefault(before, []).append(revision)
    chain: list[str] = []
    parent: str | None = None
    while parent in children:
        following = children[parent]
        if len(following) > 1:
            raise RevisionsProblem(f"revisions {', '.join(sorted(following))} all follow "
                                   f"{parent or 'the start'}: the migrations branch")
        parent = following[0]
        chain.append(parent)
    if len(chain) != len(parents):
        lost = sorted(set(parents) - set(chain))
        raise RevisionsProblem(f"revisions {', '.join(lost)} do not follow from the first one")
    return tuple(chain)
