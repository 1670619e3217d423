"""The SEN census upload page: check first (problems by line and column, nothing written),
then confirm and import it all; audited; for case-import roles only."""

from __future__ import annotations

import io

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.access.models import AuditEvent
from sendsight.governance.models import CensusPupil
from tests.conftest import sign_in

HEADER = "upn,date_of_birth,gender,ethnicity,sen_provision,primary_need,urn,phase"
GOOD_ROW = "J999900019001,2015-01-01,F,WBRI,K,SLCN,990001,primary"
SECOND_ROW = "Y999900019002,2016-03-04,M,WBRI,E,ASD,990001,primary"


def _token(client: FlaskClient) -> str:
    page = client.get("/governance/census?la=354").get_data(as_text=True)
    return page.split('name="csrf_token" value="')[1].split('"')[0]


def _post(client: FlaskClient, token: str, text: str) -> object:
    return client.post(
        "/governance/census",
        data={
            "csrf_token": token,
            "la_code": "354",
            "census_on": "2026-01-15",
            "file": (io.BytesIO(text.encode()), "census.csv"),
        },
        content_type="multipart/form-data",
    )


def _pupils(session: Session) -> int:
    query = select(func.count()).select_from(CensusPupil).where(CensusPupil.la_code == "354")
    return session.scalar(query) or 0


def _census_events(session: Session) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.object_type == "governance_census")
    return list(session.scalars(query.order_by(AuditEvent.at_utc, AuditEvent.id)))


def test_a_bad_census_file_is_refused_by_line_and_column_and_nothing_is_written(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    before = _pupils(seeded_session)
    bad = "\n".join(
        [
            HEADER,
            GOOD_ROW,
            GOOD_ROW.replace("J9999", "A9999"),  # wrong check letter
            GOOD_ROW.replace("WBRI", "XXXX").replace("J999900019001", "K999900019002"),
            GOOD_ROW,  # the same pupil twice
        ]
    )
    refused = _post(client, _token(client), bad)
    page = refused.get_data(as_text=True)  # type: ignore[attr-defined]
    assert refused.status_code == 400  # type: ignore[attr-defined]
    assert "There is a problem: nothing was imported" in page
    assert "UPN check letter should be J" in page and "Use a known ethnicity code" in page
    assert "This pupil is already on line 2" in page
    assert "J999900019001" not in page  # a UPN identifies a child: never quoted back
    assert _pupils(seeded_session) == before
    assert _census_events(seeded_session)[-1].detail["outcome"] == "rejected"  # type: ignore[index]


def test_a_good_census_file_is_checked_then_imported_all_at_once(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    checked = _post(client, _token(client), f"{HEADER}\n{GOOD_ROW}\n{SECOND_ROW}\n")
    assert checked.status_code == 302  # type: ignore[attr-defined]
    check_path = checked.headers["Location"]  # type: ignore[attr-defined]
    page = client.get(check_path).get_data(as_text=True)
    assert "Pupils on SEN support (K)" in page and "Pupils with an EHC plan (E)" in page
    assert _pupils(seeded_session) > 2, "nothing is imported before confirming"
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    done = client.post(check_path, data={"csrf_token": token, "confirm": "Import this file"})
    assert done.status_code == 302 and "/governance/annex-a" in done.headers["Location"]
    assert _pupils(seeded_session) == 2  # the file replaces the LA's last one
    assert _census_events(seeded_session)[-1].detail["pupils"] == 2  # type: ignore[index]
    assert client.get(check_path).status_code == 404  # the kept file is gone


def test_census_upload_is_for_roles_that_import_case_files(client: FlaskClient) -> None:
    sign_in(client, "partner")
    assert client.get("/governance/census?la=354").status_code == 403
