"""EHC case files imported on the web: upload, read the check, confirm; refused files; access."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.access.models import AuditEvent, User
from sendsight.ehc import template, upload_check
from sendsight.ehc.models import EhcImport, EhcRequest
from tests.conftest import TEST_DATA, _csrf_from, sign_in

TEMPLATE = TEST_DATA / "ehc" / "template"
SEN2 = TEST_DATA / "ehc" / "sen2"


@pytest.fixture
def staging(app: Flask, tmp_path: Path) -> Path:
    """Uploads are kept under a temporary instance folder; returns the folder they go in."""
    app.instance_path = str(tmp_path)
    return tmp_path / "ehc-uploads"


def _file(path: Path, name: str | None = None, text: str | None = None) -> tuple[io.BytesIO, str]:
    data = path.read_bytes() if text is None else text.encode("utf-8")
    return io.BytesIO(data), name or path.name


def _upload(client: FlaskClient, **files: tuple[io.BytesIO, str]) -> object:
    token = _csrf_from(client.get("/ehc/import").get_data(as_text=True))
    data: dict[str, object] = {"csrf_token": token, "la_code": "354", **files}
    return client.post("/ehc/import", data=data, content_type="multipart/form-data")


def _template_files() -> dict[str, tuple[io.BytesIO, str]]:
    return {part: _file(TEMPLATE / f"{part}.csv") for part in ("requests", "advice", "reviews")}


def _confirm(client: FlaskClient, check_url: str) -> str:
    """Read the check, press the import button and return the confirmation page."""
    token = _csrf_from(client.get(check_url).get_data(as_text=True))
    done = client.post(check_url, data={"csrf_token": token, "confirm": "Import these files"})
    assert done.status_code == 302, done.get_data(as_text=True)[:300]
    return client.get(done.location).get_data(as_text=True)


def _requests(session: Session) -> int:
    query = select(func.count()).select_from(EhcRequest).where(EhcRequest.la_code == "354")
    return session.scalar(query) or 0


def _imports(session: Session) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == "import")
    return list(session.scalars(query.order_by(AuditEvent.at_utc, AuditEvent.id)))


def test_valid_template_is_checked_then_imported_and_audited(
    client: FlaskClient, seeded_session: Session, staging: Path
) -> None:
    sign_in(client, "analyst")
    before = _requests(seeded_session)
    checked = _upload(client, **_template_files())
    assert checked.status_code == 302 and "/ehc/import/check/" in checked.location
    assert _requests(seeded_session) == before  # nothing stored by the check
    report = client.get(checked.location).get_data(as_text=True)
    assert "Requests read" in report and "requests.csv, advice.csv, reviews.csv" in report
    done = _confirm(client, checked.location)
    assert "Case files imported" in done and "6 added, 0 changed" in done
    assert _requests(seeded_session) == before + 6
    logged = seeded_session.scalars(select(EhcImport).where(EhcImport.la_code == "354")).all()
    assert [i.imported_by for i in logged if i.source == "template"] == [
        "analyst@demo.sendsight.test"
    ]
    audited = _imports(seeded_session)[-1]
    assert audited.object_type == "ehc_import" and audited.la_code == "354"
    assert not any(staging.iterdir())  # the kept files are deleted after the import


def test_importing_the_same_files_again_changes_nothing(
    client: FlaskClient, seeded_session: Session, staging: Path
) -> None:
    sign_in(client, "analyst")
    _confirm(client, _upload(client, **_template_files()).location)
    stored = _requests(seeded_session)
    again = _confirm(client, _upload(client, **_template_files()).location)
    assert "0 added, 0 changed" in again
    assert _requests(seeded_session) == stored


def test_a_bad_file_lists_problems_by_line_and_column_and_stores_nothing(
    client: FlaskClient, seeded_session: Session, staging: Path
) -> None:
    sign_in(client, "analyst")
    before = _requests(seeded_session)
    text = (TEMPLATE / "requests.csv").read_text()
    text = text.replace("2024-10-01", "2024-13-01").replace("J999900019001", "J999900019009")
    text = text.replace("2016-07-19", "2016-19-07")
    page = _upload(client, requests=_file(TEMPLATE / "requests.csv", text=text))
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "<title>Error: " in body
    assert "nothing was imported" in body
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", body, re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in rows]
    assert ["requests.csv", "6", "received_on", "2024-13-01"] in [c[:4] for c in cells]
    assert any(c[:3] == ["requests.csv", "3", "date_of_birth"] for c in cells)
    assert "J999900019009" not in body and "2016-19-07" not in body  # identifiers never echoed
    assert _requests(seeded_session) == before
    assert _imports(seeded_session)[-1].detail["outcome"] == "rejected"
    assert not staging.exists() or not any(staging.iterdir())


def test_a_file_that_is_not_utf8_csv_is_refused_before_it_is_kept(
    client: FlaskClient, staging: Path
) -> None:
    sign_in(client, "analyst")
    page = _upload(client, requests=(io.BytesIO(b"request_id\n\xff\xfeR1\n"), "requests.csv"))
    assert "not saved as UTF-8" in page.get_data(as_text=True)
    assert not staging.exists() or not any(staging.iterdir())


def test_a_request_larger_than_the_upload_limit_gets_a_clear_page(
    app: Flask, client: FlaskClient, staging: Path
) -> None:
    sign_in(client, "analyst")
    token = _csrf_from(client.get("/ehc/import").get_data(as_text=True))
    app.config["MAX_CONTENT_LENGTH"] = 2_000
    big = io.BytesIO(b"request_id\n" + b"R1\n" * 2_000)
    page = client.post(
        "/ehc/import",
        data={"csrf_token": token, "requests": (big, "r.csv")},
        content_type="multipart/form-data",
    )
    assert page.status_code == 413
    assert "must be smaller than 20 MB" in page.get_data(as_text=True)


def test_a_sen2_return_shows_its_quality_checks_then_imports(
    client: FlaskClient, seeded_session: Session, staging: Path
) -> None:
    sign_in(client, "analyst")
    token = _csrf_from(client.get("/ehc/import/sen2").get_data(as_text=True))
    files = [_file(p) for p in sorted(SEN2.glob("*.csv"))]
    checked = client.post(
        "/ehc/import/sen2",
        content_type="multipart/form-data",
        data={"csrf_token": token, "la_code": "354", "files": files, "reference_on": "2025-01-20"},
    )
    assert checked.status_code == 302, checked.get_data(as_text=True)[:500]
    report = client.get(checked.location).get_data(as_text=True)
    assert "Data-quality warnings" in report
    assert "No review decision more than 4 weeks after the meeting" in report
    assert "added" in _confirm(client, checked.location)
    sources = seeded_session.scalars(select(EhcImport.source).where(EhcImport.la_code == "354"))
    assert "sen2" in list(sources)


def test_a_sen2_xml_return_is_checked_then_imported(
    client: FlaskClient, seeded_session: Session, staging: Path, tmp_path: Path
) -> None:
    from tests.unit.test_ehc_sen2_xml import write_return

    sign_in(client, "analyst")
    token = _csrf_from(client.get("/ehc/import/sen2").get_data(as_text=True))
    checked = client.post(
        "/ehc/import/sen2",
        content_type="multipart/form-data",
        data={"csrf_token": token, "la_code": "354", "reference_on": "2025-01-20",
              "files": [_file(write_return(tmp_path, with_ids=False))]},
    )  # fmt: skip
    assert checked.status_code == 302, checked.get_data(as_text=True)[:500]
    report = client.get(checked.location).get_data(as_text=True)
    assert "sen2_return.xml" in report and "Data-quality warnings" in report
    assert "added" in _confirm(client, checked.location)


def test_cancel_deletes_the_kept_files_and_imports_nothing(
    client: FlaskClient, seeded_session: Session, staging: Path
) -> None:
    sign_in(client, "analyst")
    before = _requests(seeded_session)
    check_url = _upload(client, **_template_files()).location
    token = _csrf_from(client.get(check_url).get_data(as_text=True))
    client.post(check_url, data={"csrf_token": token, "cancel": "Cancel and delete the files"})
    assert not any(staging.iterdir())
    assert client.get(check_url).status_code == 404
    assert _requests(seeded_session) == before


def test_someone_elses_upload_is_not_found(app: Flask, client: FlaskClient, staging: Path) -> None:
    sign_in(client, "analyst")
    check_url = _upload(client, **_template_files()).location
    other = app.test_client()
    sign_in(other, "analyst")  # the same account in another browser: not its session's upload
    assert other.get(check_url).status_code == 404
    assert client.get(check_url).status_code == 200


@pytest.mark.parametrize("role", ["partner", "school", "caseworker", "admin"])
def test_roles_without_import_cases_are_refused(
    client: FlaskClient, role: str, staging: Path
) -> None:
    sign_in(client, role)
    assert client.get("/ehc/import").status_code == 403
    assert client.get("/ehc/import/template/requests.csv").status_code == 403
    assert client.post("/ehc/import", data={}).status_code in (400, 403)


def test_another_la_cannot_be_chosen(
    client: FlaskClient, seeded_session: Session, staging: Path
) -> None:
    analyst = seeded_session.scalars(
        select(User).where(User.email == "analyst@demo.sendsight.test")
    ).one()
    analyst.organisation.la_code = None
    analyst.organisation.partnership.la_codes = ["354", "355"]
    seeded_session.commit()  # a savepoint: the test's transaction is still rolled back
    sign_in(client, "analyst")
    page = client.get("/ehc/import").get_data(as_text=True)
    options = re.findall(r'<option value="(\d+)"', page)
    assert options == ["354", "355"]
    token = _csrf_from(page)
    refused = client.post(
        "/ehc/import",
        content_type="multipart/form-data",
        data={"csrf_token": token, "la_code": "356", **_template_files()},
    )
    assert refused.status_code == 200
    assert "Choose a local authority you work for" in refused.get_data(as_text=True)
    assert not staging.exists() or not any(staging.iterdir())


def test_template_downloads_have_the_header_and_an_example_row_the_import_accepts(
    client: FlaskClient, tmp_path: Path, staging: Path
) -> None:
    sign_in(client, "analyst")
    for kind in upload_check.TEMPLATE_KINDS:
        response = client.get(f"/ehc/import/template/{kind}.csv")
        assert response.mimetype == "text/csv"
        lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
        assert len(lines) == 2
        (tmp_path / f"{kind}.csv").write_text("\n".join(lines) + "\n")
    header = (tmp_path / "requests.csv").read_text().splitlines()[0].split(",")
    assert header == [c.name for c in template.REQUEST_COLUMNS]
    frames = template.read_template(
        "354", *(tmp_path / f"{k}.csv" for k in ("requests", "advice", "reviews"))
    )
    assert (frames.requests.height, frames.advice.height, frames.reviews.height) == (1, 1, 1)


def test_ehc_pages_link_to_the_import_for_analysts_only(app: Flask, client: FlaskClient) -> None:
    sign_in(client, "analyst")
    assert "Import case files" in client.get("/ehc/imports?la=354").get_data(as_text=True)
    partner = app.test_client()
    sign_in(partner, "partner")
    assert "Import case files" not in partner.get("/ehc/imports?la=354").get_data(as_text=True)
