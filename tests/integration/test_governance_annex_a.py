"""Annex A: the command and the page produce the handbook's workbook from the demo, only case
roles of the LA may export, every export and refusal is audited, and the census importer refuses
bad files by line and column."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.models import AuditEvent
from sendsight.cli import cli
from sendsight.db.session import session_factory
from sendsight.governance import codes
from sendsight.governance.models import CensusPupil
from tests.conftest import sign_in, sign_out

GOOD_ROW = "J999900019001,2015-01-01,F,WBRI,K,SLCN,990001,primary"
HEADER = "upn,date_of_birth,gender,ethnicity,sen_provision,primary_need,urn,phase"


@pytest.fixture
def demo_copy(seeded_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A copy of the seeded demo database (SQLite) for commands that commit."""
    if not seeded_url.startswith("sqlite"):
        pytest.skip("The command is run against a copy of the SQLite demo")
    copy = tmp_path / "demo.db"
    shutil.copy(seeded_url.removeprefix("sqlite:///"), copy)
    url = f"sqlite:///{copy}"
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", url)
    return url


def _events(url: str, action: str) -> list[AuditEvent]:
    with session_factory(url)() as session:
        query = select(AuditEvent).where(AuditEvent.action == action)
        return list(session.scalars(query.order_by(AuditEvent.at_utc)))


def test_cli_writes_the_handbook_workbook_and_flags_only_the_planted_problems(
    demo_copy: str, tmp_path: Path
) -> None:
    out = tmp_path / "annex-a.xlsx"
    result = CliRunner().invoke(
        cli, ["inspection", "annex-a", "--la", "354", "--out", str(out), "--as-of", "2026-12-03"]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == ["List_1", "List_2"]
    one = list(book["List_1"].iter_rows(values_only=True))
    two = list(book["List_2"].iter_rows(values_only=True))
    assert one[0] == codes.LIST_1_HEADERS and two[0] == codes.LIST_2_HEADERS
    assert "Main education establishment \u2013 URN" in one[0]
    assert len(one) > 3000 and len(two) == 5551 + 1
    report = result.output
    # The planted problems (demo/governance.py) and nothing else: no one in the EHC demo is 25.
    for label, count in (
        ("Aged 25 or over", 0),
        ("No gender", 1),
        ("No ethnicity", 2),
        ("No SEN primary need", 1),
        ("A date in the future", 1),
        ("UPN on more than one record", 2),
        ("School age with no establishment and not home educated", 1),
        ("No date of birth", 0),
        ("Dates out of order", 0),
        ("No UPN or ULN at 6 or over", 0),
    ):
        assert f"  {label}: {count}\n" in report, label
    exported = _events(demo_copy, "case.export")[-1]
    assert exported.object_type == "annex_a" and exported.purpose
    assert exported.detail is not None and exported.detail["list_2"] == 5551


def test_census_import_refuses_bad_rows_by_line_and_column_and_writes_nothing(
    demo_copy: str, tmp_path: Path
) -> None:
    bad = tmp_path / "census.csv"
    bad.write_text(
        "\n".join(
            [
                HEADER,
                GOOD_ROW,
                GOOD_ROW.replace("J9999", "A9999"),
                GOOD_ROW.replace("WBRI", "XXXX").replace("J999900019001", "K999900019002"),
                GOOD_ROW.replace("SLCN", "ZZZ"),
                "",
            ]
        )
    )
    with session_factory(demo_copy)() as session:
        before = session.scalars(select(CensusPupil.upn).order_by(CensusPupil.upn)).all()
    result = CliRunner().invoke(
        cli, ["inspection", "census-import", "--la", "354", "--file", str(bad)]
    )
    assert result.exit_code != 0
    assert "line 3, column 'upn': UPN check letter should be J" in result.output
    assert "line 4, column 'ethnicity': Use a known ethnicity code" in result.output
    assert "line 5, column 'primary_need'" in result.output
    assert "line 5, column 'upn': This pupil is already on line 2" in result.output
    assert "J999900019001" not in result.output  # a UPN identifies a child: never echoed
    with session_factory(demo_copy)() as session:
        after = session.scalars(select(CensusPupil.upn).order_by(CensusPupil.upn)).all()
    assert after == before


def test_census_import_twice_changes_nothing(demo_copy: str, tmp_path: Path) -> None:
    good = tmp_path / "census.csv"
    good.write_text(f"{HEADER}\n{GOOD_ROW}\n")
    args = [
        "inspection",
        "census-import",
        "--la",
        "354",
        "--file",
        str(good),
        "--census-date",
        "2026-01-15",
    ]
    first, second = CliRunner().invoke(cli, args), CliRunner().invoke(cli, args)
    assert "1 pupils, imported" in first.output
    assert "unchanged" in second.output
    with session_factory(demo_copy)() as session:
        assert len(session.scalars(select(CensusPupil.id)).all()) == 1


def _audit(session: Session, action: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.at_utc)
    return list(session.scalars(query))


def test_page_is_for_case_roles_of_the_la_and_every_refusal_is_audited(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "partner")
    assert client.get("/governance/annex-a?la=354").status_code == 403
    assert _audit(seeded_session, "case.refused")[-1].actor_role == "partner"
    sign_out(client)
    sign_in(client, "caseworker")
    assert client.get("/governance/annex-a?la=350").status_code == 404
    refused = _audit(seeded_session, "case.refused")[-1]
    assert refused.object_type == "annex_a" and refused.la_code == "350"
    page = client.get("/governance/annex-a?la=354")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "UPN on more than one record" in body
    assert _audit(seeded_session, "case.view")[-1].object_type == "annex_a_quality"


def test_export_needs_a_purpose_and_is_audited_with_it(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    page = client.get("/governance/annex-a?la=354").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    blank = client.post("/governance/annex-a?la=354", data={"csrf_token": token, "purpose": ""})
    assert blank.status_code == 400 and "Enter why you are exporting" in blank.get_data(True)
    done = client.post(
        "/governance/annex-a?la=354", data={"csrf_token": token, "purpose": "Inspection week 1"}
    )
    assert done.status_code == 200 and done.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(done.data), read_only=True)
    assert book.sheetnames == ["List_1", "List_2"]
    exported = _audit(seeded_session, "case.export")[-1]
    assert exported.purpose == "Inspection week 1" and exported.actor_role == "analyst"


def test_board_commands_ask_owners_then_issue_the_pack_once(demo_copy: str) -> None:
    from sendsight.governance.models import BoardMeeting

    ask = CliRunner().invoke(cli, ["board", "ask", "--today", "2026-12-05"])
    assert ask.exit_code == 0 and "Commentary asked for:" in ask.output
    args = ["board", "issue", "--meeting-date", "2026-12-17"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0 and "Issued the pack for 2026-12-17" in first.output
    again = CliRunner().invoke(cli, args)
    assert again.exit_code != 0 and "issued already" in again.output
    with session_factory(demo_copy)() as session:
        issued = session.scalars(
            select(BoardMeeting).where(BoardMeeting.meeting_on == date(2026, 12, 17))
        ).one()
        assert issued.pack is not None and issued.data_date == date(2026, 12, 17)
