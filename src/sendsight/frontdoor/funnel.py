"""Funnel plot control limits for a rate across units of different sizes.

A unit (a panel, a school, a locality) with ``n`` decisions is compared with the overall rate
``p``: its rate is expected within ``p ± z·√(p(1−p)/n)``, so limits are wide for a small unit
and narrow for a large one, and a small school is not flagged by noise (Spiegelhalter, "Funnel
plots for comparing institutional performance", Statistics in Medicine 2005). ``lower_limit``
and ``upper_limit`` are the 99.8% control limits (z = 3.09); the 95% limits (z = 1.96) are kept
as warning limits. Rates and limits are percentages.
"""

from __future__ import annotations

import math
from typing import Final

import polars as pl

Z_CONTROL: Final = 3.09
Z_WARNING: Final = 1.96


def limits(overall: float, n: float, z: float) -> tuple[float, float]:
    """The (lower, upper) limits, as proportions clipped to 0..1, for a unit of size ``n``."""
    if n <= 0:
        return 0.0, 1.0
    half = z * math.sqrt(overall * (1 - overall) / n)
    return max(0.0, overall - half), min(1.0, overall + half)


def funnel(frame: pl.DataFrame, unit: str, outcome: str = "agreed") -> pl.DataFrame:
    """Per ``unit``: decisions, agreed, the rate and its limits against the overall rate, and
    whether the rate is outside the control limits. Sorted by unit."""
    if frame.height == 0:
        return pl.DataFrame(
            schema={
                unit: pl.String(),
                "decisions": pl.Int64(),
                "agreed": pl.Int64(),
                "decision_rate": pl.Float64(),
                "lower_limit": pl.Float64(),
                "upper_limit": pl.Float64(),
                "lower_warning": pl.Float64(),
                "upper_warning": pl.Float64(),
                "outside_limits": pl.Boolean(),
            }
        )
    overall = float(frame.get_column(outcome).cast(pl.Int64).sum()) / frame.height
    grouped = (
        frame.group_by(unit)
        .agg(pl.len().alias("decisions"), pl.col(outcome).cast(pl.Int64).sum().alias("agreed"))
        .sort(unit, nulls_last=True)
    )
    rows = []
    for row in grouped.iter_rows(named=True):
        n, agreed = int(row["decisions"]), int(row["agreed"])
        low, high = limits(overall, n, Z_CONTROL)
        warn_low, warn_high = limits(overall, n, Z_WARNING)
        rate = agreed / n
        rows.append(
            {
                unit: row[unit],
                "decisions": n,
                "agreed": agreed,
                "decision_rate": _pct(rate),
                "lower_limit": _pct(low),
                "upper_limit": _pct(high),
                "lower_warning": _pct(warn_low),
                "upper_warning": _pct(warn_high),
                "outside_limits": not low <= rate <= high,
            }
        )
    return pl.DataFrame(rows, infer_schema_length=None)


def _pct(share: float) -> float:
    return round(100 * share, 1)
