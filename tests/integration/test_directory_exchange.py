"""Importing and exporting the directory: ORUK JSON and the CSV template, all-or-nothing with
the record and field named, idempotent, and round-tripping what was exported."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.access.audit import SYSTEM
from sendsight.core.errors import InputRejected
from sendsight.core.safe_io import write_csv
from sendsight.directory import exchange, freshness, moderation, oruk, queries
from sendsight.directory.feed_csv import CSV_COLUMNS
from sendsight.directory.models import Service
from sendsight.notify.models import MailMessage

NEW_ID = "3a0e7a1e-5b8d-4c3f-9d2a-1b2c3d4e5f60"


def _owner(session: Session) -> str:
    owner = queries.published_partnership_id(session=session)
    assert owner is not None
    return owner


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Service)) or 0


def _feed(session: Session) -> list[dict[str, Any]]:
    exported = exchange.export_oruk(session, partnership_id=_owner(session))
    service = copy.deepcopy(exported[0])
    service["id"], service["name"] = NEW_ID, "Imported play scheme"
    for key in ("schedules", "attributes", "service_areas", "cost_options", "contacts",
                "languages", "service_at_locations"):  # fmt: skip
        for n, child in enumerate(service.get(key, [])):
            child["id"] = f"3a0e7a1e-5b8d-4c3f-9d2a-{n:04d}{len(key):08d}"
    return [service]


def _import(session: Session, document: Any) -> int:
    owner = _owner(session)
    package = exchange.read_oruk(session, json.dumps(document), partnership_id=owner,
                                 filename="feed.json")  # fmt: skip
    return exchange.import_package(session, package, partnership_id=owner)


def test_an_oruk_feed_imports_once_however_often_it_is_imported(seeded_session: Session) -> None:
    before = _count(seeded_session)
    feed = _feed(seeded_session)
    assert _import(seeded_session, feed) == 1
    assert _import(seeded_session, {"contents": feed, "total_items": 1}) == 1
    assert _count(seeded_session) == before + 1
    found = queries.get_service(
        session=seeded_session, service_id=NEW_ID, partnership_id=_owner(seeded_session)
    )
    assert found.name == "Imported play scheme"
    rows, _ = queries.list_services(session=seeded_session, partnership_id=_owner(seeded_session),
                                    query=queries.ServiceQuery(search="imported play"), page=1,
                                    per_page=5)  # fmt: skip
    assert [r.id for r in rows] == [NEW_ID]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda s: s.pop("name"), "services[0].name"),
        (lambda s: s.pop("status"), "services[0].status"),
        (lambda s: s.update(id="not-a-uuid"), "services[0].id"),
        (lambda s: s["attributes"][0].update(taxonomy_term_id=NEW_ID, taxonomy_term={}),
         "services[0].attributes[0].taxonomy_term_id"),
        (lambda s: s["schedules"][0].update(opens_at="9am"), "services[0].schedules[0]"),
        (lambda s: s.update(minimum_age=12, maximum_age=5), "services[0].minimum_age"),
    ],
)  # fmt: skip
def test_a_bad_record_is_refused_with_its_field_named_and_nothing_stored(
    seeded_session: Session, change: Any, field: str
) -> None:
    before = _count(seeded_session)
    feed = _feed(seeded_session) + _feed(seeded_session)[:0]
    change(feed[0])
    with pytest.raises(InputRejected) as refused:
        _import(seeded_session, feed)
    assert field in {p.column for p in refused.value.problems}
    assert _count(seeded_session) == before


def test_the_csv_template_imports_and_names_bad_rows_and_columns(seeded_session: Session) -> None:
    owner = _owner(seeded_session)
    good = ("name,status,organization,minimum_age,maximum_age,need,level,locality,days,opens_at,"
            "closes_at\nSaturday sports club,active,Kestrel Sport,5,16,ASD;PD,targeted,heywood,"
            "SA,10:00,12:00\n")  # fmt: skip
    package = exchange.read_csv(seeded_session, good, partnership_id=owner, filename="a.csv")
    assert exchange.import_package(seeded_session, package, partnership_id=owner) == 1
    again = exchange.read_csv(seeded_session, good, partnership_id=owner, filename="a.csv")
    before = _count(seeded_session)
    exchange.import_package(seeded_session, again, partnership_id=owner)
    assert _count(seeded_session) == before
    bad = good + "Broken,open,Kestrel Sport,9,3,XYZ,,,SA,late,12:00\n"
    with pytest.raises(InputRejected) as refused:
        exchange.read_csv(seeded_session, bad, partnership_id=owner, filename="a.csv")
    found = {(p.line, p.column) for p in refused.value.problems}
    assert {(3, "status"), (3, "minimum_age"), (3, "need"), (3, "days")} <= found


def test_the_export_round_trips_through_the_importer(seeded_session: Session) -> None:
    owner = _owner(seeded_session)
    exported = exchange.export_oruk(seeded_session, partnership_id=owner)
    assert len(exported) >= 150
    before = _count(seeded_session)
    assert _import(seeded_session, exported) == len(exported)
    assert _count(seeded_session) == before
    text = exchange.export_csv(seeded_session, partnership_id=owner)
    assert text.splitlines()[0].startswith("id,organization,name")
    assert len(text.splitlines()) == len(exported) + 1


def test_stale_listings_are_queued_reminders_once_a_week(seeded_session: Session) -> None:
    owner, today = _owner(seeded_session), date(2026, 12, 3)
    stale = freshness.list_stale(seeded_session, partnership_id=owner, today=today)
    assert stale and all(s.assured_on and s.assured_on < date(2026, 6, 3) for s in stale)
    first = freshness.queue_reminders(seeded_session, partnership_id=owner, today=today,
                                      base_url="https://example.test")  # fmt: skip
    again = freshness.queue_reminders(seeded_session, partnership_id=owner, today=today,
                                      base_url="https://example.test")  # fmt: skip
    assert first >= len(stale) and again == 0
    kinds = seeded_session.scalars(select(MailMessage.kind)).all()
    assert kinds.count("directory_review") == first
    share = freshness.share_assured(seeded_session, partnership_id=owner, today=today)
    assert 0 < share.assured < share.listings


def test_the_command_line_exports_and_imports(seeded_url: str, tmp_path: Path) -> None:
    from sendsight.cli import cli

    env = {"SENDSIGHT_DATABASE_URL": seeded_url}
    out = tmp_path / "directory.json"
    result = CliRunner().invoke(cli, ["directory", "export", "--la", "354", "--out", str(out)],
                                env=env)  # fmt: skip
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["directory", "import", str(out), "--la", "354"], env=env)
    assert result.exit_code == 0 and "Imported" in result.output, result.output
    result = CliRunner().invoke(cli, ["directory", "stale", "--la", "354", "--today",
                                      "2026-12-03"], env=env)  # fmt: skip
    assert result.exit_code == 0 and "stale listing(s)" in result.output


def _export_through_orm_objects(session: Session, owner: str) -> tuple[str, str]:
    """The export as it was built before decision 0903: ORM objects, per-service relationships."""
    services = list(
        session.scalars(
            select(Service)
            .where(Service.partnership_id == owner, Service.deleted_at_utc.is_(None))
            .order_by(Service.id)
        )
    )
    orgs = queries.organizations_for(session=session, services=services)
    related = queries.related(session=session, service_ids=[s.id for s in services])
    taxonomies = queries.taxonomies_by_id(session=session, partnership_id=owner)
    document = [
        oruk.service_full(s, orgs.get(s.organization_id), related, taxonomies) for s in services
    ]
    lines = [exchange._csv_line(s, orgs.get(s.organization_id), related) for s in services]
    return json.dumps(document, indent=1), write_csv(lines, header=list(CSV_COLUMNS))


def test_the_set_based_export_matches_the_object_by_object_export_byte_for_byte(
    seeded_session: Session,
) -> None:
    owner = _owner(seeded_session)
    [first] = queries.list_services(
        session=seeded_session,
        partnership_id=owner,
        query=queries.ServiceQuery(),
        page=1,
        per_page=1,
    )[0]
    moderation.soft_delete(seeded_session, actor=SYSTEM, partnership_id=owner, service_id=first.id)
    old_json, old_csv = _export_through_orm_objects(seeded_session, owner)
    new_json = json.dumps(exchange.export_oruk(seeded_session, partnership_id=owner), indent=1)
    assert first.id not in new_json
    assert new_json == old_json
    assert exchange.export_csv(seeded_session, partnership_id=owner) == old_csv
