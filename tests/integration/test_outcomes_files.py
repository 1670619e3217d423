"""Framework files round-trip through the CLI; value files are all-or-nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from sqlalchemy.orm import Session

from sendsight.cli import cli
from sendsight.config import get_settings
from sendsight.core.errors import InputRejected
from sendsight.db.migrate import upgrade
from sendsight.db.session import transaction
from sendsight.demo.outcomes import seed_demo_outcomes
from sendsight.outcomes import framework, queries
from sendsight.outcomes.value_import import import_values_csv
from tests.partnerships import new_partnership_id


def _fresh_sqlite(tmp_path: Path, name: str) -> str:
    """A migrated database holding one partnership (the CLI works on the only one)."""
    url = f"sqlite:///{tmp_path / name}"
    upgrade(url)
    with transaction(url) as session:
        new_partnership_id(session)
    return url


def _export(url: str, fmt: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", url)
    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["outcomes", "export", "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.output


def test_export_import_export_gives_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _fresh_sqlite(tmp_path, "a.db")
    with transaction(source) as session:
        own = {"partnership_id": new_partnership_id(session)}
        seed_demo_outcomes(session, la_code="354", **own)
        measure = queries.get_measure_by_key_or_none(session=session, key="family_supported", **own)
        assert measure is not None
        queries.record_value(
            session=session,
            measure=measure,
            new=queries.NewValue("2024/25", 40.0),
            entered_by="tester",
        )
    first = _export(source, "yaml", monkeypatch)
    (tmp_path / "framework.yaml").write_text(first, encoding="utf-8")
    target = _fresh_sqlite(tmp_path, "b.db")
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", target)
    get_settings.cache_clear()
    result = CliRunner().invoke(cli, ["outcomes", "import", str(tmp_path / "framework.yaml")])
    assert result.exit_code == 0, result.output
    assert _export(target, "yaml", monkeypatch) == first


def test_json_export_carries_each_measures_latest_value_and_baseline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _fresh_sqlite(tmp_path, "c.db")
    with transaction(url) as session:
        seed_demo_outcomes(session, la_code="354", partnership_id=new_partnership_id(session))
    data = json.loads(_export(url, "json", monkeypatch))
    happy = next(m for m in data["measures"] if m["key"] == "cyp_happy")
    assert happy["latest"]["period"] == happy["values"][-1]["period"]
    assert len(happy["baseline"]["points"]) == 3


def test_a_published_statistic_is_exported_as_its_indicator_and_area_without_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _fresh_sqlite(tmp_path, "d.db")
    with transaction(url) as session:
        seed_demo_outcomes(session, la_code="354", partnership_id=new_partnership_id(session))
    data = yaml.safe_load(_export(url, "yaml", monkeypatch))
    twenty = next(m for m in data["measures"] if m["key"] == "ehcp_20_weeks")
    assert (twenty["source_key"], twenty["la_code"]) == ("pct-20-weeks-excl-exceptions", "354")
    assert twenty["values"] == []


def test_a_framework_naming_an_unknown_statistic_is_refused_with_its_path(
    db_session: Session,
) -> None:
    measure = {
        "key": "m",
        "name": "M",
        "frequency": "calendar_year",
        "source_kind": "dfe_statistic",
        "source_key": "no-such-indicator",
        "la_code": "354",
    }
    data = {"format": "sendsight-outcomes", "outcomes": [], "measures": [measure]}
    with pytest.raises(InputRejected) as caught:
        framework.import_framework(
            db_session, data, filename="f.yaml", partnership_id=new_partnership_id(db_session)
        )
    assert [p.column for p in caught.value.problems] == ["measures[0].source_key"]


def test_a_measure_under_a_missing_outcome_is_refused_with_its_path(db_session: Session) -> None:
    measure = {"key": "m", "name": "M", "frequency": "monthly", "outcome": "gone"}
    document = {"format": "sendsight-outcomes", "version": 1, "outcomes": [], "measures": [measure]}
    with pytest.raises(InputRejected) as caught:
        framework.import_framework(
            db_session, document, filename="f.yaml", partnership_id=new_partnership_id(db_session)
        )
    assert [p.column for p in caught.value.problems] == ["measures[0].outcome"]
    assert (
        queries.list_measures(session=db_session, partnership_id=new_partnership_id(db_session))
        == []
    )


def test_a_measure_with_an_unknown_frequency_or_polarity_is_refused_with_its_path(
    db_session: Session,
) -> None:
    measure = {"key": "m", "name": "M", "frequency": "fortnightly", "polarity": "higher"}
    document = {"format": "sendsight-outcomes", "version": 1, "outcomes": [], "measures": [measure]}
    with pytest.raises(InputRejected) as caught:
        framework.import_framework(
            db_session, document, filename="f.yaml", partnership_id=new_partnership_id(db_session)
        )
    found = {(p.column, p.value) for p in caught.value.problems}
    assert found == {("measures[0].frequency", "fortnightly"), ("measures[0].polarity", "higher")}
    assert "monthly" in caught.value.problems[0].message
    assert (
        queries.list_measures(session=db_session, partnership_id=new_partnership_id(db_session))
        == []
    )


def test_a_values_file_with_one_bad_row_writes_nothing(db_session: Session) -> None:
    own = {"partnership_id": new_partnership_id(db_session)}
    measure = queries.create_measure(
        session=db_session,
        key="calls",
        name="Calls",
        level="performance",
        frequency="monthly",
        unit="count",
        **own,
    )
    text = "measure_id,period,value\ncalls,2025-01,10\ncalls,2025-02,lots\n"
    with pytest.raises(InputRejected):
        import_values_csv(db_session, text, filename="v.csv", entered_by="tester", **own)
    assert queries.current_values(session=db_session, measure_ids=[measure.id], **own).is_empty()


def test_importing_a_value_for_a_held_period_corrects_it_and_keeps_history(
    db_session: Session,
) -> None:
    own = {"partnership_id": new_partnership_id(db_session)}
    measure = queries.create_measure(
        session=db_session,
        key="calls",
        name="Calls",
        level="performance",
        frequency="monthly",
        unit="count",
        **own,
    )
    import_values_csv(db_session, "measure_id,period,value\ncalls,2025-01,10\n", filename="a.csv",
                      entered_by="first", **own)  # fmt: skip
    summary = import_values_csv(db_session, "measure_id,period,value\ncalls,2025-01,12\n",
                                filename="b.csv", entered_by="second", **own)  # fmt: skip
    assert (summary.added, summary.corrected) == (0, 1)
    history = queries.value_history(session=db_session, measure_id=measure.id, **own)
    assert sorted((v.value, v.superseded_at_utc is None) for v in history) == [
        (10.0, False),
        (12.0, True),
    ]


def test_seeding_the_demo_twice_changes_nothing(db_session: Session) -> None:
    own = {"partnership_id": new_partnership_id(db_session)}
    seed_demo_outcomes(db_session, la_code="354", **own)
    first = yaml.safe_dump(framework.export_framework(db_session, **own))
    seed_demo_outcomes(db_session, la_code="354", **own)
    assert yaml.safe_dump(framework.export_framework(db_session, **own)) == first
    assert len(queries.list_outcomes(session=db_session, **own)) == 6
