"""A framework as a YAML file: read with line numbers, checked, turned into canonical content.

Pure: text in, a canonical dict out (or ``InputRejected`` listing every problem by line and
field). Writing the canonical dict back as YAML and reading it again gives the same dict, so
import and export round-trip.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from sendsight.assessment.inspection import INSPECTION_AREAS
from sendsight.core.errors import InputRejected, Problem

# libyaml's loader when installed (several times faster); it reports the same line numbers.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
KEY_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
MIN_LEVELS, MAX_LEVELS = 2, 7


class _Map(dict[str, Any]):
    """A YAML mapping that remembers its line and each key's line."""

    line: int
    lines: dict[str, int]


class _List(list[Any]):
    """A YAML sequence that remembers its line and each item's line."""

    line: int
    lines: list[int]


def _value(node: Node, constructor: SafeConstructor) -> Any:
    if isinstance(node, MappingNode):
        found = _Map()
        found.line, found.lines = node.start_mark.line + 1, {}
        for key_node, value_node in node.value:
            key = str(_value(key_node, constructor))
            found.lines.setdefault(key, key_node.start_mark.line + 1)
            found[key] = _value(value_node, constructor)
        return found
    if isinstance(node, SequenceNode):
        items = _List(_value(item, constructor) for item in node.value)
        items.line, items.lines = (
            node.start_mark.line + 1,
            [i.start_mark.line + 1 for i in node.value],
        )
        return items
    assert isinstance(node, ScalarNode)
    return constructor.construct_object(node)


def load_located(text: str, filename: str) -> Any:
    """The YAML document as dicts and lists that remember their line numbers."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputRejected([Problem(filename, "The file is not valid YAML", line=line)]) from None
    if node is None:
        raise InputRejected([Problem(filename, "The file is empty")])
    return _value(node, SafeConstructor())


class _Checker:
    """Collects every problem found while a framework is read."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []

    def add(self, message: str, line: int | None, field: str, value: object = None) -> None:
        shown = None if value is None else str(value)
        self.problems.append(Problem(self.filename, message, line=line, column=field, value=shown))

    def text(self, where: _Map, name: str, field: str, *, required: bool = True) -> str:
        value = where.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(f"Give the {name.replace('_', ' ')}", where.line, field)
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.add(f"The {name} must be text (put it in quotes)", where.lines.get(name), field)
            return ""
        return str(value).strip()

    def key(self, where: _Map, field: str) -> str:
        value = self.text(where, "key", field)
        if value and not KEY_PATTERN.fullmatch(value):
            self.add(
                "A key is lower-case letters, digits, - and _ (at most 64)",
                where.lines.get("key"),
                field,
                value,
            )
        return value

    def mapping(self, value: Any, line: int | None, field: str) -> _Map | None:
        if isinstance(value, _Map):
            return value
        self.add("Expected a mapping (name: value lines)", line, field)
        return None

    def sequence(self, value: Any, line: int | None, field: str) -> _List:
        if isinstance(value, _List) and value:
            return value
        self.add("Expected a list with at least one item", line, field)
        empty = _List()
        empty.line, empty.lines = line or 0, []
        return empty


def parse_framework(text: str, filename: str) -> dict[str, Any]:
    """The canonical framework in ``text``, or ``InputRejected`` naming each problem's line and
    field: unknown levels, duplicate keys, missing descriptors, unknown inspection areas."""
    doc = load_located(text, filename)
    check = _Checker(filename)
    top = check.mapping(doc, 1, "framework")
    if top is None:
        raise InputRejected(check.problems)
    scale = _scale(check, top)
    levels = [level["key"] for level in scale]
    cap = check.text(top, "statutory_cap", "statutory_cap", required=False) or (
        levels[0] if levels else ""
    )
    if levels and cap not in levels:
        check.add(
            "Unknown level: use a key from the scale",
            top.lines.get("statutory_cap"),
            "statutory_cap",
            cap,
        )
    content = {
        "key": check.key(top, "key"),
        "name": check.text(top, "name", "name"),
        "version": check.text(top, "version", "version", required=False) or "1",
        "scale": scale,
        "statutory_cap": cap,
        "themes": _themes(check, top, levels),
    }
    if check.problems:
        raise InputRejected(check.problems)
    return content


def _scale(check: _Checker, top: _Map) -> list[dict[str, str]]:
    items = check.sequence(top.get("scale"), top.lines.get("scale", top.line), "scale")
    scale: list[dict[str, str]] = []
    for i, item in enumerate(items):
        field = f"scale[{i}]"
        level = check.mapping(item, items.lines[i], field)
        if level is None:
            continue
        key = check.key(level, field + ".key")
        if key in {s["key"] for s in scale}:
            check.add("Duplicate level key", level.lines.get("key"), field + ".key", key)
        scale.append(
            {
                "key": key,
                "label": check.text(level, "label", field + ".label"),
                "description": check.text(
                    level, "description", field + ".description", required=False
                ),
            }
        )
    if items and not MIN_LEVELS <= len(scale) <= MAX_LEVELS:
        check.add(f"A scale has {MIN_LEVELS} to {MAX_LEVELS} levels", items.line, "scale")
    return scale


def _themes(check: _Checker, top: _Map, levels: list[str]) -> list[dict[str, Any]]:
    items = check.sequence(top.get("themes"), top.lines.get("themes", top.line), "themes")
    themes: list[dict[str, Any]] = []
    seen_statements: set[str] = set()
    for i, item in enumerate(items):
        field = f"themes[{i}]"
        theme = check.mapping(item, items.lines[i], field)
        if theme is None:
            continue
        key = check.key(theme, field + ".key")
        if key in {t["key"] for t in themes}:
            check.add("Duplicate theme key", theme.lines.get("key"), field + ".key", key)
        themes.append(
            {
                "key": key,
                "title": check.text(theme, "title", field + ".title"),
                "plain_title": check.text(
                    theme, "plain_title", field + ".plain_title", required=False
                ),
                "inspection_areas": _areas(check, theme, field),
                "statements": [
                    _statement(check, s, line, f"{field}.statements[{j}]", levels, seen_statements)
                    for j, (s, line) in enumerate(_items(check, theme, "statements", field))
                ],
            }
        )
    return themes


def _items(check: _Checker, where: _Map, name: str, field: str) -> list[tuple[Any, int]]:
    items = check.sequence(where.get(name), where.lines.get(name, where.line), f"{field}.{name}")
    return list(zip(items, items.lines, strict=True))


def _areas(check: _Checker, theme: _Map, field: str) -> list[str]:
    value = theme.get("inspection_areas") or _List()
    if not isinstance(value, list):
        check.add(
            "Expected a list of inspection areas",
            theme.lines.get("inspection_areas"),
            field + ".inspection_areas",
        )
        return []
    areas = [str(a) for a in value]
    for area in areas:
        if area not in INSPECTION_AREAS:
            check.add(
                "Unknown inspection area: use one of " + ", ".join(INSPECTION_AREAS),
                theme.lines.get("inspection_areas"),
                field + ".inspection_areas",
                area,
            )
    return areas


def _statement(
    check: _Checker, item: Any, line: int, field: str, levels: list[str], seen: set[str]
) -> dict[str, Any]:
    statement = check.mapping(item, line, field)
    if statement is None:
        return {}
    key = check.key(statement, field + ".key")
    if key and key in seen:
        check.add("Duplicate statement key", statement.lines.get("key"), field + ".key", key)
    seen.add(key)
    statutory = statement.get("statutory", False)
    if not isinstance(statutory, bool):
        check.add(
            "statutory is true or false",
            statement.lines.get("statutory"),
            field + ".statutory",
            statutory,
        )
        statutory = False
    duty = check.text(statement, "duty", field + ".duty", required=False)
    if statutory and not duty:
        check.add("A statutory statement names its duty", statement.line, field + ".duty")
    return {
        "key": key,
        "text": check.text(statement, "text", field + ".text"),
        "plain": check.text(statement, "plain", field + ".plain", required=False),
        "statutory": statutory,
        "duty": duty,
        "descriptors": _descriptors(check, statement, field, levels),
    }


def _descriptors(check: _Checker, statement: _Map, field: str, levels: list[str]) -> dict[str, str]:
    where = field + ".descriptors"
    found = check.mapping(
        statement.get("descriptors"), statement.lines.get("descriptors", statement.line), where
    )
    if found is None:
        return {}
    for name in found:
        if name not in levels:
            check.add(
                "Unknown level: use a key from the scale",
                found.lines.get(name),
                f"{where}.{name}",
                name,
            )
    descriptors: dict[str, str] = {}
    for level in levels:
        if level not in found:
            check.add(f"Missing descriptor for level {level!r}", found.line, f"{where}.{level}")
            continue
        descriptors[level] = check.text(found, level, f"{where}.{level}")
    return descriptors


def dump_framework(content: dict[str, Any]) -> str:
    """The canonical framework as YAML (read back by :func:`parse_framework` unchanged)."""
    return str(yaml.safe_dump(content, sort_keys=False, allow_unicode=True, width=100))
