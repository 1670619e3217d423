"""The similar-schools method and funnel limits (ADR 1302) on small hand-computed cases."""

from __future__ import annotations

import math

import polars as pl
import pytest

from sendsight.schools import method


def _schools(rows: list[tuple[str, str, str, int]]) -> pl.DataFrame:
    """(urn, la_code, school_type, pupils) with equal FSM and EAL shares (10% and 20%), so only
    size tells schools apart."""
    return pl.DataFrame(
        {
            "urn": [r[0] for r in rows],
            "la_code": [r[1] for r in rows],
            "school_type": [r[2] for r in rows],
            "pupils": [r[3] for r in rows],
            "fsm": [r[3] // 10 for r in rows],
            "eal": [r[3] // 5 for r in rows],
            "ehc_plan": [0] * len(rows),
            "sen_support": [0] * len(rows),
            "absence_pct": [None] * len(rows),
            "persistent_absence_pct": [None] * len(rows),
        },
        schema_overrides={"absence_pct": pl.Float64, "persistent_absence_pct": pl.Float64},
    )


SCHOOLS = _schools(
    [
        ("100001", "201", "Primary", 100),
        ("100002", "202", "Primary", 110),
        ("100003", "201", "Primary", 200),
        ("100004", "201", "Primary", 400),
        ("100005", "202", "Primary", 1000),
        ("100006", "201", "Special", 105),
    ]
)


def _peers(pairs: pl.DataFrame, urn: str) -> set[str]:
    return set(pairs.filter(pl.col("urn") == urn)["peer_urn"].to_list())


def test_similar_schools_are_the_nearest_in_england_and_the_nearest_in_the_la() -> None:
    pairs = method.similar_schools(SCHOOLS, national=1, local=1)
    # 100 pupils: nearest anywhere is 110 (other LA); nearest in its own LA is 200.
    assert _peers(pairs, "100001") == {"100002", "100003"}
    # 1000 pupils: nearest anywhere is 400; nearest in LA 202 is the 110-pupil school.
    assert _peers(pairs, "100005") == {"100004", "100002"}
    # 110 pupils: nearest anywhere is 100 (other LA); in LA 202 only the 1000-pupil school.
    assert _peers(pairs, "100002") == {"100001", "100005"}


def test_a_school_is_never_its_own_peer_nor_compared_with_another_type() -> None:
    pairs = method.similar_schools(SCHOOLS, national=3, local=3)
    assert pairs.filter(pl.col("urn") == pl.col("peer_urn")).height == 0
    assert _peers(pairs, "100006") == set()  # the only special school has no peers
    assert "100006" not in set(pairs["peer_urn"].to_list())


def test_same_la_flag_and_distance_in_standardised_log_size() -> None:
    pairs = method.similar_schools(SCHOOLS, national=1, local=1)
    row = pairs.filter((pl.col("urn") == "100001") & (pl.col("peer_urn") == "100003")).row(
        0, named=True
    )
    assert row["same_la"] is True
    logs = [math.log(n) for n in (100, 110, 200, 400, 1000)]
    mean = sum(logs) / 5
    sd = math.sqrt(sum((v - mean) ** 2 for v in logs) / 5)
    assert row["distance"] == pytest.approx((math.log(200) - math.log(100)) / sd)


def test_expected_value_is_the_pupil_weighted_mean_of_the_peers() -> None:
    values = pl.DataFrame(
        {
            "row": [0, 1, 2],
            "pupils": [50.0, 100.0, 300.0],
            "measure": ["ehc_plan_pct"] * 3,
            "value": [9.0, 2.0, 5.0],
        }
    )
    pairs = pl.DataFrame({"row": [0, 0], "peer_row": [1, 2]})
    expected = method.expected_values(values, pairs)
    # (2% x 100 + 5% x 300) / 400 = 4.25
    assert expected.filter(pl.col("row") == 0)["expected"][0] == pytest.approx(4.25)
    assert expected.filter(pl.col("row") == 0)["peers"][0] == 2


def _funnel(values: list[float], expected: float, pupils: float) -> pl.DataFrame:
    n = len(values)
    frame = pl.DataFrame(
        {
            "row": list(range(n)),
            "urn": [str(i) for i in range(n)],
            "school_type": ["P"] * n,
            "pupils": [pupils] * n,
            "measure": ["ehc_plan_pct"] * n,
            "value": values,
        }
    )
    exp = pl.DataFrame(
        {
            "row": list(range(n)),
            "measure": ["ehc_plan_pct"] * n,
            "expected": [expected] * n,
            "peers": [20] * n,
        },
        schema_overrides={"peers": pl.UInt32},
    )
    return method.funnel(frame, exp).sort("row")


def test_limits_are_binomial_when_there_is_no_over_dispersion() -> None:
    # expected 5%, 100 pupils: se = sqrt(5 x 95 / 100) = 2.17945; z-scores 0 and 0.229 give
    # phi below 1, taken as 1.
    rows = _funnel([5.0, 5.5], 5.0, 100.0)
    first = rows.row(0, named=True)
    assert first["phi"] == 1.0
    assert first["lower_95"] == pytest.approx(5 - 1.959964 * 2.17945, abs=1e-4)
    assert first["upper_95"] == pytest.approx(5 + 1.959964 * 2.17945, abs=1e-4)
    assert first["lower_998"] == 0.0  # 5 - 6.735 is below 0: kept at 0
    assert first["upper_998"] == pytest.approx(5 + 3.090232 * 2.17945, abs=1e-4)
    assert first["position"] == "within"


def test_over_dispersion_widens_the_limits_by_the_root_of_phi() -> None:
    # expected 10%, 100 pupils: se = 3; values 1, 7, 10, 13, 19 are z = -3, -1, 0, 1, 3.
    # Winsorised at the 10th/90th percentiles (linear): -2.2 and 2.2, so
    # phi = (4.84 + 1 + 0 + 1 + 4.84) / 5 = 2.336.
    rows = _funnel([1.0, 7.0, 10.0, 13.0, 19.0], 10.0, 100.0)
    assert rows["phi"][0] == pytest.approx(2.336)
    width = math.sqrt(2.336) * 3
    last = rows.row(4, named=True)
    assert last["upper_95"] == pytest.approx(10 + 1.959964 * width, abs=1e-4)
    assert last["upper_998"] == pytest.approx(10 + 3.090232 * width, abs=1e-4)
    # 19 is above 10 + 1.96 x 4.585 = 18.99 but below the 99.8% limit 24.17
    assert last["position"] == "above_95"
    assert rows.row(0, named=True)["position"] == "below_95"
    assert rows.row(2, named=True)["position"] == "within"


def test_compute_gives_every_school_with_pupils_a_row_for_each_measure_with_a_value() -> None:
    funnel, pairs = method.compute(SCHOOLS)
    assert set(funnel["measure"].unique().to_list()) == {"ehc_plan_pct", "sen_support_pct"}
    assert funnel.filter(pl.col("measure") == "ehc_plan_pct").height == 5  # the lone special
    assert pairs.height > 0  # school has no peers, so no expected value


def test_a_lone_school_of_its_kind_gets_no_expected_value_and_no_error() -> None:
    funnel, pairs = method.compute(SCHOOLS.filter(pl.col("school_type") == "Special"))
    assert funnel.height == 0 and pairs.height == 0
