"""The audit search offers every action the code records: read from the ``record(...)`` calls.

Each call's ``action`` is followed back to the strings it can hold: a literal, a module
constant, a local set by ``a if … else b``, an f-string prefix, or the argument of a helper
(``_audit("case.view", …)``) that passes it on. A call this reader cannot follow fails the test,
so a new way of writing actions cannot slip past it.
"""

from __future__ import annotations

import ast
from functools import cache, cached_property
from pathlib import Path

from sendsight.access.audit_actions import AUDIT_ACTIONS

SRC = Path(__file__).resolve().parents[2] / "src" / "sendsight"
Found = dict[str, set[str]]


def test_the_audit_search_offers_every_action_the_code_records() -> None:
    written = written_actions(SRC)
    missing = {a: sorted(files) for a, files in written.items() if a not in AUDIT_ACTIONS}
    assert missing == {}, "add these to sendsight/access/audit_actions.py"


def test_the_reader_finds_the_actions_it_should() -> None:
    written = written_actions(SRC)
    assert {"sign_in.success", "case.export", "outcomes.value.correct", "sign_out"} <= set(written)


@cache
def written_actions(root: Path) -> Found:
    """Every action string a ``record(...)`` call under ``root`` can write, with its files
    (read once per test run: both tests ask)."""
    found: Found = {}
    trees = [
        (path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(root.rglob("*.py"))
    ]
    for path, tree in trees:
        _Reader(tree, path, found, trees).read()
    return found


def _constants(expr: ast.expr) -> set[str] | None:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.IfExp):
        body, orelse = _constants(expr.body), _constants(expr.orelse)
        return body | orelse if body is not None and orelse is not None else None
    return None


def _called(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


class _Reader:
    def __init__(
        self, tree: ast.Module, path: Path, found: Found, trees: list[tuple[Path, ast.Module]]
    ) -> None:
        self.tree, self.path, self.found, self.trees = tree, path, found, trees
        self.module_constants = {
            node.targets[0].id: values
            for node in tree.body
            if isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and (values := _constants(node.value)) is not None
        }

    @cached_property
    def parents(self) -> dict[ast.AST, ast.AST]:
        """Each node's parent, worked out only for the files whose actions need following."""
        return {c: p for p in ast.walk(self.tree) for c in ast.iter_child_nodes(p)}

    def read(self) -> None:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and _called(node.func) == "record":
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        for action in self.values(keyword.value, node):
                            self.found.setdefault(action, set()).add(self.path.name)

    def values(self, expr: ast.expr, at: ast.AST) -> set[str]:
        constants = _constants(expr)
        if constants is not None:
            return constants
        if isinstance(expr, ast.Name):
            return self.name_values(expr.id, at)
        if isinstance(expr, ast.JoinedStr):
            joined = {""}
            for part in expr.values:
                parts = (
                    self.values(part.value, at)
                    if isinstance(part, ast.FormattedValue)
                    else self.values(part, at)
                )
                joined = {left + right for left in joined for right in parts}
            return joined
        raise AssertionError(f"{self.path}:{getattr(at, 'lineno', '?')}: {ast.unparse(expr)}")

    def name_values(self, name: str, at: ast.AST) -> set[str]:
        function = self.enclosing_function(at)
        if function is not None:
            for node in ast.walk(function):
                if isinstance(node, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == name for t in node.targets
                ):
                    return self.values(node.value, node)
            parameters = [a.arg for a in function.args.args]
            if name in parameters:
                return self.argument_values(function.name, parameters.index(name), name)
        if name in self.module_constants:
            return self.module_constants[name]
        raise AssertionError(f"{self.path}:{getattr(at, 'lineno', '?')}: action from {name}")

    def argument_values(self, function: str, index: int, name: str) -> set[str]:
        """What the helper ``function``'s argument can hold: from the calls in this module and in
        the modules that import the helper by name."""
        values = self.given_values(function, index, name)
        for path, tree in self.trees:
            if path != self.path and _imports(tree, function, _module_of(self.path)):
                other = _Reader(tree, path, self.found, self.trees)
                values |= other.given_values(function, index, name)
        return values

    def given_values(self, function: str, index: int, name: str) -> set[str]:
        values: set[str] = set()
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and _called(node.func) == function:
                given = node.args[index] if index < len(node.args) else None
                given = given or next((k.value for k in node.keywords if k.arg == name), None)
                if given is not None:
                    values |= self.values(given, node)
        return values

    def enclosing_function(self, node: ast.AST) -> ast.FunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef):
                return node
        return None


def _imports(tree: ast.Module, name: str, module: str) -> bool:
    """True when ``tree`` imports ``name`` from ``module``."""
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == module
        and any(alias.name == name for alias in node.names)
        for node in tree.body
    )


def _module_of(path: Path) -> str:
    """The dotted module name of a file under ``SRC``."""
    return ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
