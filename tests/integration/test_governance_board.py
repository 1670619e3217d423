"""Board packs, commentary, the decisions log and the inspection context, on the demo."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from sendsight.core.errors import PermissionDenied
from sendsight.demo.access import demo_partnership
from sendsight.governance import pack, queries
from tests.conftest import DEMO_TODAY, sign_in, sign_out


def _pid(session: Session) -> str:
    return demo_partnership(session, la_code="354").id


def test_demo_has_a_year_of_issued_packs_with_commentary_and_decisions(
    seeded_session: Session,
) -> None:
    meetings = queries.list_meetings(session=seeded_session, partnership_id=_pid(seeded_session))
    issued = [m for m in meetings if m.issued_at_utc is not None]
    assert len(issued) == 6 and all(m.meeting_on < DEMO_TODAY for m in issued)
    assert [m for m in meetings if m.issued_at_utc is None][0].meeting_on > DEMO_TODAY
    assert all(m.pack_digest == pack.digest(m.pack or {}) for m in issued)
    answered = [e for m in issued for e in (m.pack or {})["exceptions"] if e["commentary"]]
    assert answered, "owners' commentary is in the issued packs"
    assert (
        len(queries.list_decisions(session=seeded_session, partnership_id=_pid(seeded_session)))
        == 6
    )


def test_an_issued_pack_cannot_be_changed(seeded_session: Session) -> None:
    meetings = queries.list_meetings(session=seeded_session, partnership_id=_pid(seeded_session))
    issued = next(m for m in meetings if m.issued_at_utc is not None)
    issued.title = "Changed afterwards"
    with pytest.raises(PermissionDenied):
        seeded_session.flush()
    seeded_session.rollback()


def test_a_pack_for_a_date_with_no_data_says_so(seeded_session: Session) -> None:
    built = pack.build_pack(
        seeded_session,
        partnership_id=_pid(seeded_session),
        la_codes=["354"],
        meeting_on=date(2001, 1, 1),
        title="Old",
    )
    assert built["has_data"] is False and built["exceptions"] == []
    with pytest.raises(pack.PackRefused):
        meeting = queries.create_meeting(
            session=seeded_session,
            partnership_id=_pid(seeded_session),
            meeting_on=date(2001, 1, 1),
            title="Old",
        )
        pack.issue(seeded_session, meeting=meeting, pack=built, issued_by="t")


def test_pack_pages_pdf_and_public_summary(client: FlaskClient, seeded_session: Session) -> None:
    sign_in(client, "partner")
    meetings = queries.list_meetings(session=seeded_session, partnership_id=_pid(seeded_session))
    issued = next(m for m in meetings if m.issued_at_utc is not None)
    page = client.get(f"/governance/meetings/{issued.id}").get_data(as_text=True)
    assert "exactly as the board saw it" in page and "Exception report" in page
    public = client.get(f"/governance/meetings/{issued.id}/public").get_data(as_text=True)
    assert "Owner&#39;s commentary" not in public and "Public summary" in public
    pdf = client.get(f"/governance/meetings/{issued.id}/pack.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    none = client.get("/governance/pack?date=2001-01-01").get_data(as_text=True)
    assert "There is no data for 2001-01-01" in none
    assert client.get("/governance/").status_code == 200


def test_owner_answers_commentary_on_the_page(client: FlaskClient, seeded_session: Session) -> None:
    meetings = queries.list_meetings(session=seeded_session, partnership_id=_pid(seeded_session))
    upcoming = next(m for m in meetings if m.issued_at_utc is None)
    asked = queries.list_commentary(
        session=seeded_session, partnership_id=_pid(seeded_session), meeting_id=upcoming.id
    )
    assert asked
    item = asked[0]
    role = item.owner_email.split("@")[0]
    sign_in(client, role)
    page = client.get(f"/governance/commentary/{item.id}").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    empty = client.post(
        f"/governance/commentary/{item.id}", data={"csrf_token": token, "commentary": ""}
    )
    assert empty.status_code == 400
    saved = client.post(
        f"/governance/commentary/{item.id}",
        data={"csrf_token": token, "commentary": "Recovery plan agreed"},
    )
    assert saved.status_code == 302
    again = queries.get_commentary(
        session=seeded_session, commentary_id=item.id, partnership_id=_pid(seeded_session)
    )
    assert again.text == "Recovery plan agreed"


def test_decisions_log_and_inspection_context(client: FlaskClient) -> None:
    sign_in(client, "analyst")
    assert "Decisions log" in client.get("/governance/decisions").get_data(as_text=True)
    csv = client.get("/governance/decisions.csv").get_data(as_text=True)
    assert csv.splitlines()[0].lstrip("\ufeff").startswith("Decided on,Decision,Owner")
    context = client.get("/governance/inspection").get_data(as_text=True)
    assert "Bolton" in context and "Inconsistent experiences and outcomes" in context


def test_self_evaluation_covers_every_framework_area_with_flags(client: FlaskClient) -> None:
    from sendsight.governance.selfeval import AREAS

    sign_in(client, "partner")
    page = client.get("/governance/self-evaluation").get_data(as_text=True)
    assert all(title.replace("'", "&#39;") in page for _, title in AREAS)
    assert "Sections with thin evidence" in page and "evidence:</strong>" in page
    pdf = client.get("/governance/self-evaluation.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_deep_dive_sample_is_stratified_audited_and_for_case_roles(
    client: FlaskClient, seeded_session: Session
) -> None:
    from sqlalchemy import select

    from sendsight.access.models import AuditEvent

    sign_in(client, "partner")
    assert client.get("/governance/deep-dive?la=354").status_code == 403
    sign_out(client)
    sign_in(client, "caseworker")
    page = client.get("/governance/deep-dive?la=354&size=6").get_data(as_text=True)
    assert "Plan issued after 20 weeks" in page and "Elective home education" in page
    assert page.count("Statutory timeline") == 6
    assert page.count("Front-door history") == 6  # a table of requests, or why there is none
    last = seeded_session.scalars(
        select(AuditEvent).where(AuditEvent.action == "case.view").order_by(AuditEvent.at_utc)
    ).all()[-1]
    assert last.object_type == "deep_dive_sample"
