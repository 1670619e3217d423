"""Rounds on a real database: blind ratings, the rules that refuse, moderation, actions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sendsight.access import queries as access
from sendsight.access.models import Organisation, OrganisationKind, User
from sendsight.access.principal import Principal, principal_of
from sendsight.access.roles import Role
from sendsight.assessment import actions, frameworks, queries, rounds
from sendsight.assessment.errors import AssessmentRefused
from sendsight.assessment.models import Statement, Theme
from sendsight.assessment.report import build_results
from sendsight.core.errors import InputRejected, NotFound, PermissionDenied
from sendsight.outcomes import queries as outcomes
from tests.partnerships import new_partnership_id
from tests.tenancy.assessment import framework_yaml

TODAY = date(2026, 12, 3)


def _person(session: Session, org: Organisation, role: Role, email: str) -> Principal:
    user: User = access.create_user(
        session=session, email=email, name=email, organisation=org, role=role
    )
    return principal_of(user)


@pytest.fixture
def world(db_session: Session) -> dict[str, object]:
    pid = new_partnership_id(db_session, "Assessment test partnership")
    partnership = access.get_partnership_by_name_or_none(
        session=db_session, name="Assessment test partnership"
    )
    assert partnership is not None
    orgs = {
        kind: access.create_organisation(
            session=db_session, partnership=partnership, name=f"Org {kind}", kind=k
        )
        for kind, k in (
            ("council", OrganisationKind.LOCAL_AUTHORITY),
            ("forum", OrganisationKind.PARENT_CARER_FORUM),
            ("icb", OrganisationKind.ICB),
        )
    }
    admin = _person(db_session, orgs["council"], Role.ADMIN, "a@t.test")
    forum = _person(db_session, orgs["forum"], Role.PARTNER, "f@t.test")
    icb = _person(db_session, orgs["icb"], Role.PARTNER, "i@t.test")
    fw = frameworks.import_framework(
        db_session, framework_yaml("Test"), filename="t.yaml", partnership_id=pid, actor=admin
    ).framework
    new = rounds.NewRound(
        fw.id,
        "Round",
        TODAY - timedelta(days=1),
        TODAY + timedelta(days=9),
        "high",
        [orgs["council"].id, orgs["forum"].id],
    )
    round_ = rounds.open_round(db_session, new, actor=admin, partnership_id=pid)
    [statement] = queries.list_statements(
        session=db_session, framework_id=fw.id, partnership_id=pid
    )
    return {
        "pid": pid,
        "admin": admin,
        "forum": forum,
        "icb": icb,
        "round": round_,
        "statement": statement,
        "orgs": orgs,
    }


def _rate(session: Session, w: dict[str, object], who: str, level: str, **kw: object) -> None:
    person = w[who]
    assert isinstance(person, Principal)
    rounds.rate(
        session,
        w["round"].id,  # type: ignore[attr-defined]
        rounds.NewRating(
            w["statement"].id,
            person.organisation_id,
            level,
            "medium",  # type: ignore[attr-defined]
            duty_met=True,
            **kw,
        ),  # type: ignore[arg-type]
        actor=person,
        partnership_id=str(w["pid"]),
        today=TODAY,
    )


def test_ratings_are_blind_until_the_organisation_submits(db_session: Session, world: dict) -> None:  # type: ignore[type-arg]
    _rate(db_session, world, "admin", "high")
    _rate(db_session, world, "forum", "low")
    round_, forum = world["round"], world["forum"]
    assert not rounds.sees_all_ratings(db_session, round_, forum, TODAY)
    mine = build_results(
        db_session,
        round_.id,
        partnership_id=world["pid"],
        today=TODAY,
        only_organisation=forum.organisation_id,
    )
    assert [r.level for row in mine.statements for r in row.ratings] == ["low"]
    rounds.submit(
        db_session,
        round_.id,
        organisation_id=forum.organisation_id,
        actor=forum,
        partnership_id=world["pid"],
        today=TODAY,
    )
    assert rounds.sees_all_ratings(db_session, round_, forum, TODAY)
    every = build_results(db_session, round_.id, partnership_id=world["pid"], today=TODAY)
    assert every.statements[0].spread.range == 1
    with pytest.raises(AssessmentRefused, match="already submitted"):
        _rate(db_session, world, "forum", "high")


def test_bad_ratings_are_refused_clearly(db_session: Session, world: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(AssessmentRefused, match="not taking part"):
        _rate(db_session, world, "icb", "low")
    with pytest.raises(AssessmentRefused, match="Choose a level on the scale"):
        _rate(db_session, world, "forum", "sky-high")
    rounds.close_round(
        db_session, world["round"].id, actor=world["admin"], partnership_id=world["pid"]
    )
    with pytest.raises(AssessmentRefused, match="not open"):
        _rate(db_session, world, "forum", "low")
    other = new_partnership_id(db_session, "Someone else")
    with pytest.raises(NotFound):
        rounds.close_round(
            db_session, world["round"].id, actor=world["admin"], partnership_id=other
        )


def test_a_rater_cannot_rate_for_another_organisation(db_session: Session, world: dict) -> None:  # type: ignore[type-arg]
    forum, admin = world["forum"], world["admin"]
    new = rounds.NewRating(
        world["statement"].id, admin.organisation_id, "low", "low", duty_met=True
    )
    with pytest.raises(AssessmentRefused, match="own organisation"):
        rounds.rate(
            db_session,
            world["round"].id,
            new,
            actor=forum,
            partnership_id=world["pid"],
            today=TODAY,
        )


def test_moderation_is_for_administrators_and_an_unmet_duty_caps_the_theme(
    db_session: Session,
    world: dict,  # type: ignore[type-arg]
) -> None:
    _rate(db_session, world, "admin", "high")
    kw = {"level": "high", "reason": "Agreed", "partnership_id": world["pid"]}
    with pytest.raises(PermissionDenied):
        rounds.set_consensus(
            db_session,
            world["round"].id,
            world["statement"].id,
            duty_met=False,
            actor=world["forum"],
            **kw,
        )
    rounds.set_consensus(
        db_session,
        world["round"].id,
        world["statement"].id,
        duty_met=False,
        actor=world["admin"],
        **kw,
    )
    found = build_results(db_session, world["round"].id, partnership_id=world["pid"], today=TODAY)
    assert found.statements[0].level == 2 and found.themes[0].level == 1
    by_area = queries.theme_results_by_inspection_area(
        session=db_session, partnership_id=world["pid"], today=TODAY, round_id=world["round"].id
    )
    assert by_area["leadership"][0]["label"] == "Test low"
    assert by_area["leadership"][0]["statutory_duty_unmet"] is True


def test_an_action_from_a_statement_is_a_scorecard_action_listed_in_the_round(
    db_session: Session,
    world: dict,  # type: ignore[type-arg]
) -> None:
    pid = world["pid"]
    measure = outcomes.create_measure(
        session=db_session,
        partnership_id=pid,
        key="m",
        name="M",
        level="indicator",
        frequency="academic_year",
    )
    new = actions.NewAction(measure.id, "Do the thing", "Org council", TODAY + timedelta(days=30))
    action = actions.create_from_statement(
        db_session,
        world["round"].id,
        world["statement"].id,
        new,
        actor=world["admin"],
        partnership_id=pid,
    )
    assert (
        outcomes.get_action(session=db_session, action_id=action.id, partnership_id=pid).measure_id
        == measure.id
    )
    found = build_results(db_session, world["round"].id, partnership_id=pid, today=TODAY)
    assert [a["title"] for a in found.statements[0].actions] == ["Do the thing"]


def test_framework_import_is_idempotent_and_a_bad_file_stores_nothing(
    db_session: Session,
    world: dict,  # type: ignore[type-arg]
) -> None:
    pid = world["pid"]
    again = frameworks.import_framework(
        db_session, framework_yaml("Test"), filename="t.yaml", partnership_id=pid, actor=None
    )
    assert again.changed is False
    before = db_session.scalar(select(func.count()).select_from(Statement))
    themes = db_session.scalar(select(func.count()).select_from(Theme))
    bad = framework_yaml("Bad").replace("high: Bad high descriptor", "top: x")
    with pytest.raises(InputRejected) as caught:
        frameworks.import_framework(
            db_session, bad, filename="b.yaml", partnership_id=pid, actor=None
        )
    assert {p.column for p in caught.value.problems} >= {
        "themes[0].statements[0].descriptors.top",
        "themes[0].statements[0].descriptors.high",
    }
    assert db_session.scalar(select(func.count()).select_from(Statement)) == before
    assert db_session.scalar(select(func.count()).select_from(Theme)) == themes
    changed = framework_yaml("Test").replace("Test statement text", "Changed text")
    with pytest.raises(InputRejected, match="problem"):
        frameworks.import_framework(
            db_session, changed, filename="t.yaml", partnership_id=pid, actor=None
        )


def test_evidence_keeps_the_figure_at_rating_time_and_flags_a_move_the_wrong_way(
    db_session: Session,
    world: dict,  # type: ignore[type-arg]
) -> None:
    pid = world["pid"]
    measure = outcomes.create_measure(
        session=db_session,
        partnership_id=pid,
        key="e",
        name="Evidence",
        level="indicator",
        frequency="academic_year",
        unit="percent",
        polarity="up",
    )
    for period, value in (("2023/24", 50.0), ("2024/25", 60.0)):
        outcomes.record_value(
            session=db_session,
            measure=measure,
            new=outcomes.NewValue(period, value),
            entered_by="t",
        )
    _rate(db_session, world, "forum", "low", measure_ids=[measure.id])
    found = build_results(db_session, world["round"].id, partnership_id=pid, today=TODAY)
    [items] = found.statements[0].evidence.values()
    assert (items[0].value, items[0].period, items[0].trend) == (
        60.0,
        "2024/25",
        "Up since the previous period (better)",
    )
    assert found.statements[0].evidence_moved is False
    outcomes.record_value(
        session=db_session, measure=measure, new=outcomes.NewValue("2025/26", 55.0), entered_by="t"
    )
    found = build_results(db_session, world["round"].id, partnership_id=pid, today=TODAY)
    assert found.statements[0].evidence_moved is True
