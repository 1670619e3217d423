"""Form checks for outcomes and measures, and the forecasting engine behind the caseload
baseline."""

from __future__ import annotations

import polars as pl
import pytest

from sendsight.core.errors import InputRejected
from sendsight.forecasting import forecast_caseload, split_to_current_las
from sendsight.outcomes import editing
from sendsight.outcomes.forecast_baseline import CaseloadBaseline, provider_for
from sendsight.outcomes.published import _sn_sentence
from sendsight.statistics.registry import get_indicator
from tests import published

MANUAL = {"name": "Families helped", "level": "performance", "kind": "how_much",
          "unit": "count", "polarity": "neither", "frequency": "monthly",
          "source_kind": "manual", "decimals": "0"}  # fmt: skip


def test_a_measure_wired_to_a_statistic_takes_its_unit_and_polarity_from_the_registry() -> None:
    data = {**MANUAL, "level": "indicator", "source_kind": "dfe_statistic",
            "source_key": "pct-20-weeks-excl-exceptions", "la_code": "354"}  # fmt: skip
    fields = editing.check_measure(data, outcome_ids=set())
    indicator = get_indicator("pct-20-weeks-excl-exceptions")
    assert (fields["unit"], fields["frequency"]) == (indicator.unit.value, "calendar_year")
    assert fields["polarity"] == "up" and fields["la_code"] == "354"


def test_every_problem_in_a_measure_form_is_named_by_its_field() -> None:
    data = {**MANUAL, "name": "", "kind": "", "unit": "miles", "decimals": "7",
            "next_update_on": "31/12/2025", "outcome_id": "gone"}  # fmt: skip
    with pytest.raises(InputRejected) as caught:
        editing.check_measure(data, outcome_ids={"o1"})
    columns = sorted(p.column or "" for p in caught.value.problems)
    assert columns == ["decimals", "kind", "name", "next_update_on", "outcome_id", "unit"]


def test_an_outcome_needs_an_i_statement() -> None:
    with pytest.raises(InputRejected) as caught:
        editing.check_outcome({"statement": "  "})
    assert [p.column for p in caught.value.problems] == ["statement"]


def test_new_keys_do_not_collide_with_existing_ones() -> None:
    assert editing.new_key("Families helped!", {"families_helped"}) == "families_helped_2"


@pytest.mark.slow  # forecasts every LA in England twice
def test_the_caseload_baseline_is_the_engines_forecast_for_the_area() -> None:
    history = pl.DataFrame({"period_index": [2021, 2022, 2023], "value": [1.0, 2.0, 3.0]})
    baseline = CaseloadBaseline("354", session=published.session())(
        history, unit="count", horizon=2
    )
    assert baseline is not None
    expected = split_to_current_las(
        forecast_caseload(published.history(), 2023, 2), session=published.session()
    ).filter(pl.col("la_code") == "354")
    assert [p.estimate for p in baseline.points] == pytest.approx(expected["point"].to_list())
    assert [p.period_index for p in baseline.points] == [2024, 2025]


def test_an_area_the_engine_does_not_know_falls_back_to_the_simple_method() -> None:
    history = pl.DataFrame({"period_index": [2021, 2022, 2023], "value": [10.0, 20.0, 30.0]})
    baseline = CaseloadBaseline("999", session=published.session())(
        history, unit="count", horizon=2
    )
    assert baseline is not None and baseline.method.startswith("The last value")


def test_only_the_caseload_indicator_uses_the_engine() -> None:
    class Wired:
        def __init__(self, key: str) -> None:
            self.source_key, self.la_code = key, "354"

    assert isinstance(
        provider_for(Wired("ehc-plans-january"), session=published.session()), CaseloadBaseline
    )
    # Published percentages have their own provider (tests/unit/test_published_baseline.py).
    assert provider_for(Wired("pct-requests-decided-6-weeks"), session=published.session()) is None


def test_neighbour_comparison_respects_polarity() -> None:
    lower_is_better = get_indicator("tribunal-appeal-rate")
    assert _sn_sentence(lower_is_better, 1.0, 2.0).startswith("Better")
    assert _sn_sentence(lower_is_better, 3.0, 2.0).startswith("Worse")
