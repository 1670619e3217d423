"""Answers the directory works out once per data version (search pages, needs against supply)
are never served after the data they came from changed."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.orm import Session

from sendsight.access.audit import SYSTEM
from sendsight.access.principal import Principal
from sendsight.db.session import get_engine
from sendsight.directory import moderation, queries, supply, versioned
from sendsight.directory.taxonomies import term_id
from sendsight.disclosure import Viewpoint


def _owner(session: Session) -> str:
    owner = queries.published_partnership_id(session=session)
    assert owner is not None
    return owner


def _principal(partnership_id: str) -> Principal:
    return Principal(
        id="p",
        email="analyst@example.test",
        name="Analyst",
        role="analyst",
        organisation_id="o",
        organisation_kind="la",
        partnership_id=partnership_id,
        la_codes=("354",),
    )


def test_a_cached_search_page_is_never_served_after_a_listing_changes(
    seeded_session: Session,
) -> None:
    owner = _owner(seeded_session)
    query = queries.ServiceQuery(term_ids=(term_id(owner, "need", "ASD"),))
    rows, total = queries.list_services(
        session=seeded_session, partnership_id=owner, query=query, page=1, per_page=5
    )
    again, _ = queries.list_services(
        session=seeded_session, partnership_id=owner, query=query, page=1, per_page=5
    )
    assert [s.id for s in again] == [s.id for s in rows]
    moderation.soft_delete(
        seeded_session, actor=SYSTEM, partnership_id=owner, service_id=rows[0].id
    )
    after, after_total = queries.list_services(
        session=seeded_session, partnership_id=owner, query=query, page=1, per_page=5
    )
    assert rows[0].id not in [s.id for s in after]
    assert after_total == total - 1


def test_needs_against_supply_follows_the_directory_and_the_readers_viewpoint(
    seeded_session: Session,
) -> None:
    owner = _owner(seeded_session)
    principal = _principal(owner)
    versioned.forget()
    exact = supply.needs_against_supply(
        seeded_session, principal=principal, viewpoint=Viewpoint(case_level=True)
    )
    autism = next(r for r in exact.rows if r.code == "ASD")
    children = dict(supply.children_by_need(seeded_session, ("354",)))
    assert autism.children.value == children.get("ASD", 0) > 0
    protected = supply.needs_against_supply(
        seeded_session, principal=principal, viewpoint=Viewpoint(threshold=10_000)
    )
    assert all(r.children.value is None for r in protected.rows)
    tagged, _ = queries.list_services(
        session=seeded_session,
        partnership_id=owner,
        page=1,
        per_page=1,
        query=queries.ServiceQuery(term_ids=(term_id(owner, "need", "ASD"),), active_only=True),
    )
    moderation.soft_delete(
        seeded_session, actor=SYSTEM, partnership_id=owner, service_id=tagged[0].id
    )
    later = supply.needs_against_supply(
        seeded_session, principal=principal, viewpoint=Viewpoint(case_level=True)
    )
    assert next(r for r in later.rows if r.code == "ASD").services == autism.services - 1


def test_threads_asking_for_the_same_missing_answer_work_it_out_once(seeded_url: str) -> None:
    calls: list[int] = []

    def build() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 42

    def ask() -> int:
        with Session(get_engine(seeded_url)) as session:
            owner = _owner(session)
            return versioned.cached("single-flight", session, owner, build)

    versioned.forget()
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda _: ask(), range(4)))
    assert answers == [42] * 4
    assert len(calls) == 1
