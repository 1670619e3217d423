"""The cost ahead: the caseload forecast by placement type × unit costs → projected high-needs
spend for the next three years, with intervals, scenario levers and a goal-seek on cost.

The forecast is the recommended caseload forecast split by placement group
(``forecasting.breakdowns``): every bound is split with the same shares, so a part's bounds
times its unit cost add up to the total's bounds. The spend for the caseload in January of a
year is counted in the financial year that January falls in (January 2027 → 2026-27), at
constant prices unless a yearly growth in unit costs is set.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
from sqlalchemy.orm import Session

from sendsight.commissioning import queries
from sendsight.commissioning.ledger import published_cost
from sendsight.commissioning.vocab import PUBLISHED_COST
from sendsight.forecasting import report
from sendsight.forecasting.breakdowns import PLACEMENTS, breakdown_by_placement
from sendsight.forecasting.versioned import cached

YEARS_AHEAD = 3
BOUND_COLUMNS = ("point", "lower_80", "upper_80", "lower_95", "upper_95")
#: Placements costed: the forecast's groups, and resourced provision (places in mainstream
#: schools) that the scenario levers move children into.
COSTED = (*PLACEMENTS, "resourced_provision")
PLACEMENT_LABELS = {
    "mainstream": "Mainstream",
    "special": "Maintained special",
    "independent_special": "Independent special",
    "post16": "Post-16",
    "other": "Other",
    "resourced_provision": "Resourced provision in mainstream",
}


@dataclass(frozen=True, slots=True)
class UnitCostView:
    """The annual cost of one placement of a type, and where the figure came from."""

    placement: str
    annual_cost: int
    source: str


#: The fewest plan packages of a type in the ledger's latest year for their average to be used.
MIN_PACKAGES = 5


def ledger_unit_costs(session: Session, *, partnership_id: str) -> dict[str, UnitCostView]:
    """The average whole package (every agency) per plan of each placement type in the
    ledger's latest financial year, where it holds at least ``MIN_PACKAGES`` of that type."""
    rows = queries.list_contributions(
        session=session, partnership_id=partnership_id, subject_kind="plan"
    )
    if not rows:
        return {}
    year = max(r.financial_year for r in rows)
    found = {}
    for placement in PLACEMENTS:
        amounts = [
            r.amount_pence
            for r in rows
            if r.financial_year == year and r.high_needs_category == placement
        ]
        if len(amounts) >= MIN_PACKAGES:
            average = round(sum(amounts) / len(amounts) / 100)
            source = (
                f"Ledger: average of {len(amounts)} plan packages, {year}-{(year + 1) % 100:02d}"
            )
            found[placement] = UnitCostView(placement, average, source)
    return found


def resolve_unit_costs(
    session: Session, *, partnership_id: str, la_code: str, use_ledger: bool = False
) -> dict[str, UnitCostView]:
    """Unit costs for every costed placement: the partnership's own figure where set, else
    (with ``use_ledger``) the ledger's average package, else the LA's published 2021-22 cost of
    a place (else England's); resourced provision defaults to halfway between the mainstream
    and the maintained special cost."""
    own = queries.unit_costs(session=session, partnership_id=partnership_id, la_code=la_code)
    ledger = ledger_unit_costs(session, partnership_id=partnership_id) if use_ledger else {}
    found: dict[str, UnitCostView] = {}
    for placement in COSTED:
        if placement in own:
            cost = own[placement]
            found[placement] = UnitCostView(
                placement, cost.annual_cost, cost.source or "Set locally"
            )
        elif placement in ledger:
            found[placement] = ledger[placement]
        elif placement in PUBLISHED_COST:
            indicator = PUBLISHED_COST[placement]
            value = published_cost(session, indicator, la_code)
            where = "the LA's"
            if value is None:
                value, where = published_cost(session, indicator, "E92000001"), "England's"
            source = f"Published: {where} 2021-22 figure ({indicator})"
            found[placement] = UnitCostView(placement, round(value or 0), source)
    if "resourced_provision" not in found:
        middle = (found["mainstream"].annual_cost + found["special"].annual_cost) // 2
        found["resourced_provision"] = UnitCostView(
            "resourced_provision", middle, "Assumed: halfway between mainstream and special"
        )
    return found


@dataclass(frozen=True, slots=True)
class Levers:
    """Scenario levers, each a number of placements a year (from the first projected year).

    ``to_resourced``: children who would be placed in independent special schools placed in
    resourced provision in mainstream schools instead; ``to_special``: placed in maintained
    special schools instead (new places); ``growth_pct``: yearly growth in every unit cost.
    """

    to_resourced: int = 0
    to_special: int = 0
    growth_pct: float = 0.0


@dataclass(frozen=True, slots=True)
class Projection:
    """Places and spend by year and placement (``frame``), and per-year totals (``totals``)."""

    la_code: str
    levers: Levers
    frame: pl.DataFrame
    totals: pl.DataFrame
    unit_costs: dict[str, UnitCostView] = field(default_factory=dict)

    def final_cost(self) -> float:
        """The central projected spend in the last projected year (pounds)."""
        return float(self.totals.get_column("cost_point")[-1])


def placement_forecast(session: Session, *, la_code: str) -> pl.DataFrame:
    """The LA's caseload forecast by placement for the next three Januaries (worked out once
    per statistics version)."""
    return cached(
        "commissioning_placement_forecast",
        session,
        lambda: _placement_forecast(session, la_code),
        la_code,
    )


def _placement_forecast(session: Session, la_code: str) -> pl.DataFrame:
    forecast = report.current_forecast(session=session)
    mine = forecast.filter(pl.col("la_code") == la_code)
    years = sorted(mine.get_column("target_year").unique().to_list())[:YEARS_AHEAD]
    split = breakdown_by_placement(mine.filter(pl.col("target_year").is_in(years)), session=session)
    return split.select("target_year", pl.col("part").alias("placement"), *BOUND_COLUMNS)


def project(
    forecast: pl.DataFrame, unit_costs: dict[str, UnitCostView], levers: Levers, la_code: str
) -> Projection:
    """Apply the levers to the placement forecast and cost it (pure: frame in, frame out)."""
    moved = levers.to_resourced + levers.to_special
    independent = pl.col("placement") == "independent_special"
    # Moves are capped at the independent placements forecast (bounds scale with the point).
    available = forecast.filter(independent).select("target_year", cap=pl.col("point"))
    frame = forecast.join(available, on="target_year", how="left").with_columns(
        moved=pl.min_horizontal(pl.lit(float(moved)), pl.col("cap"))
    )
    scale = pl.when(pl.col("point") > 0).then(1 - pl.col("moved") / pl.col("point")).otherwise(1.0)
    frame = frame.with_columns(
        [
            pl.when(independent).then(pl.col(c) * scale).otherwise(pl.col(c)).alias(c)
            for c in BOUND_COLUMNS
        ]
    )
    added = []
    share = {"resourced_provision": levers.to_resourced, "special": levers.to_special}
    for placement, count in share.items():
        if count:
            extra = available.select(
                "target_year",
                placement=pl.lit(placement),
                **{
                    c: pl.min_horizontal(pl.lit(float(moved)), pl.col("cap")) * count / moved
                    for c in BOUND_COLUMNS
                },
            )
            added.append(extra)
    frame = pl.concat([frame.select("target_year", "placement", *BOUND_COLUMNS), *added])
    frame = frame.group_by("target_year", "placement").agg(pl.col(c).sum() for c in BOUND_COLUMNS)
    first = frame.get_column("target_year").min()
    costs = pl.DataFrame(
        {"placement": list(unit_costs), "unit_cost": [c.annual_cost for c in unit_costs.values()]}
    )
    growth = (1 + levers.growth_pct / 100) ** (pl.col("target_year") - first)
    costed = (
        frame.join(costs, on="placement", how="left")
        .with_columns(unit_cost=pl.col("unit_cost").fill_null(0) * growth)
        .with_columns(pl.col(c).mul(pl.col("unit_cost")).alias(f"cost_{c}") for c in BOUND_COLUMNS)
        .sort("target_year", "placement")
    )
    totals = costed.group_by("target_year").agg(
        pl.col(c).sum() for c in (*BOUND_COLUMNS, *(f"cost_{c}" for c in BOUND_COLUMNS))
    )
    return Projection(la_code, levers, costed, totals.sort("target_year"), unit_costs)


def _unit_key(unit_costs: dict[str, UnitCostView]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((k, v.annual_cost) for k, v in unit_costs.items()))


def cached_project(
    session: Session, *, la_code: str, unit_costs: dict[str, UnitCostView], levers: Levers
) -> Projection:
    """``project`` on the LA's placement forecast, worked out once per statistics version,
    unit costs and levers (a page asks for the same few scenarios again and again)."""
    return cached(
        "commissioning_projection",
        session,
        lambda: project(placement_forecast(session, la_code=la_code), unit_costs, levers, la_code),
        la_code,
        _unit_key(unit_costs),
        levers,
    )


def cached_goal_seek(
    session: Session,
    *,
    la_code: str,
    unit_costs: dict[str, UnitCostView],
    target: float,
    lever: str,
    growth_pct: float,
) -> Seek:
    """``goal_seek`` on the LA's placement forecast, worked out once per statistics version,
    unit costs and question."""
    forecast = placement_forecast(session, la_code=la_code)
    return cached(
        "commissioning_goal_seek",
        session,
        lambda: goal_seek(
            forecast,
            unit_costs,
            target=target,
            lever=lever,
            growth_pct=growth_pct,
            la_code=la_code,
        ),
        la_code,
        _unit_key(unit_costs),
        target,
        lever,
        growth_pct,
    )


def projection(
    session: Session, *, partnership_id: str, la_code: str, levers: Levers | None = None
) -> Projection:
    """The projected high-needs spend for the LA under ``levers``."""
    costs = resolve_unit_costs(session, partnership_id=partnership_id, la_code=la_code)
    return project(placement_forecast(session, la_code=la_code), costs, levers or Levers(), la_code)


@dataclass(frozen=True, slots=True)
class Seek:
    """The goal-seek's answer: placements a year to move so the last year's central spend is at
    most ``target`` (``reachable`` false when moving every independent placement is not enough)."""

    target: float
    lever: str
    placements: int
    reachable: bool
    projection: Projection


def goal_seek(
    forecast: pl.DataFrame,
    unit_costs: dict[str, UnitCostView],
    *,
    target: float,
    lever: str,
    growth_pct: float,
    la_code: str,
) -> Seek:
    """The fewest placements a year moved by ``lever`` (``to_resourced`` or ``to_special``) that
    bring the final year's central spend to ``target`` or below (bisection: spend falls as more
    are moved)."""

    def run(n: int) -> Projection:
        levers = Levers(growth_pct=growth_pct, **{lever: n})
        return project(forecast, unit_costs, levers, la_code)

    independent = forecast.filter(pl.col("placement") == "independent_special")
    most = int(max(independent.get_column("point").to_list(), default=0.0)) + 1
    if run(0).final_cost() <= target:
        return Seek(target, lever, 0, True, run(0))
    if run(most).final_cost() > target:
        return Seek(target, lever, most, False, run(most))
    low, high = 0, most
    while high - low > 1:
        middle = (low + high) // 2
        if run(middle).final_cost() <= target:
            high = middle
        else:
            low = middle
    return Seek(target, lever, high, True, run(high))
