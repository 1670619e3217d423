"""Scenario files: named sets of lever values, as CSV or YAML, checked before anything is used.

CSV: one row per scenario and lever, columns ``scenario, lever, value, from_year``.
YAML::

    scenarios:
      - name: Early help and resourced provision
        from_year: 2026
        levers: {slower_new_plans: 10, resourced_mainstream: 25}

Every problem is reported with its line and column (or key path), and nothing is returned
unless the whole file is right.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import yaml

from sendsight.core.errors import InputRejected, Problem
from sendsight.forecasting.scenarios import LEVERS

CSV_COLUMNS = ("scenario", "lever", "value", "from_year")
UNREADABLE_CSV = (
    "Save the file as CSV (comma-separated values): a line could not be read, perhaps because "
    "of a stray quote mark or a very long cell"
)
YAML_KEYS = ("name", "from_year", "levers")
FIRST_YEAR, LAST_YEAR = 2020, 2035


@dataclass(frozen=True)
class Scenario:
    """A named scenario: lever values (percent) taking effect from calendar year ``from_year``."""

    name: str
    from_year: int
    levers: dict[str, float] = field(default_factory=dict)


YEAR_MESSAGE = f"Enter a year from {FIRST_YEAR} to {LAST_YEAR}, like 2026"


def _year_problem(text: str) -> str | None:
    if not (text.isascii() and text.isdigit()) or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        return YEAR_MESSAGE
    return None


def _lever_problem(text: str) -> str | None:
    if text not in LEVERS:
        return f"Enter a lever: {', '.join(LEVERS)}"
    return None


def _value_problem(text: str) -> str | None:
    try:
        number = float(text)
    except ValueError:
        return "Enter the lever value as a number from 0 to 100"
    if not 0 <= number <= 100:
        return "Enter a lever value from 0 to 100 (a percentage; it cannot be negative)"
    return None


def parse_scenarios_csv(name: str, text: str) -> list[Scenario]:
    """Read scenarios from CSV text (``name`` is the file name used in problems)."""
    try:
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    except csv.Error as exc:  # a bare carriage return or a cell over the csv module's limit
        raise InputRejected([Problem(name, UNREADABLE_CSV)]) from exc
    header = list(rows[0].keys()) if rows else []
    problems = [
        Problem(name, f"Add a column called {c!r}", 1, c) for c in CSV_COLUMNS if c not in header
    ]
    problems += [
        Problem(name, f"Remove the column {c!r}: the columns are {', '.join(CSV_COLUMNS)}", 1, c)
        for c in header
        if c not in CSV_COLUMNS
    ]
    if not rows and not problems:
        problems.append(Problem(name, "Add at least one scenario row", 2))
    if problems:
        raise InputRejected(problems)
    checks = {"lever": _lever_problem, "value": _value_problem, "from_year": _year_problem}
    for line, row in enumerate(rows, start=2):
        if not (row.get("scenario") or "").strip():
            problems.append(Problem(name, "Enter a scenario name", line, "scenario", ""))
        for column, check in checks.items():
            value = (row.get(column) or "").strip()
            if message := check(value):
                problems.append(Problem(name, message, line, column, value))
    if problems:
        raise InputRejected(problems)
    return _group_csv(rows)


def _group_csv(rows: list[dict[str, str]]) -> list[Scenario]:
    found: dict[str, Scenario] = {}
    for row in rows:
        key = row["scenario"].strip()
        scenario = found.setdefault(key, Scenario(key, int(row["from_year"])))
        scenario.levers[row["lever"].strip()] = float(row["value"])
    return list(found.values())


def parse_scenarios_yaml(name: str, text: str) -> list[Scenario]:
    """Read scenarios from YAML text; problems name the line and the key path."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise InputRejected([Problem(name, "Write the file as valid YAML", line)]) from error
    items = _mapping(root).get("scenarios") if isinstance(root, yaml.MappingNode) else None
    if not isinstance(items, yaml.SequenceNode) or not items.value:
        raise InputRejected(
            [
                Problem(
                    name, "Start the file with 'scenarios:' and a list of scenarios", 1, "scenarios"
                )
            ]
        )
    problems: list[Problem] = []
    scenarios = [_yaml_scenario(name, i, node, problems) for i, node in enumerate(items.value)]
    if problems:
        raise InputRejected(problems)
    return scenarios


def _mapping(node: yaml.Node) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): v for k, v in node.value}


def _yaml_scenario(name: str, index: int, node: yaml.Node, problems: list[Problem]) -> Scenario:
    path = f"scenarios[{index}]"
    keys = _mapping(node)

    def report(message: str, at: yaml.Node, where: str, value: str | None = None) -> None:
        problems.append(Problem(name, message, at.start_mark.line + 1, where, value))

    for key, value in keys.items():
        if key not in YAML_KEYS:
            report(f"Remove {key!r}: a scenario has {', '.join(YAML_KEYS)}", value, f"{path}.{key}")
    title = keys.get("name")
    if title is None or not str(title.value).strip():
        report("Enter a name for the scenario", title or node, f"{path}.name")
    year = keys.get("from_year")
    if year is None or _year_problem(str(year.value)):
        report(
            YEAR_MESSAGE,
            year or node,
            f"{path}.from_year",
            None if year is None else str(year.value),
        )
    levers = _mapping(keys["levers"]) if "levers" in keys else {}
    for lever, value in levers.items():
        where = f"{path}.levers.{lever}"
        for message in filter(None, (_lever_problem(lever), _value_problem(str(value.value)))):
            report(message, value, where, str(value.value))
    if not levers:
        report("Add at least one lever under 'levers'", keys.get("levers", node), f"{path}.levers")
    year_text = "" if year is None else str(year.value)
    return Scenario(
        str(title.value) if title else "",
        int(year_text) if year_text.isascii() and year_text.isdigit() else 0,
        {k: float(v.value) for k, v in levers.items() if not _value_problem(str(v.value))},
    )
