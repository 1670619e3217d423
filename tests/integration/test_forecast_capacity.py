"""Specialist place capacity in the database: upsert, demo seed, upload and edit pages, audit."""

from __future__ import annotations

import io

import polars as pl
import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.access.models import AuditEvent
from sendsight.cli.setup import load_shipped_data
from sendsight.core.errors import NotFound
from sendsight.demo.capacity import LABEL, demo_capacity, seed_demo_capacity
from sendsight.forecasting import queries
from sendsight.forecasting.capacity_files import parse_capacity_csv
from tests.conftest import _csrf_from, sign_in
from tests.partnerships import demo_partnership_id, new_partnership_id

HEADER = "la_code,setting,need,year,places,note\n"


def _rows(text: str) -> pl.DataFrame:
    return parse_capacity_csv(HEADER + text)


def _audit(session: Session, action: str) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == action)
    return list(session.scalars(query))


def test_upserting_adds_new_keys_and_replaces_held_ones(db_session: Session) -> None:
    own = {"partnership_id": new_partnership_id(db_session, la_codes=["900"])}
    first = queries.upsert_capacity(
        session=db_session,
        rows=_rows("900,special,all,2026,100,\n900,special,asd,2026,40,\n"),
        updated_by="a",
        **own,
    )
    again = queries.upsert_capacity(
        session=db_session,
        rows=_rows("900,special,all,2026,120,More\n900,special,asd,2026,40,\n"),
        updated_by="b",
        **own,
    )
    assert (first.added, first.changed, again.added, again.changed, again.unchanged) == (
        2, 0, 0, 1, 1,
    )  # fmt: skip
    held = queries.capacity_for(session=db_session, la_code="900", **own)
    assert held is not None
    assert held.select("need", "places", "note").rows() == [("all", 120, "More"), ("asd", 40, "")]
    assert [
        r.updated_by for r in queries.list_capacity(session=db_session, la_code="900", **own)
    ] == ["b", "a"]


def test_an_la_without_rows_has_no_capacity(db_session: Session) -> None:
    own = {"partnership_id": new_partnership_id(db_session, la_codes=["901"])}
    assert queries.capacity_for(session=db_session, la_code="901", **own) is None


def test_another_partnerships_places_are_not_read(db_session: Session) -> None:
    theirs = new_partnership_id(db_session, "Theirs", la_codes=["900"])
    ours = new_partnership_id(db_session, "Ours", la_codes=["901"])
    rows = _rows("900,special,all,2026,100,Their plan\n")
    row = queries.upsert_capacity(
        session=db_session, rows=rows, partnership_id=theirs, updated_by="t"
    )
    assert row.added == 1
    assert queries.capacity_for(session=db_session, la_code="900", partnership_id=ours) is None
    [held] = queries.list_capacity(session=db_session, la_code="900", partnership_id=theirs)
    with pytest.raises(NotFound):
        queries.get_capacity(session=db_session, row_id=held.id, partnership_id=ours)


def test_seeding_demo_capacity_stores_the_labelled_rows_once(db_session: Session) -> None:
    load_shipped_data(db_session)  # the places start from published plans by need
    own = {"partnership_id": new_partnership_id(db_session, la_codes=["354"])}
    seed_demo_capacity(db_session, la_code="354", **own)
    again = seed_demo_capacity(db_session, la_code="354", **own)
    expected = demo_capacity("354", session=db_session)
    held = queries.capacity_for(session=db_session, la_code="354", **own)
    assert held is not None and held.height == expected.height
    assert (again.added, again.changed) == (0, 0)
    assert set(held["note"]) == {LABEL}
    assert held["places"].sum() == expected["places"].sum()


def _upload(client: FlaskClient, body: str, name: str = "places.csv") -> str:
    token = _csrf_from(client.get("/forecasts/places/import").get_data(as_text=True))
    response = client.post(
        "/forecasts/places/import",
        data={"csrf_token": token, "file": (io.BytesIO(body.encode()), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_analyst_uploads_places_and_the_import_is_audited(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    text = _upload(client, HEADER + "354,special,all,2031,900,Plan 2031\n")
    assert "1 added" in text
    held = queries.capacity_for(
        session=seeded_session, la_code="354", partnership_id=demo_partnership_id(seeded_session)
    )
    assert held is not None and held.filter(year=2031)["places"].to_list() == [900]
    events = _audit(seeded_session, "forecast.capacity.import")
    assert [(e.actor_email, e.la_code) for e in events] == [("analyst@demo.sendsight.test", "354")]


def test_a_file_with_one_bad_row_writes_nothing_and_says_where(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    text = _upload(client, HEADER + "354,special,all,2032,10,\n354,special,all,2033,-4,\n")
    assert "nothing was imported" in text and "line 3, column &#39;places&#39;" in text
    held = queries.capacity_for(
        session=seeded_session, la_code="354", partnership_id=demo_partnership_id(seeded_session)
    )
    assert held is None or held.filter(pl.col("year") >= 2032).is_empty()


def test_places_for_another_council_are_refused(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    text = _upload(client, HEADER + "202,special,all,2026,10,\n")
    assert "Enter places only for an LA you work for: 354" in text
    assert (
        queries.capacity_for(
            session=seeded_session,
            la_code="202",
            partnership_id=demo_partnership_id(seeded_session),
        )
        is None
    )


def test_a_partner_without_import_rights_cannot_open_the_upload(client: FlaskClient) -> None:
    sign_in(client, "partner")
    assert client.get("/forecasts/places/import").status_code == 403


def test_editing_one_row_changes_its_places_and_is_audited(
    client: FlaskClient, seeded_session: Session
) -> None:
    seed_demo_capacity(
        seeded_session, la_code="354", partnership_id=demo_partnership_id(seeded_session)
    )
    seeded_session.commit()  # a request closes its session: uncommitted rows would go
    row = queries.list_capacity(
        session=seeded_session, la_code="354", partnership_id=demo_partnership_id(seeded_session)
    )[0]
    old = row.places
    sign_in(client, "analyst")
    path = f"/forecasts/places/{row.id}/edit"
    token = _csrf_from(client.get(path).get_data(as_text=True))
    response = client.post(path, data={"csrf_token": token, "places": str(old + 5), "note": "New"})
    assert response.status_code == 302
    row = queries.get_capacity(
        session=seeded_session, row_id=row.id, partnership_id=demo_partnership_id(seeded_session)
    )
    assert (row.places, row.note, row.updated_by) == (old + 5, "New", "analyst@demo.sendsight.test")
    [event] = _audit(seeded_session, "forecast.capacity.edit")
    assert event.object_id == row.id and event.detail == {
        "places": [old, old + 5],
        "note": [LABEL, "New"],
    }


def test_a_row_edit_with_a_bad_number_is_refused_next_to_the_field(
    client: FlaskClient, seeded_session: Session
) -> None:
    seed_demo_capacity(
        seeded_session, la_code="354", partnership_id=demo_partnership_id(seeded_session)
    )
    seeded_session.commit()  # a request closes its session: uncommitted rows would go
    row = queries.list_capacity(
        session=seeded_session, la_code="354", partnership_id=demo_partnership_id(seeded_session)
    )[0]
    sign_in(client, "analyst")
    path = f"/forecasts/places/{row.id}/edit"
    token = _csrf_from(client.get(path).get_data(as_text=True))
    text = client.post(path, data={"csrf_token": token, "places": "lots"}).get_data(as_text=True)
    assert "There is a problem" in text and "Enter the number of places as a whole number" in text
    assert (
        queries.get_capacity(
            session=seeded_session,
            row_id=row.id,
            partnership_id=demo_partnership_id(seeded_session),
        ).places
        == row.places
    )
    assert _audit(seeded_session, "forecast.capacity.edit") == []


def test_any_area_with_places_in_the_table_shows_sufficiency(
    client: FlaskClient, seeded_session: Session
) -> None:
    # The demo partnership comes to cover LA 202 as well, and enters its places.
    from sendsight.access import queries as access

    demo = access.get_partnership_by_name_or_none(session=seeded_session, name="Demo SEND Alliance")
    assert demo is not None
    access.set_partnership_la_codes(
        session=seeded_session, partnership=demo, la_codes=["202", "354"]
    )
    queries.upsert_capacity(
        session=seeded_session,
        rows=_rows("202,special,all,2026,50,From the council\n"),
        partnership_id=demo.id,
        updated_by="t",
    )
    seeded_session.commit()
    sign_in(client, "analyst")
    page = client.get("/forecasts/202").get_data(as_text=True)
    assert "Chance of a shortfall" in page and "Note on the places: From the council" in page
    assert "made up for the demonstration area" not in page
    listing = client.get("/forecasts/202/places").get_data(as_text=True)
    assert "From the council" in listing and "/edit" not in listing
