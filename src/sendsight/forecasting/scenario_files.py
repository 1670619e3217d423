"""Scenario files: named sets of lever values, as CSV or YAML, checked before anything is used.

CSV: one row per scenario and lever, columns ``scenario, lever, value, from_year``.
YAML::

    scenarios:
      - name: Early help and resourced provision
        from_year: 2026
        levers: {slower_new_plans: 10, resourced_mainstream: 25}

Every problem is reported with its line and column (or key path), and nothing is returned
unless the whole file is right. :func:`scenarios_csv` and :func:`scenarios_yaml` write files
these parsers accept.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import polars as pl
import yaml

from sendsight.core.errors import InputRejected, Problem
from sendsight.core.safe_io import UploadLimits, read_upload, write_csv
from sendsight.forecasting.scenarios import LEVERS

CSV_COLUMNS = ("scenario", "lever", "value", "from_year")
UNREADABLE_CSV = (
    "Save the file as CSV (comma-separated values): a line could not be read, perhaps because "
    "of a stray quote mark or a very long cell"
)
YAML_KEYS = ("name", "from_year", "levers")
FIRST_YEAR, LAST_YEAR = 2020, 2035
#: Beyond this many, a chart and a table side by side stop being readable.
MAX_SCENARIOS = 6
MAX_NAME = 60
MAX_BYTES = 100_000
BASELINE = "Baseline"
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
Years = tuple[int, int]


@dataclass(frozen=True)
class Scenario:
    """A named scenario: lever values (percent) taking effect from calendar year ``from_year``."""

    name: str
    from_year: int
    levers: dict[str, float] = field(default_factory=dict)


def _year_problem(text: str, years: Years) -> str | None:
    first, last = years
    if not (re.fullmatch(r"[0-9]{4}", text) and first <= int(text) <= last):
        return f"Enter a year from {first} to {last}, like {min(first + 1, last)}"
    return None


def _lever_problem(text: str) -> str | None:
    if text not in LEVERS:
        return f"Enter a lever: {', '.join(LEVERS)}"
    return None


def _value_problem(text: str) -> str | None:
    # A plain decimal only: float() would also take "1_0", "nan" and other scripts' digits.
    if not _NUMBER.fullmatch(text):
        return "Enter the lever value as a number from 0 to 100"
    if not 0 <= float(text) <= 100:
        return "Enter a lever value from 0 to 100 (a percentage; it cannot be negative)"
    return None


def _name_problem(text: str) -> str | None:
    if not text:
        return "Enter a scenario name"
    if not text.isprintable():
        return "Enter the scenario name on one line, without tabs"
    if len(text) > MAX_NAME:
        return f"Enter a scenario name of {MAX_NAME} characters or fewer"
    if text.casefold() == BASELINE.casefold():
        return f"Choose a name other than {BASELINE!r}: the baseline is always shown"
    return None


# --- CSV ---------------------------------------------------------------------------------------


def parse_scenarios_csv(
    name: str, text: str, *, years: Years = (FIRST_YEAR, LAST_YEAR)
) -> list[Scenario]:
    """Read scenarios from CSV text (``name`` is the file name used in problems).

    ``years`` is the range a scenario may start in (calendar years, inclusive).
    """
    try:
        return _parse_csv(name, text, years)
    except csv.Error as exc:  # a bare carriage return or a cell over the csv module's limit
        raise InputRejected([Problem(name, UNREADABLE_CSV)]) from exc


def _parse_csv(name: str, text: str, years: Years) -> list[Scenario]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [c.strip() for c in reader.fieldnames or []]
    reader.fieldnames = header
    if problems := _header_problems(name, header):
        raise InputRejected(problems)
    rows: list[tuple[int, dict[str, str]]] = []
    for row in reader:
        extra: list[str] | None = row.pop(None, None)  # type: ignore[assignment]
        value = {c: (row.get(c) or "").strip() for c in CSV_COLUMNS}
        extra = [cell for cell in extra or [] if cell.strip()]  # spreadsheets pad rows
        if not extra and not any(value.values()):
            continue  # a blank spreadsheet row carries nothing
        if extra:
            problems.append(Problem(name, "Remove the cells to the right of the last column",
                                    reader.line_num, None, ",".join(extra)))  # fmt: skip
        problems += _row_problems(name, reader.line_num, value, years)
        rows.append((reader.line_num, value))
    if not rows:
        problems.append(Problem(name, "Add at least one scenario row under the header", 2))
    problems += _consistency_problems(name, rows)
    if problems:
        raise InputRejected(sorted(problems, key=_csv_order))
    return _group_csv([value for _, value in rows])


def _csv_order(problem: Problem) -> tuple[int, int]:
    column = problem.column or ""
    return problem.line or 0, CSV_COLUMNS.index(column) if column in CSV_COLUMNS else -1


def _header_problems(name: str, header: list[str]) -> list[Problem]:
    problems = [
        Problem(name, f"Add a column called {c!r}", 1, c) for c in CSV_COLUMNS if c not in header
    ]
    problems += [
        Problem(name, f"Remove the column {c!r}: the columns are {', '.join(CSV_COLUMNS)}", 1, c)
        for c in dict.fromkeys(header)
        if c not in CSV_COLUMNS
    ]
    problems += [
        Problem(name, f"Give the column {c!r} once", 1, c)
        for c in CSV_COLUMNS
        if header.count(c) > 1
    ]
    return problems


def _row_problems(name: str, line: int, value: dict[str, str], years: Years) -> list[Problem]:
    checks: dict[str, Callable[[str], str | None]] = {
        "scenario": _name_problem,
        "lever": _lever_problem,
        "value": _value_problem,
        "from_year": partial(_year_problem, years=years),
    }
    return [
        Problem(name, message, line, column, value[column])
        for column, check in checks.items()
        if (message := check(value[column]))
    ]


def _consistency_problems(name: str, rows: list[tuple[int, dict[str, str]]]) -> list[Problem]:
    """A lever given twice for a scenario, two start years for one, or too many scenarios."""
    problems = []
    first: dict[str, tuple[int, str]] = {}
    levers: dict[tuple[str, str], int] = {}
    for line, value in rows:
        scenario, lever = value["scenario"], value["lever"]
        if scenario not in first and len(first) == MAX_SCENARIOS:
            problems.append(Problem(name, f"Compare at most {MAX_SCENARIOS} scenarios at once",
                                    line, "scenario", scenario))  # fmt: skip
        seen_line, seen_year = first.setdefault(scenario, (line, value["from_year"]))
        if seen_year != value["from_year"]:
            message = f"Give one start year per scenario (line {seen_line} gives {seen_year})"
            problems.append(Problem(name, message, line, "from_year", value["from_year"]))
        if (scenario, lever) in levers:
            message = f"Give each lever once per scenario (also on line {levers[scenario, lever]})"
            problems.append(Problem(name, message, line, "lever", lever))
        levers.setdefault((scenario, lever), line)
    return problems


def _group_csv(rows: list[dict[str, str]]) -> list[Scenario]:
    found: dict[str, Scenario] = {}
    for row in rows:
        scenario = found.setdefault(
            row["scenario"], Scenario(row["scenario"], int(row["from_year"]))
        )
        scenario.levers[row["lever"]] = float(row["value"])
    return list(found.values())


# --- YAML --------------------------------------------------------------------------------------


def parse_scenarios_yaml(
    name: str, text: str, *, years: Years = (FIRST_YEAR, LAST_YEAR)
) -> list[Scenario]:
    """Read scenarios from YAML text; problems name the line and the key path."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise InputRejected([Problem(name, "Write the file as valid YAML", line)]) from error
    except RecursionError as error:  # the composer recurses once per level of nesting
        raise InputRejected([Problem(name, "Write the file with less nesting")]) from error
    top = _mapping(root) if isinstance(root, yaml.MappingNode) else {}
    items = top.get("scenarios")
    if not isinstance(items, yaml.SequenceNode) or not items.value:
        message = "Start the file with 'scenarios:' and a list of scenarios"
        raise InputRejected([Problem(name, message, 1, "scenarios")])
    problems = [
        Problem(name, "Remove this key: the file has only 'scenarios'", _line(n), key[:40])
        for key, n in top.items()
        if key != "scenarios"
    ]
    problems += _duplicate_keys(name, root, "")
    for i, node in enumerate(items.value):
        problems += _duplicate_keys(name, node, f"scenarios[{i}]")
        problems += _duplicate_keys(name, _mapping(node).get("levers"), f"scenarios[{i}].levers")
    scenarios = [
        _yaml_scenario(name, i, node, years, problems) for i, node in enumerate(items.value)
    ]
    problems += _yaml_list_problems(name, items.value, scenarios)
    if problems:
        raise InputRejected(sorted(problems, key=lambda p: p.line or 0))
    return scenarios


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _key(node: yaml.Node) -> str:
    # A list or mapping used as a key is refused as an unknown key, never turned into text.
    return str(node.value) if isinstance(node, yaml.ScalarNode) else "?"


def _mapping(node: yaml.Node | None) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {_key(k): v for k, v in node.value}


def _scalar(node: yaml.Node | None) -> str | None:
    """A scalar's text; None for a missing key, a list or a mapping."""
    return str(node.value).strip() if isinstance(node, yaml.ScalarNode) else None


def _duplicate_keys(name: str, node: yaml.Node | None, path: str) -> list[Problem]:
    """YAML keeps the last of two equal keys in a mapping: say so rather than drop one."""
    if not isinstance(node, yaml.MappingNode):
        return []
    problems, seen = [], set()
    for key, _ in node.value:
        if _key(key) in seen:
            where = f"{path}.{_key(key)}".lstrip(".")
            problems.append(Problem(name, f"Give {_key(key)[:40]!r} once here", _line(key), where))
        seen.add(_key(key))
    return problems


def _yaml_scenario(
    name: str, index: int, node: yaml.Node, years: Years, problems: list[Problem]
) -> Scenario:
    path = f"scenarios[{index}]"
    keys = _mapping(node)

    def report(message: str, at: yaml.Node | None, where: str, value: str | None = None) -> None:
        problems.append(Problem(name, message, _line(at or node), f"{path}.{where}", value))

    for key, value in keys.items():
        if key not in YAML_KEYS:
            report(f"Remove {key[:40]!r}: a scenario has {', '.join(YAML_KEYS)}", value, key)
    title = _scalar(keys.get("name")) or ""
    if message := _name_problem(title):
        report(message, keys.get("name"), "name", title or None)
    year = _scalar(keys.get("from_year"))
    if message := _year_problem(year or "", years):
        report(message, keys.get("from_year"), "from_year", year)
    levers = {}
    for lever, at in _mapping(keys.get("levers")).items():
        text = _scalar(at) or ""
        for message in filter(None, (_lever_problem(lever), _value_problem(text))):
            report(message, at, f"levers.{lever}", text)
        levers[lever] = float(text) if _value_problem(text) is None else 0.0
    if not isinstance(keys.get("levers"), yaml.MappingNode) or not levers:
        report("Add at least one lever under 'levers'", keys.get("levers"), "levers")
    return Scenario(title, int(year) if year and year.isdigit() else 0, levers)


def _yaml_list_problems(
    name: str, nodes: list[yaml.Node], scenarios: list[Scenario]
) -> list[Problem]:
    problems = []
    if len(nodes) > MAX_SCENARIOS:
        message = f"Compare at most {MAX_SCENARIOS} scenarios at once"
        where = f"scenarios[{MAX_SCENARIOS}]"
        problems.append(Problem(name, message, _line(nodes[MAX_SCENARIOS]), where))
    seen: set[str] = set()
    for index, (node, scenario) in enumerate(zip(nodes, scenarios, strict=True)):
        if scenario.name and scenario.name in seen:
            problems.append(Problem(name, "Give each scenario a different name", _line(node),
                                    f"scenarios[{index}].name", scenario.name))  # fmt: skip
        seen.add(scenario.name)
    return problems


# --- reading an uploaded file, and writing files -----------------------------------------------


def read_scenario_file(
    data: bytes, filename: str, *, years: Years = (FIRST_YEAR, LAST_YEAR)
) -> list[Scenario]:
    """The scenarios in an uploaded file: CSV (``.csv``) or YAML (``.yaml`` or ``.yml``)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "csv":
        limits = UploadLimits(max_bytes=MAX_BYTES)
        sniffed = read_upload(data, filename, allowed=("csv",), limits=limits)
        return parse_scenarios_csv(filename, sniffed.text or "", years=years)
    if extension in ("yaml", "yml"):
        return parse_scenarios_yaml(filename, _yaml_text(data, filename), years=years)
    message = "The selected file must be a CSV or YAML file (.csv, .yaml or .yml)"
    raise InputRejected([Problem(filename, message)])


def _yaml_text(data: bytes, filename: str) -> str:
    def refuse(message: str, at: int | None = None) -> InputRejected:
        line = None if at is None else data.count(b"\n", 0, at) + 1
        return InputRejected([Problem(filename, message, line)])

    if not data:
        raise refuse("The selected file is empty")
    if len(data) > MAX_BYTES:
        raise refuse(f"The selected file must be smaller than {MAX_BYTES // 1000} KB")
    if (nul := data.find(b"\x00")) >= 0:
        raise refuse("The file contains binary data. Save it as UTF-8 text", nul)
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise refuse("The file is not saved as UTF-8 text", exc.start) from None


def lever_text(value: float) -> str:
    """A lever value as plain decimal text the parsers accept (``10``, ``12.5``, ``0.00001``)."""
    return str(np.format_float_positional(value, trim="-"))


def scenarios_csv(scenarios: Sequence[Scenario]) -> str:
    """The scenarios as a CSV file that :func:`parse_scenarios_csv` reads back unchanged."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for s in scenarios:
        writer.writerows((s.name, k, lever_text(v), s.from_year) for k, v in s.levers.items())
    return out.getvalue()


def comparison_csv(table: pl.DataFrame) -> str:
    """A table of figures (such as the scenario comparison) as CSV text for people to open:
    decimals to one place, numbers kept as numbers, and text that a spreadsheet would run as a
    formula (a scenario name such as ``=HYPERLINK(…)``) neutralised by
    :func:`~sendsight.core.safe_io.write_csv`, exactly as the web's downloads are."""
    rows = [tuple(round(v, 1) if isinstance(v, float) else v for v in row) for row in table.rows()]
    return write_csv(rows, header=table.columns)


def scenarios_yaml(scenarios: Sequence[Scenario]) -> str:
    """The scenarios as a YAML file that :func:`parse_scenarios_yaml` reads back unchanged."""
    data = {
        "scenarios": [
            {"name": s.name, "from_year": s.from_year, "levers": dict(s.levers)} for s in scenarios
        ]
    }
    return str(yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True))


class _Dumper(yaml.SafeDumper):  # type: ignore[misc]
    """Writes lever values as plain decimals (``0.00001``, not ``1.0e-05``), which the
    parser accepts."""


def _represent_float(dumper: yaml.SafeDumper, value: float) -> yaml.Node:
    if value.is_integer():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", lever_text(value))


_Dumper.add_representer(float, _represent_float)


def example_scenarios(origin: int) -> list[Scenario]:
    """Two scenarios a planner might try, starting the year after the forecast ``origin``."""
    return [
        Scenario(
            "Early help", origin + 1, {"slower_new_plans": 10.0, "resourced_mainstream": 25.0}
        ),
        Scenario("Post-19 transitions", origin + 2, {"more_ceasing_19plus": 2.0}),
    ]
