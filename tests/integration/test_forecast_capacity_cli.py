"""``sendsight forecast capacity import|export`` against real SQLite and PostgreSQL databases."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.models import AuditEvent
from sendsight.cli import cli
from sendsight.db.session import session_factory, transaction
from sendsight.forecasting import queries
from sendsight.forecasting.capacity_files import parse_capacity_csv
from tests.conftest import TEST_DATA, backend_url
from tests.partnerships import new_partnership_id

GOOD = TEST_DATA / "forecast" / "capacity_good.csv"
BAD = TEST_DATA / "forecast" / "capacity_bad.csv"


@pytest.fixture(params=["sqlite", "postgresql"])
def session(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Session]:
    """A fresh database the commands use (they commit), with a partnership covering 202 and
    another covering 354, and a session to look at it."""
    url = backend_url(request.param, tmp_path)
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", url)
    with transaction(url) as making:
        new_partnership_id(making, "Partnership 202", la_codes=["202"])
        new_partnership_id(making, "Partnership 354", la_codes=["354"])
    with session_factory(url)() as looking:
        yield looking


def _own(session: Session, la_code: str) -> dict[str, str]:
    return {"partnership_id": new_partnership_id(session, f"Partnership {la_code}")}


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["forecast", "capacity", *args])


def _imports(session: Session) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == "forecast.capacity.import")
    return list(session.scalars(query.order_by(AuditEvent.at_utc, AuditEvent.id)))


def test_import_stores_the_places_and_a_second_import_changes_nothing(session: Session) -> None:
    first = run("import", "--la", "202", str(GOOD))
    second = run("import", "--la", "202", str(GOOD))
    assert first.exit_code == 0, first.output
    assert first.output == "4 added, 0 changed, 0 unchanged\n"
    assert second.output == "0 added, 0 changed, 4 unchanged\n"
    held = queries.capacity_for(session=session, la_code="202", **_own(session, "202"))
    expected = parse_capacity_csv(GOOD.read_text())
    assert held is not None and held.equals(expected)
    assert {
        r.updated_by
        for r in queries.list_capacity(session=session, la_code="202", **_own(session, "202"))
    } == {"command line"}


def test_each_import_is_audited_as_the_web_upload_is(session: Session) -> None:
    run("import", "--la", "202", str(GOOD))
    [event] = _imports(session)
    assert (event.actor_email, event.object_type, event.object_id, event.la_code) == (
        "command line", "forecast_capacity", "capacity_good.csv", "202",
    )  # fmt: skip
    assert event.detail == {"la_codes": ["202"], "added": 4, "changed": 0}


def test_a_bad_file_prints_each_problem_with_line_column_and_value_and_writes_nothing(
    session: Session,
) -> None:
    out = run("import", "--la", "202", str(BAD))
    assert out.exit_code == 1
    lines = out.output.strip().splitlines()
    assert lines[0] == "Error: 3 problem(s) found; nothing was imported"
    assert [line.strip().split(":")[0] for line in lines[1:]] == [
        "capacity_bad.csv, line 3, column 'setting'",
        "capacity_bad.csv, line 4, column 'year'",
        "capacity_bad.csv, line 5, column 'places'",
    ]
    assert lines[1].endswith("(found 'hospital')") and lines[3].endswith("(found '-5')")
    assert "(found '1066')" in lines[2]
    assert queries.capacity_for(session=session, la_code="202", **_own(session, "202")) is None
    assert _imports(session) == []


def test_places_for_an_la_other_than_the_one_named_are_refused(session: Session) -> None:
    out = run("import", "--la", "354", str(GOOD))
    assert out.exit_code == 1
    assert "line 2, column 'la_code': Enter places only for the LA given with --la: 354" in (
        out.output
    )
    assert (
        queries.capacity_for(session=session, la_code="202", **_own(session, "202")) is None
        and queries.capacity_for(session=session, la_code="354", **_own(session, "354")) is None
    )


def test_a_file_that_is_not_csv_is_refused(session: Session, tmp_path: Path) -> None:
    sheet = tmp_path / "places.xlsx"
    sheet.write_bytes(GOOD.read_bytes())
    out = run("import", "--la", "202", str(sheet))
    assert out.exit_code == 1 and "places.xlsx: The selected file must be a CSV file" in out.output


def test_an_exported_file_imports_back_unchanged(session: Session, tmp_path: Path) -> None:
    edited = tmp_path / "places.csv"
    edited.write_text(GOOD.read_text().replace("places\n", "places,note\n", 1).replace(
        "202,special,all,2027,400", '202,special,all,2027,400,"=More, from 2027"'))  # fmt: skip
    assert run("import", "--la", "202", str(edited)).exit_code == 0
    exported = tmp_path / "exported.csv"
    out = run("export", "--la", "202", "--format", "csv", "--output", str(exported))
    assert out.exit_code == 0, out.output
    assert run("export", "--la", "202").output == exported.read_text()
    again = run("import", "--la", "202", str(exported))
    assert again.output == "0 added, 0 changed, 4 unchanged\n"
    held = queries.capacity_for(session=session, la_code="202", **_own(session, "202"))
    assert held is not None
    assert held.filter(year=2027, need="all")["note"].to_list() == ["=More, from 2027"]


def test_exporting_an_la_without_places_says_so(session: Session) -> None:
    out = run("export", "--la", "202")
    assert out.exit_code == 1 and "No places have been entered for LA 202" in out.output


def test_an_la_code_that_is_not_a_current_la_is_refused_before_reading(session: Session) -> None:
    out = run("import", "--la", "99", str(GOOD))
    assert out.exit_code == 2 and "Enter the DfE 3-digit code of a current LA" in out.output


def test_places_for_an_la_no_partnership_covers_are_refused(session: Session) -> None:
    out = run("import", "--la", "350", str(GOOD))
    assert out.exit_code == 1 and "No partnership covers local authority 350" in out.output
