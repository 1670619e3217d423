"""The synthetic demo cases: calibrated to Rochdale's published figures, clearly not real."""

from __future__ import annotations

from pathlib import Path

import pytest

from sendsight.core.identifiers import is_valid_upn
from sendsight.demo import ehc_cases as demo
from sendsight.ehc.metrics import EhcFacts, build_facts, metrics_for
from sendsight.ehc.template import read_template

YEARS = range(2019, 2025)


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> EhcFacts:
    paths = demo.write_template_csvs(tmp_path_factory.mktemp("demo"))
    frames = read_template("354", paths["requests"], paths["advice"], paths["reviews"])
    return build_facts(frames)


@pytest.mark.parametrize("year", YEARS)
def test_demo_counts_land_within_2_percent_of_published_figures(facts: EhcFacts, year: int) -> None:
    result = metrics_for(facts, "354", year)
    assert (
        abs(result["requests_received"] - demo.TARGET_REQUESTS[year])
        <= 0.02 * demo.TARGET_REQUESTS[year]
    )
    assert abs(result["plans_issued"] - demo.TARGET_PLANS[year]) <= 0.02 * demo.TARGET_PLANS[year]


@pytest.mark.parametrize("year", YEARS)
def test_demo_20_week_rate_lands_within_2_points_of_published(facts: EhcFacts, year: int) -> None:
    result = metrics_for(facts, "354", year)
    target = demo.TARGET_PCT_20_WEEKS_EXCL[year]
    assert abs(result["plans_within_20_weeks_pct_excl_exceptions"] - target) <= 2.0


def test_demo_is_deterministic_for_a_seed_and_varies_between_seeds() -> None:
    first, again, other = (demo.generate_cases(seed=s)[0] for s in (1, 1, 2))
    assert first.equals(again)
    assert not first.equals(other)


def test_demo_people_are_pseudonymous_and_upns_are_valid_but_fake() -> None:
    requests, _, reviews = demo.generate_cases()
    assert requests.get_column("person_id").str.starts_with("DEMO-").all()
    assert reviews.get_column("plan_id").str.starts_with("DEMO-").all()
    upns = requests.get_column("upn").drop_nulls().to_list()
    assert upns and all(is_valid_upn(u) and u[1:4] == "999" for u in upns)
    assert not {"name", "surname", "forename"} & set(requests.columns)


def test_demo_csvs_are_labelled_as_demonstration_data(tmp_path: Path) -> None:
    demo.write_template_csvs(tmp_path)
    assert "Demonstration data" in (tmp_path / "README.txt").read_text()


def test_only_the_calibrated_area_and_years_are_offered() -> None:
    with pytest.raises(ValueError):
        demo.generate_cases(years=range(2018, 2020))
