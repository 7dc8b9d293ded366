"""Every action the audit trail can record has plain words for the History window
(``core.services.audit_words.ACTION_WORDS``): the codes are read from the source of every
place that writes an entry, so a new code written without words fails here."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from core.services.audit_words import ACTION_WORDS, action_words

ROOT = Path(__file__).resolve().parents[2]
# a call that writes an entry -> the position of its action argument
WRITERS = {"AuditEntry": 0, "record": 0, "record_identified_output": 1, "change_entries": 2,
           "_record": 1}
# codes written today (the scan must keep finding them: a scan gone blind passes nothing)
KNOWN = {"create", "import", "import-replace", "save", "amendment", "status", "complete", "lock",
         "unlock", "sign", "trash", "restore", "purge", "export", "audit-export", "pdf-print",
         "pdf-save", "backup-restore", "document", "baseline"}


def _modules() -> dict[str, ast.Module]:
    found = {}
    for folder in ("core", "gui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def _assigned(scope: ast.AST, name: str) -> Iterator[ast.expr]:
    """The values assigned to ``name`` in ``scope`` (``a, b = "x", "y"`` paired up)."""
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id == name:
                    yield node.value
                elif (isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
                      and len(target.elts) == len(node.value.elts)):
                    yield from (v for t, v in zip(target.elts, node.value.elts, strict=True)
                                if isinstance(t, ast.Name) and t.id == name)


def _strings(expr: ast.expr, scopes: list[ast.AST], modules: dict[str, ast.Module],
             module: ast.Module, seen: set[str]) -> set[str]:
    """The string codes ``expr`` can take: literals, either branch of ``a if c else b``, a
    dict's values (``{"locked": "lock"}.get(status, "status")``), names assigned in the
    function or the module, names imported from another module of the project."""
    if isinstance(expr, ast.Constant):
        return {expr.value} if isinstance(expr.value, str) else set()
    if isinstance(expr, ast.Name):
        if expr.id in seen:
            return set()
        seen = seen | {expr.id}
        for scope in scopes:  # innermost first
            values = list(_assigned(scope, expr.id))
            if values:
                return set().union(*(_strings(v, scopes, modules, module, seen)
                                     for v in values))
        return _imported(expr.id, module, modules, seen)
    parts: list[ast.expr | None] = []
    if isinstance(expr, ast.IfExp):
        parts = [expr.body, expr.orelse]
    elif isinstance(expr, ast.BoolOp):
        parts = list(expr.values)
    elif isinstance(expr, ast.Dict):  # its values: the keys are what is looked up
        parts = list(expr.values)
    elif isinstance(expr, ast.Call):  # {...}.get(key, "default")
        parts = [expr.func, *expr.args, *(k.value for k in expr.keywords)]
    elif isinstance(expr, ast.Attribute | ast.Subscript):
        parts = [expr.value]
    return set().union(set(), *(_strings(p, scopes, modules, module, seen)
                                for p in parts if p is not None))


def _imported(name: str, module: ast.Module, modules: dict[str, ast.Module],
              seen: set[str]) -> set[str]:
    for node in module.body:
        if isinstance(node, ast.ImportFrom) and node.module in modules:
            if any(alias.name == name for alias in node.names):
                source = modules[node.module]
                top = [v for v in _assigned_top(source, name)]
                return set().union(set(), *(_strings(v, [source], modules, source, seen)
                                            for v in top))
    return set()


def _assigned_top(module: ast.Module, name: str) -> Iterator[ast.expr]:
    for node in module.body:
        yield from _assigned(ast.Module(body=[node], type_ignores=[]), name)


def _call_name(call: ast.Call) -> str | None:
    func = call.func
    return func.id if isinstance(func, ast.Name) else (
        func.attr if isinstance(func, ast.Attribute) else None)


def _writes(call: ast.Call, module: str) -> bool:
    """Is ``call`` one that writes an audit entry? ``record`` only on the audit service
    (``audit.record``, ``cb.audit.record``, ``self.record`` inside it), not a table's record."""
    name = _call_name(call)
    if name not in WRITERS:
        return False
    if name != "record":
        return True
    receiver = ast.unparse(call.func.value) if isinstance(call.func, ast.Attribute) else ""
    return "audit" in receiver or (receiver == "self" and module == "core.services.audit")


def _written_codes() -> dict[str, str]:
    """code -> the module that writes it."""
    modules = _modules()
    codes: dict[str, str] = {}
    for name, module in modules.items():
        def visit(node: ast.AST, scopes: list[ast.AST], name: str = name,
                  module: ast.Module = module) -> None:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                scopes = [node, *scopes]
            if isinstance(node, ast.Call) and _writes(node, name):
                position = WRITERS[_call_name(node) or ""]
                given = [k.value for k in node.keywords if k.arg == "action"]
                if len(node.args) > position:
                    given.append(node.args[position])
                for expr in given:
                    for code in _strings(expr, scopes, modules, module, set()):
                        codes.setdefault(code, name)
            for child in ast.iter_child_nodes(node):
                visit(child, scopes)

        visit(module, [module])
    return codes


def test_every_action_the_trail_writes_has_words():
    written = _written_codes()
    assert KNOWN <= set(written), f"the scan lost sight of {sorted(KNOWN - set(written))}"
    without = {code: where for code, where in written.items() if code not in ACTION_WORDS}
    assert not without, f"audit actions without words in ACTION_WORDS: {without}"
    assert set(ACTION_WORDS) == KNOWN  # a code with words but no writer: drop it, or list it


def test_actions_read_as_words_and_an_unknown_code_stays_readable():
    assert action_words("save") == "Saved"
    assert action_words("pdf-save") == "PDF saved"
    assert action_words("import") == "Imported"
    assert action_words("lock") == "Locked"
    assert action_words("restore") == "Restored from trash"
    assert all(words and words[0].isupper() for words in ACTION_WORDS.values())
    assert action_words("key-rotate") == "Key rotate"  # a newer Casebook's code: no crash
    assert action_words("odd_code") == "Odd code"
    assert action_words("") == "—"
    assert action_words(None) == "—"
