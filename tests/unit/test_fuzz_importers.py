"""Every importer, fed random bytes, random text and randomly broken CSV/YAML files, either
returns a result or raises ``InputRejected`` whose problems name the file: never anything else."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendsight.config import get_settings
from sendsight.core.errors import InputRejected
from sendsight.core.safe_files import decode_text, read_file
from sendsight.ehc.sen2 import MODULES, read_sen2
from sendsight.ehc.template import ADVICE_COLUMNS, REQUEST_COLUMNS, REVIEW_COLUMNS, read_template
from sendsight.forecasting import parse_capacity_csv
from sendsight.forecasting.capacity_files import CAPACITY_COLUMNS, OPTIONAL_COLUMNS
from sendsight.forecasting.scenario_files import (
    CSV_COLUMNS,
    parse_scenarios_csv,
    parse_scenarios_yaml,
)
from sendsight.outcomes.framework import (
    check_framework,
    parse_framework_bytes,
    parse_framework_text,
)
from sendsight.outcomes.models import Measure
from sendsight.outcomes.value_import import OPTIONAL, REQUIRED, check_values_csv
from sendsight.statistics.dfe_files import GEOGRAPHY_COLUMNS, REQUIRED_COLUMNS, parse_dfe_csv
from tests import malformed_files

# Slow (hypothesis tries hundreds of files per importer): `make test` runs it,
# `make test-unit` leaves it out.
pytestmark = pytest.mark.slow

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Cells that have broken importers before, or would break a careless one.
NASTY = (
    "",
    " ",
    "=cmd|' /C calc'!A0",
    "+1",
    "-1",
    "@SUM(A1)",
    '"',
    '""',
    "a,b",
    "line\nbreak",
    "\r\n",
    "\x00",
    "\ufeff",
    "x" * 5000,
    "1e309",
    "nan",
    "-inf",
    "0",
    "-0",
    "2024-02-30",
    "2024-13-01",
    "9999-12-31",
    "0001-01-01",
    "1.5",
    "1,000",
    "c",
    "z",
    "low",
    "x",
    ":",
    "2024/25",
    "2024-25",
    "2024-04",
    "Local authority",
    "National",
    "Calendar year",
    "202425",
    "E92000001",
    "354",
    "990001",
    "ASSESS",
    "A",
    "null",
    "None",
    "[]",
    "{}",
    "é",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "\u202e",
    "  padded  ",
)
cells = st.one_of(st.sampled_from(NASTY), st.text(max_size=30), st.integers().map(str))


def csv_files(columns: Collection[str]) -> st.SearchStrategy[str]:
    """CSV text whose header is ``columns`` shuffled, some dropped or repeated, plus strangers,
    with random rows (quoted properly, or joined by hand so that quoting breaks)."""
    known = sorted(columns)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        header = draw(st.permutations(known))
        header = [c for c in header if draw(st.integers(0, 9)) > 0]
        header += draw(st.lists(st.sampled_from([*known, "extra", "", " Upper "]), max_size=3))
        header = [c.upper() if draw(st.integers(0, 9)) == 0 else c for c in header]
        width = len(header)
        rows = draw(
            st.lists(st.lists(cells, min_size=max(0, width - 1), max_size=width + 1), max_size=8)
        )
        if draw(st.booleans()):
            buffer = io.StringIO()
            csv.writer(buffer).writerows([header, *rows])
            text = buffer.getvalue()
        else:
            text = "\n".join(",".join(r) for r in [header, *rows])
        return draw(st.sampled_from(["", "\ufeff"])) + text

    return build()


def any_text(columns: Collection[str]) -> st.SearchStrategy[str]:
    """Random text, or a CSV file shaped almost like the expected one."""
    return st.one_of(st.text(max_size=300), csv_files(columns))


def any_bytes(columns: Collection[str]) -> st.SearchStrategy[bytes]:
    """Random bytes, or an almost-right CSV file as UTF-8 (sometimes cut mid-character)."""
    encoded = csv_files(columns).map(lambda text: text.encode("utf-8", "surrogatepass"))
    cut = st.tuples(encoded, st.integers(0, 40)).map(lambda pair: pair[0][: -pair[1] or None])
    return st.one_of(st.binary(max_size=500), encoded, cut)


def accepts_or_rejects(call: Callable[[], object], files: Collection[str]) -> None:
    """Call the importer: a result is fine, ``InputRejected`` must name one of ``files``."""
    try:
        call()
    except InputRejected as rejected:
        assert rejected.problems, "a refusal must list at least one problem"
        assert {p.file for p in rejected.problems} <= set(files), rejected.problems


DFE_COLUMNS = (*REQUIRED_COLUMNS, *GEOGRAPHY_COLUMNS[:7], "breakdown", "number_of_plans")


@FUZZ
@given(any_bytes(DFE_COLUMNS))
def test_dfe_statistics_csv_never_crashes(raw: bytes) -> None:
    accepts_or_rejects(lambda: parse_dfe_csv(raw, "release.csv"), ["release.csv"])


def _names(columns: Collection[Any]) -> list[str]:
    return [c.name for c in columns]


@FUZZ
@given(
    any_bytes(_names(REQUEST_COLUMNS)),
    st.none() | any_bytes(_names(ADVICE_COLUMNS)),
    st.none() | any_bytes(_names(REVIEW_COLUMNS)),
)
def test_ehc_template_never_crashes(
    requests: bytes, advice: bytes | None, reviews: bytes | None
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for name, raw in (("requests", requests), ("advice", advice), ("reviews", reviews)):
            if raw is not None:
                paths[name] = Path(folder) / f"{name}.csv"
                paths[name].write_bytes(raw)
        accepts_or_rejects(
            lambda: read_template(
                "354", paths["requests"], paths.get("advice"), paths.get("reviews")
            ),
            [p.name for p in paths.values()],
        )


SEN2_MODULES = sorted(MODULES)


@FUZZ
@given(st.dictionaries(st.sampled_from(SEN2_MODULES), st.none(), min_size=1), st.data())
def test_sen2_export_never_crashes(present: dict[str, None], data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for module in sorted(present):
            raw = data.draw(any_bytes(MODULES[module]), label=module)
            (Path(folder) / f"Blade-Export_{module}.csv").write_bytes(raw)
        names = [f"Blade-Export_{m}.csv" for m in SEN2_MODULES] + [f"{m}.csv" for m in MODULES]
        accepts_or_rejects(lambda: read_sen2(Path(folder), "354"), names)


def _measures() -> dict[str, Measure]:
    """Transient measures of every frequency and unit (the CSV names them by key)."""
    frequencies = (
        "monthly",
        "termly",
        "academic_year",
        "financial_year",
        "calendar_year",
        "january",
    )
    found = {}
    for i, frequency in enumerate(frequencies):
        for unit in ("count", "percent", "rate"):
            key = f"m-{frequency}-{unit}"
            found[key] = Measure(
                id=f"id-{i}-{unit}",
                key=key,
                name=key,
                frequency=frequency,
                unit=unit,
                source_kind="manual",
                level="outcome",
            )
    found["m-stat"] = Measure(
        id="id-stat",
        key="m-stat",
        name="stat",
        frequency="calendar_year",
        unit="count",
        source_kind="dfe_statistic",
        level="outcome",
    )
    return found


MEASURES = _measures()
value_cells = st.one_of(cells, st.sampled_from(sorted(MEASURES)))


@FUZZ
@given(any_text([*REQUIRED, *OPTIONAL]))
def test_outcome_values_csv_never_crashes(text: str) -> None:
    accepts_or_rejects(
        lambda: check_values_csv(text, filename="values.csv", measures=MEASURES), ["values.csv"]
    )


@FUZZ
@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(MEASURES)), cells, cells, cells, cells),
        min_size=1,
        max_size=6,
    )
)
def test_outcome_values_with_real_measure_ids_never_crash(rows: list[tuple[str, ...]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(
        [["measure_id", "period", "value", "numerator", "denominator"], *rows]
    )
    text = buffer.getvalue()
    accepts_or_rejects(
        lambda: check_values_csv(text, filename="values.csv", measures=MEASURES), ["values.csv"]
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | cells,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(cells, inner, max_size=3),
    max_leaves=10,
)
FIELDS = (
    "key",
    "statement",
    "name",
    "frequency",
    "outcome",
    "source_kind",
    "source_key",
    "la_code",
    "unit",
    "level",
)
shaped_items = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=6)
framework_like = st.fixed_dictionaries(
    {"format": st.just("sendsight-outcomes") | json_values},
    optional={
        "outcomes": st.lists(shaped_items, max_size=3) | json_values,
        "measures": st.lists(shaped_items, max_size=3) | json_values,
    },
)


def _framework_text(data: object, as_json: bool) -> str:
    if as_json:
        return json.dumps(data, allow_nan=True)
    return str(yaml.safe_dump(data, allow_unicode=True))


@FUZZ
@given(
    st.one_of(
        st.text(max_size=300),
        st.tuples(framework_like, st.booleans()).map(lambda pair: _framework_text(*pair)),
    )
)
def test_outcomes_framework_file_never_crashes(text: str) -> None:
    def check() -> None:
        problems = check_framework(
            parse_framework_text(text, "framework.yaml"), filename="framework.yaml"
        )
        if problems:
            raise InputRejected(problems)

    accepts_or_rejects(check, ["framework.yaml"])


@FUZZ
@given(any_text([*CAPACITY_COLUMNS, *OPTIONAL_COLUMNS]), st.booleans())
def test_capacity_csv_never_crashes(text: str, limit_las: bool) -> None:
    la_codes = ["354"] if limit_las else None
    accepts_or_rejects(
        lambda: parse_capacity_csv(text, filename="capacity.csv", la_codes=la_codes),
        ["capacity.csv"],
    )


@FUZZ
@given(any_text(CSV_COLUMNS))
def test_scenarios_csv_never_crashes(text: str) -> None:
    accepts_or_rejects(lambda: parse_scenarios_csv("scenarios.csv", text), ["scenarios.csv"])


scenario_like = st.fixed_dictionaries(
    {
        "scenarios": st.lists(
            st.dictionaries(
                st.sampled_from(["name", "levers", "description", "from_year", *CSV_COLUMNS]),
                json_values,
                max_size=4,
            ),
            max_size=3,
        )
        | json_values
    }
)


@FUZZ
@given(
    st.one_of(
        st.text(max_size=300), scenario_like.map(lambda d: yaml.safe_dump(d, allow_unicode=True))
    )
)
def test_scenarios_yaml_never_crashes(text: str) -> None:
    accepts_or_rejects(lambda: parse_scenarios_yaml("scenarios.yaml", text), ["scenarios.yaml"])


@FUZZ
@given(st.one_of(st.binary(max_size=300), any_bytes(["label", "Total", "a", "b"])))
def test_disclosure_protect_command_never_shows_a_traceback(raw: bytes) -> None:
    from sendsight.cli import cli

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "counts.csv"
        path.write_bytes(raw)
        result = CliRunner().invoke(cli, ["disclosure", "protect", str(path)])
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert "counts.csv" in result.output


@pytest.mark.parametrize("text", ["", "\ufeff", "\x00", "a\nb\n", "=cmd"])
def test_the_fuzz_property_holds_for_known_edge_cases(text: str) -> None:
    """The same property on fixed inputs, so a failure here reproduces without hypothesis."""
    accepts_or_rejects(lambda: parse_scenarios_csv("s.csv", text), ["s.csv"])
    accepts_or_rejects(lambda: parse_capacity_csv(text, filename="c.csv"), ["c.csv"])
    accepts_or_rejects(lambda: parse_dfe_csv(text.encode(), "r.csv"), ["r.csv"])
    accepts_or_rejects(
        lambda: check_values_csv(text, filename="v.csv", measures=MEASURES), ["v.csv"]
    )


def _messages(call: Callable[[], object]) -> list[tuple[str, str]]:
    with pytest.raises(InputRejected) as caught:
        call()
    return [(p.file, p.message) for p in caught.value.problems]


def test_crashes_found_by_fuzzing_are_now_clear_problems(tmp_path: Path) -> None:
    """One fixed input for each crash the fuzz tests found (see the report of issue 6)."""
    requests = tmp_path / "requests.csv"
    requests.write_text("request_id,REQUEST_ID\n1,2\n")
    assert _messages(lambda: read_template("354", requests)) == [
        ("requests.csv", "Give every column a different name: request_id is used more than once")
    ]
    requests.write_text(",".join(_names(REQUEST_COLUMNS)) + "\n" + "," * 14 + "\n")
    advice = tmp_path / "advice.csv"
    advice.write_text("request_id,advice_type,requested_on,received_on\nR1,health,2024-01-01,\n")
    found = _messages(lambda: read_template("354", requests, advice))
    assert ("advice.csv", "The request_id must match a request_id in the requests file") in found
    assert _messages(lambda: parse_dfe_csv(b"\x1f\x8b\x08\x00", "r.csv.gz"))[0][0] == "r.csv.gz"
    pair = b"time_period,time_identifier,geographic_level,country_code,n\n"
    pair += b"2024\x1f1,Calendar year,National,E92000001,1\n"
    assert {f for f, _ in _messages(lambda: parse_dfe_csv(pair, "r.csv"))} == {"r.csv"}
    bare_cr = "measure_id,period,value\rm-monthly-count,2024-01,1\r"
    check_values_csv(bare_cr, filename="v.csv", measures=MEASURES)  # \r alone ends a line
    long_cell = 'measure_id,period,value\n"' + "x" * 200_000 + '",2024-01,1\n'
    assert _messages(lambda: check_values_csv(long_cell, filename="v.csv", measures=MEASURES))
    assert (
        _messages(
            lambda: parse_scenarios_csv(
                "s.csv", "scenario,lever,value,from_year\na,ehcp_growth,5,\u00b9\n"
            )
        )[0][0]
        == "s.csv"
    )
    capacity = "la_code,setting,need,year,places\n\u00b9\u00b2\u00b3,special,all,2025,10\n"
    assert _messages(lambda: parse_capacity_csv(capacity, filename="c.csv"))[0][0] == "c.csv"
    assert (
        check_framework({"format": "sendsight-outcomes", "outcomes": True}, filename="f.yaml")[
            0
        ].column
        == "outcomes"
    )


# --- the malformed-files corpus (issue 12 item 7): the readers, without a database -------------


@pytest.mark.parametrize("case", malformed_files.cases(), ids=lambda case: case.name)
def test_each_malformed_requests_file_is_refused_where_it_is_wrong_or_read_as_documented(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: malformed_files.Case
) -> None:
    monkeypatch.setenv("SENDSIGHT_IMPORT_MAX_MB", "2")
    get_settings.cache_clear()
    path = tmp_path / case.name
    path.write_bytes(case.data)
    if case.where is None:  # a documented conversion: gzip unzipped, CR line ends read
        frames = read_template("354", path)
        assert frames.requests.height == (0 if "0 added" in case.words else 1)
        return
    with pytest.raises(InputRejected) as caught:
        read_template("354", path)
    found = [(p.file, p.line, p.column, p.message) for p in caught.value.problems]
    assert any(
        (line, column) == case.where and case.words in message for _, line, column, message in found
    ), found
    assert {file for file, *_ in found} == {case.name}
    shown = str(caught.value)
    assert [secret for secret in malformed_files.SECRETS if secret in shown] == []


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (b"a,b,c\n1,2,\xe93\n", 2, "c"),
        (b'a,b,c\r\n1,"x,\xe9",3\r\n', 2, "b"),
        (b"a,b\r1,2\r3,\x004\r", 3, "b"),
        (b"a,b\n1,2,3,\xe9\n", 2, "4"),
        (b"a,\xe9\n", 1, None),
    ],
)
def test_an_unreadable_byte_is_placed_by_line_and_csv_column(
    data: bytes, line: int, column: str | None
) -> None:
    with pytest.raises(InputRejected) as caught:
        decode_text(data, "f.csv", csv_columns=True)
    problem = caught.value.problems[0]
    assert (problem.line, problem.column, problem.value) == (line, column, None)


def test_a_gzip_file_is_unzipped_a_piece_at_a_time_and_stopped_past_the_cap(
    tmp_path: Path,
) -> None:
    path = tmp_path / "requests.csv"
    path.write_bytes(malformed_files.gzip_bomb(20))
    assert path.stat().st_size < 200_000  # 20 MB of rows in under 200 KB
    with pytest.raises(InputRejected, match="Once unzipped, the file must be smaller than 1 MB"):
        read_file(path, "requests.csv", max_bytes=1_000_000)


def test_a_file_over_the_cap_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "requests.csv"
    path.write_bytes(b"a\n" * 600_000)
    with pytest.raises(InputRejected, match="smaller than 1 MB"):
        read_file(path, "requests.csv", max_bytes=1_000_000)


def test_an_outcomes_framework_file_that_is_not_utf8_is_refused_with_its_line_and_byte() -> None:
    data = "format: sendsight-outcomes\noutcomes:\n  - key: o1\n    statement: Caf\u00e9\n"
    with pytest.raises(InputRejected) as caught:
        parse_framework_bytes(data.encode("latin-1"), "framework.yaml")
    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == ("framework.yaml", 4)
    assert "byte 67" in problem.message and "Save the file as UTF-8" in problem.message


def test_outcomes_import_of_a_latin1_yaml_file_is_one_clear_line(tmp_path: Path) -> None:
    from sendsight.cli import cli

    path = tmp_path / "framework.yaml"
    path.write_bytes("format: sendsight-outcomes\nname: Caf\u00e9\n".encode("latin-1"))
    result = CliRunner().invoke(cli, ["outcomes", "import", str(path)])
    assert result.exit_code == 1, result.output
    assert "framework.yaml, line 2: The file is not saved as UTF-8" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
