"""The Local Offer pages: family search without JavaScript, service pages, feedback reaching the
team and provider, the team's queues, providers' moderated edits and needs against supply."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.directory import moderation, queries
from sendsight.directory.models import ListingFeedback, Service, ServiceVersion
from sendsight.notify.models import MailMessage
from tests.conftest import _csrf_from, sign_in


def _service_links(body: str) -> list[str]:
    return re.findall(r'href="/local-offer/services/([0-9a-f-]{36})"', body)


def test_a_family_finds_services_by_need_age_and_place(client: FlaskClient) -> None:
    everything = client.get("/local-offer/")
    assert everything.status_code == 200 and "services found" in everything.get_data(as_text=True)
    page = client.get("/local-offer/?need=ASD&age=7&locality=heywood&q=")
    body = page.get_data(as_text=True)
    found = int(re.search(r"(\d+) services? found", body).group(1))  # type: ignore[union-attr]
    assert 0 < found < 150
    assert "Heywood" in body and "Autism" in body


def test_keyword_search_stems_and_treats_syntax_as_words(client: FlaskClient) -> None:
    body = client.get("/local-offer/?q=swimming").get_data(as_text=True)
    assert "Specialist swimming" in body
    for nasty in ["' OR 1=1 --", '"', "NEAR(", "*", "%"]:
        assert client.get("/local-offer/", query_string={"q": nasty}).status_code == 200


def test_a_bad_filter_is_a_400_naming_it(client: FlaskClient) -> None:
    response = client.get("/local-offer/?age=99")
    assert response.status_code == 400 and "age" in response.get_data(as_text=True)


def test_a_service_page_shows_contact_schedule_cost_and_what_happens_next(
    client: FlaskClient,
) -> None:
    [first, *_] = _service_links(client.get("/local-offer/?q=swimming").get_data(as_text=True))
    body = client.get(f"/local-offer/services/{first}").get_data(as_text=True)
    for heading in ["When", "Where", "Contact", "What happens next", "Is this information right?",
                    "Last checked"]:  # fmt: skip
        assert heading in body, heading


def test_feedback_is_kept_and_reaches_the_team_and_provider(
    client: FlaskClient, seeded_session: Session
) -> None:
    [first, *_] = _service_links(client.get("/local-offer/").get_data(as_text=True))
    page = client.get(f"/local-offer/services/{first}").get_data(as_text=True)
    response = client.post(
        f"/local-offer/services/{first}/feedback",
        data={"body": "The phone number is wrong", "csrf_token": _csrf_from(page)},
    )
    assert response.status_code == 302
    kept = seeded_session.scalars(
        select(ListingFeedback).where(ListingFeedback.service_id == first)
    ).all()
    assert [k.body for k in kept] == ["The phone number is wrong"]
    mail = seeded_session.scalars(
        select(MailMessage).where(MailMessage.kind == "directory_feedback")
    ).all()
    assert {m.to_address for m in mail} >= {"local-offer@demo.sendsight.test"}
    assert len(mail) == 2


def test_the_team_approves_a_providers_change_and_the_listing_changes(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "analyst")
    manage = client.get("/local-offer/manage").get_data(as_text=True)
    assert "Stale listings" in manage
    version_id = re.findall(r"/local-offer/manage/reviews/([0-9a-f-]{36})", manage)[0]
    review = client.get(f"/local-offer/manage/reviews/{version_id}").get_data(as_text=True)
    assert "school holidays" in review
    client.post(f"/local-offer/manage/reviews/{version_id}",
                data={"decision": "approve", "csrf_token": _csrf_from(review)})  # fmt: skip
    version = seeded_session.get(ServiceVersion, version_id)
    assert version is not None and version.state == "approved"
    service = seeded_session.get(Service, version.service_id)
    assert service is not None and "school holidays" in service.description


def test_a_rejection_needs_a_reason(client: FlaskClient, seeded_session: Session) -> None:
    sign_in(client, "admin")
    manage = client.get("/local-offer/manage").get_data(as_text=True)
    version_id = re.findall(r"/local-offer/manage/reviews/([0-9a-f-]{36})", manage)[0]
    token = _csrf_from(manage)
    path = f"/local-offer/manage/reviews/{version_id}"
    refused = client.post(path, data={"decision": "reject", "reason": " ", "csrf_token": token})
    assert refused.status_code == 400
    client.post(path, data={"decision": "reject", "reason": "Not accurate", "csrf_token": token})
    version = seeded_session.get(ServiceVersion, version_id)
    assert version is not None and (version.state, version.reason) == ("rejected", "Not accurate")


def test_a_provider_edits_only_their_own_listings_and_changes_wait_for_review(
    client: FlaskClient, seeded_session: Session
) -> None:
    sign_in(client, "provider")
    listings = client.get("/local-offer/your-listings").get_data(as_text=True)
    own = re.findall(r'href="/local-offer/your-listings/([0-9a-f-]{36})"', listings)
    assert own
    form = client.get(f"/local-offer/your-listings/{own[0]}").get_data(as_text=True)
    changed = {"description": "Now on Sundays too", "csrf_token": _csrf_from(form)}
    client.post(f"/local-offer/your-listings/{own[0]}", data=changed)
    partnership_id = queries.published_partnership_id(session=seeded_session)
    assert partnership_id is not None
    pending = [
        v
        for v in moderation.list_pending(seeded_session, partnership_id=partnership_id)
        if v.service_id == own[0]
    ]
    assert pending and pending[-1].fields["description"] == "Now on Sundays too"
    service = seeded_session.get(Service, own[0])
    assert service is not None and service.description != "Now on Sundays too"
    others = seeded_session.scalars(select(Service.id).where(Service.id.not_in(own))).first()
    assert client.get(f"/local-offer/your-listings/{others}").status_code == 404
    refused = client.post(f"/local-offer/your-listings/{others}",
                          data={"description": "x", "csrf_token": _csrf_from(form)})  # fmt: skip
    assert refused.status_code == 404


def test_needs_against_supply_lists_the_thinnest_cells_disclosure_controlled(
    client: FlaskClient,
) -> None:
    sign_in(client, "partner")
    body = client.get("/local-offer/supply").get_data(as_text=True)
    assert "thinnest" in body and "Autism" in body


def test_a_deleted_listing_disappears_from_search_and_the_api(
    client: FlaskClient, seeded_session: Session
) -> None:
    partnership_id = queries.published_partnership_id(session=seeded_session)
    assert partnership_id is not None
    [first, *_] = _service_links(client.get("/local-offer/").get_data(as_text=True))
    moderation.soft_delete(seeded_session, actor=None, partnership_id=partnership_id,
                           service_id=first)  # fmt: skip
    seeded_session.commit()  # the app's 404 handler rolls back what is not committed
    assert client.get(f"/local-offer/services/{first}").status_code == 404
    assert client.get(f"/api/oruk/services/{first}").status_code == 404
    moderation.restore(seeded_session, actor=None, partnership_id=partnership_id,
                       service_id=first)  # fmt: skip
    seeded_session.commit()
    assert client.get(f"/api/oruk/services/{first}").status_code == 200
