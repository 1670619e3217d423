"""`sendsight schools profile --urn URN --format json` and `schools funnel --la --measure`:
the interface the outside checks use, on a fresh demo database."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from sendsight.cli import cli
from sendsight.config import get_settings
from sendsight.db.migrate import upgrade
from sendsight.db.session import transaction
from sendsight.demo import schools as demo
from tests.partnerships import new_partnership_id

KEYS = {"measure", "value", "expected", "lower_95", "upper_95", "lower_998", "upper_998"}


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'schools.db'}"
    upgrade(url)
    with transaction(url) as session:
        partnership_id = new_partnership_id(session, la_codes=["354"])
        demo.seed(session, la_code="354", partnership_id=partnership_id, today=date(2026, 12, 3))
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", url)
    get_settings.cache_clear()
    return url


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, ["schools", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("urn", ["105764", "100000", "140208", "990004"])
def test_profile_json_lists_each_measure_with_limits_and_similar_schools(
    url: str, urn: str
) -> None:
    measures = json.loads(_run("profile", "--urn", urn, "--format", "json"))
    assert {m["measure"] for m in measures} >= {"ehc_plan_pct", "sen_support_pct"}
    for m in measures:
        assert KEYS <= set(m)
        assert m["lower_998"] <= m["lower_95"] <= m["expected"] <= m["upper_95"] <= m["upper_998"]
        # census measures: 15 in England and 5 in the LA; local ones: the school's LA only
        local = m.get("peers_from") == "same local authority"
        assert len(m["similar_schools"]) >= (1 if local else 15)
        assert not local or all(s["same_la"] for s in m["similar_schools"])
        assert urn not in {s["urn"] for s in m["similar_schools"]}


def test_an_unknown_urn_is_one_clear_line(url: str) -> None:
    result = CliRunner().invoke(cli, ["schools", "profile", "--urn", "999999"])
    assert result.exit_code != 0 and "No school with URN 999999" in result.output


def test_funnel_csv_for_an_la(url: str) -> None:
    rows = list(
        csv.DictReader(
            io.StringIO(
                _run("funnel", "--la", "354", "--measure", "ehc_plan_pct", "--format", "csv")
            )
        )
    )
    assert len(rows) >= 90
    assert {"urn", "value", "expected", "lower_95", "upper_998", "position"} <= set(rows[0])
    assert "990001" in {r["urn"] for r in rows}  # the demo school the demo step imported


def test_import_command_refuses_a_bad_file_and_imports_a_good_one_once(
    url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("URN,PERCTOT,PPERSABS10\n105764,120,3\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["schools", "import", "absence", str(bad), "--year", "2024"])
    assert result.exit_code != 0 and "line 2, column 'PERCTOT'" in result.output
    good = tmp_path / "good.csv"
    good.write_text("URN,PERCTOT,PPERSABS10\n105764,4.5,12\n", encoding="utf-8")
    assert "imported 1 school" in _run("import", "absence", str(good), "--year", "2024")
    assert "nothing changed" in _run("import", "absence", str(good), "--year", "2024")
    # absence alone (no census for 2024) gives no 2024 profile: the 2019 one stays the latest
    assert json.loads(_run("profile", "--urn", "105764", "--format", "json"))[0]["year"] == 2019


def test_local_measures_cover_the_partnership_schools_only(url: str) -> None:
    measures = json.loads(_run("profile", "--urn", "990004", "--format", "json"))
    assert "ehc_requests_per_100" in {m["measure"] for m in measures}
    real = json.loads(_run("profile", "--urn", "105764", "--format", "json"))
    assert "ehc_requests_per_100" not in {m["measure"] for m in real}
    text = _run("funnel", "--la", "354", "--measure", "ehc_requests_per_100", "--format", "csv")
    urns = {r["urn"] for r in csv.DictReader(io.StringIO(text))}
    assert "990001" in urns and "990101" in urns and "105764" not in urns
