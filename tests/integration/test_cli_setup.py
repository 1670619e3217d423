"""The setup commands from a user's point of view: init, db, import dfe-stats."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from sendsight.cli import cli
from sendsight.config import get_settings
from sendsight.db.session import get_engine, session_factory
from sendsight.statistics.loader import shipped_files
from sendsight.statistics.queries import count_values


@pytest.fixture
def fresh_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_engine(url).dispose()


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def _value_count(url: str) -> int:
    with session_factory(url)() as session:
        return count_values(session=session)


def test_init_loads_reference_data_and_statistics_and_is_safe_to_run_twice(fresh_db: str) -> None:
    code, output = _run("init")
    assert code == 0, output
    shipped = len(shipped_files())  # every file the manifest lists, loaded the first time
    assert f"Published statistics: {shipped} files, {shipped} newly loaded" in output
    first = _value_count(fresh_db)
    code, output = _run("init")
    assert code == 0 and "0 newly loaded" in output
    assert _value_count(fresh_db) == first > 50_000


def test_db_current_reports_up_to_date_after_upgrade(fresh_db: str) -> None:
    assert _run("db", "upgrade")[0] == 0
    code, output = _run("db", "current")
    assert code == 0 and "up to date" in output


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,new_la_code,la_name,plans\n"
)
ROW = (
    "2024,Calendar year,Local authority,E92000001,England,E12000002,North West,"
    "354,E08000005,Rochdale,{}\n"
)
SALFORD = ROW.replace("354,E08000005,Rochdale", "355,E08000006,Salford")
BURY = ROW.replace("354,E08000005,Rochdale", "351,E08000002,Bury")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (HEADER.replace("time_period,", "") + ROW.format(5).split(",", 1)[1], "time_period"),
        (HEADER + ROW.format(5).replace("Local authority", "Parish"), "geographic_level"),
        (HEADER + ROW.format(5).replace("2024,", "20x4,", 1), "time_period"),
        (
            HEADER + ROW.format(5) + SALFORD.format(7) + BURY.format("lots"),
            "line 4, column 'plans'",
        ),
        ("", "empty"),
    ],
    ids=["missing-column", "unknown-level", "bad-period", "bad-value", "empty-file"],
)
def test_import_dfe_stats_refuses_bad_files_naming_line_and_column_and_writes_nothing(
    fresh_db: str, tmp_path: Path, body: str, expected: str
) -> None:
    assert _run("init")[0] == 0
    before = _value_count(fresh_db)
    path = _write(tmp_path, "bad.csv", body)
    code, output = _run("import", "dfe-stats", str(path), "--publication", "test", "--release", "1")
    assert code == 1
    assert "bad.csv" in output and expected in output
    assert "Traceback" not in output
    assert _value_count(fresh_db) == before


def test_import_dfe_stats_refuses_a_file_that_is_not_utf8(fresh_db: str, tmp_path: Path) -> None:
    assert _run("init")[0] == 0
    path = _write(
        tmp_path, "latin.csv", HEADER + ROW.format(5).replace("Rochdale", "Rochdalé"), "latin-1"
    )
    code, output = _run("import", "dfe-stats", str(path), "--publication", "test", "--release", "1")
    assert code == 1 and "latin.csv" in output and "UTF-8" in output


def test_importing_the_same_file_twice_changes_nothing(fresh_db: str, tmp_path: Path) -> None:
    assert _run("init")[0] == 0
    path = _write(tmp_path, "good.csv", HEADER + ROW.format(12) + SALFORD.format("z"))
    code, output = _run(
        "import", "dfe-stats", str(path), "--publication", "local", "--release", "2025"
    )
    assert code == 0, output
    after_first = _value_count(fresh_db)
    code, output = _run(
        "import", "dfe-stats", str(path), "--publication", "local", "--release", "2025"
    )
    assert code == 0 and "nothing changed" in output
    assert _value_count(fresh_db) == after_first
