"""What the EHC pages show, built from fact frames: tables as rows of text, after disclosure.

A :class:`Guard` decides how a figure is shown. For people with case-level access figures are
shown as computed; for everyone else every count goes through :mod:`sendsight.disclosure`
(small counts become ``c``) and every rate is hidden when its parts are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

import polars as pl
from sqlalchemy.orm import Session

from sendsight.core.errors import NotFound
from sendsight.core.rounding import format_number, round_half_up
from sendsight.disclosure import (
    Viewpoint,
    explain_symbols,
    protect_count,
    protect_rate,
    protect_table,
)
from sendsight.ehc.facts import STAGE_LABELS, band_labels

PUBLISHED_INDICATOR: Final = "pct-20-weeks-excl-exceptions"
ADVICE_LABELS: Final = {
    "education": "Education", "health": "Health", "social_care": "Social care",
    "educational_psychology": "Educational psychology", "other": "Other",
}  # fmt: skip
DIFFERENCE_NOTE: Final = (
    "Our figure is worked out from the cases imported here; DfE's comes from the SEN2 return "
    "the council submitted. They differ when cases were added or corrected after the return, "
    "when exceptions were recorded differently, or when the deadline setting counts a plan "
    "issued on day 140 differently from DfE."
)


@dataclass
class Guard:
    """Shows figures as they are (``protect`` false) or through disclosure control, and
    collects the symbols used so the page can explain them. One per page, made from the
    reader's viewpoint (:meth:`seen_from`)."""

    protect: bool
    threshold: int = 5
    round_to: int | None = None
    symbols: set[str] = field(default_factory=set)

    @classmethod
    def seen_from(cls, viewpoint: Viewpoint) -> Guard:
        """The guard for a reader with this viewpoint."""
        return cls(viewpoint.protect, viewpoint.threshold, viewpoint.round_to)

    def count(self, n: int | None) -> str:
        """A count as text."""
        if not self.protect:
            return "x" if n is None else f"{n:,}"
        cell = protect_count(n, threshold=self.threshold, round_to=self.round_to)
        return self._note(cell.symbol) or format_number(cell.value or 0.0)

    def rate(self, numerator: int | None, denominator: int | None) -> str:
        """A percentage (1 decimal place) of two counts as text."""
        if self.protect:
            cell = protect_rate(numerator, denominator, threshold=self.threshold)
            return self._note(cell.symbol) or format_number(cell.value or 0.0, 1, grouping=False)
        if numerator is None or denominator is None:
            return self._note("x")
        if denominator == 0:
            return self._note("z")
        return format_number(numerator * 100 / denominator, 1, grouping=False)

    def rate_value(self, numerator: int | None, denominator: int | None) -> float | None:
        """The percentage for a chart, or None where the table shows a symbol."""
        text = self.rate(numerator, denominator)
        return None if text in ("c", "x", "z", "low") else float(text)

    def table(self, counts: pl.DataFrame, row_margins: dict[str, int]) -> list[list[str]]:
        """A table of counts (a text label column first, then one count column per category)
        as rows of text, labels left out. Through disclosure control each row is protected with
        its known margin from ``row_margins`` (label → the total of its cells that the same
        reader sees elsewhere), so no hidden cell is the only unknown in a sum they can form."""
        if not self.protect:
            return [[self.count(n) for n in row[1:]] for row in counts.iter_rows()]
        table = protect_table(counts, label_column=counts.columns[0], threshold=self.threshold,
                              round_to=self.round_to, row_margins=row_margins)  # fmt: skip
        self.symbols.update(table.symbols_used())
        return [
            [symbol or format_number(value) for symbol, value in zip(symbols, values, strict=True)]
            for symbols, values in zip(table.symbols.tolist(), table.values.tolist(), strict=True)
        ]

    def known(self, n: int | None) -> int | None:
        """``n`` when this reader is shown it as a figure, so that it is a known margin for
        other tables (see :class:`KnownTotals`); None when it is hidden or missing."""
        if n is None or not self.protect:
            return n
        return None if protect_count(n, threshold=self.threshold).symbol else n

    def notes(self) -> list[str]:
        """The explanation of every symbol used so far."""
        return explain_symbols(self.symbols, threshold=self.threshold)

    def _note(self, symbol: str | None) -> str:
        if symbol:
            self.symbols.add(symbol)
        return symbol or ""


@dataclass(frozen=True)
class KnownTotals:
    """Per calendar year, the totals a reader sees on the EHC overview, its CSV and the
    scorecard's EHC measures (as figures, not symbols): requests received and plans issued.

    Other tables whose cells add up to them (plans by month, by stage and band of weeks, by
    setting) take them as known margins, so a hidden cell there is never the only unknown in
    a sum the reader can form (docs/decisions/0301, "Totals shown elsewhere").
    """

    requests: dict[int, int]
    plans: dict[int, int]


def known_totals(timeliness: pl.DataFrame, guard: Guard) -> KnownTotals:
    """The yearly totals of ``timeliness`` that ``guard``'s reader is shown."""
    requests: dict[int, int] = {}
    plans: dict[int, int] = {}
    for r in timeliness.iter_rows(named=True):
        for found, column in ((requests, "requests_received"), (plans, "plans_issued")):
            known = guard.known(r[column])
            if known is not None:
                found[int(r["year"])] = known
    return KnownTotals(requests=requests, plans=plans)


def published_by_year(session: Session, la_code: str) -> dict[int, float | None]:
    """DfE's published % of plans within 20 weeks excluding exceptions, by calendar year."""
    from sendsight.statistics import queries as stats

    try:
        series = stats.indicator_series(session=session, indicator_id=PUBLISHED_INDICATOR,
                                        area_code=la_code)  # fmt: skip
    except NotFound:  # the indicator registry or its statistics are not loaded
        return {}
    return {int(p[:4]): v for p, v in series.select("period", "value").iter_rows()}


def yearly_rows(
    timeliness: pl.DataFrame, published: dict[int, float | None], guard: Guard
) -> list[dict[str, Any]]:
    """One row per year: volumes, our 20-week rates, DfE's figure and the difference."""
    rows = []
    for r in timeliness.sort("year").iter_rows(named=True):
        ours = guard.rate(r["plans_within_20_weeks_excl_exceptions"],
                          r["plans_issued_excl_exceptions"])  # fmt: skip
        theirs = published.get(r["year"])
        gap = _gap(ours, theirs)
        rows.append({
            "year": r["year"], "requests": guard.count(r["requests_received"]),
            "plans": guard.count(r["plans_issued"]), "ours_excl": ours,
            "ours_incl": guard.rate(r["plans_within_20_weeks"], r["plans_issued"]),
            "decisions_6": guard.rate(r["decisions_within_6_weeks"], r["decisions_made"]),
            "reviews_4": guard.rate(r["review_decisions_within_4_weeks"], r["review_decisions"]),
            "published": "x" if theirs is None else format_number(theirs, 1, grouping=False),
            "difference": "" if gap is None else format_number(gap, 1, sign=True),
            "disagree": bool(gap),
        })  # fmt: skip
    return rows


def _gap(ours: str, theirs: float | None) -> float | None:
    try:
        return None if theirs is None else round_half_up(float(ours) - theirs, 1)
    except ValueError:
        return None


YEARLY_CSV: Final = (
    ("year", "Year"), ("requests", "Requests received"), ("plans", "Plans issued"),
    ("ours_excl", "% within 20 weeks excl. exceptions (ours)"),
    ("published", "% within 20 weeks excl. exceptions (DfE)"), ("difference", "Difference"),
    ("ours_incl", "% within 20 weeks incl. exceptions"),
    ("decisions_6", "% decisions within 6 weeks"),
    ("reviews_4", "% review decisions within 4 weeks"),
)  # fmt: skip


def monthly_rows(
    monthly: pl.DataFrame, guard: Guard, known: KnownTotals | None = None
) -> list[dict[str, Any]]:
    """One row per month of issue: plans issued and % within 20 weeks excluding exceptions.

    A year's months add up to its plans issued (a known total), so the plans are protected as
    a table of years by month with that total; a month whose plans are hidden has its
    percentage hidden too."""
    ordered = monthly.sort("month")
    plans = _monthly_plans(ordered, guard, known or KnownTotals({}, {}))
    rows = []
    for r in ordered.iter_rows(named=True):
        shown = plans[r["month"]]
        hidden = shown in ("c", "x")
        pct = "c" if hidden else guard.rate(r["plans_within_20_weeks_excl_exceptions"],
                                             r["plans_issued_excl_exceptions"])  # fmt: skip
        value = None if hidden else guard.rate_value(r["plans_within_20_weeks_excl_exceptions"],
                                                     r["plans_issued_excl_exceptions"])  # fmt: skip
        rows.append({"month": r["month"], "plans": shown, "pct": pct, "value": value})
    return rows


def _monthly_plans(monthly: pl.DataFrame, guard: Guard, known: KnownTotals) -> dict[str, str]:
    """Plans issued per month (``YYYY-MM``) as shown: a table of years by month, each year
    with its plans issued as a known margin (months with no row issued no plans)."""
    if monthly.height == 0:
        return {}
    grid = (
        monthly.select(pl.col("month").str.slice(0, 4).alias("year"),
                       pl.col("month").str.slice(5, 2).alias("mm"), "plans_issued")
        .pivot(on="mm", index="year", values="plans_issued", sort_columns=True)
        .fill_null(0)
        .sort("year")
    )  # fmt: skip
    margins = {str(year): n for year, n in known.plans.items()}
    margins = {y: n for y, n in margins.items() if y in grid.get_column("year").to_list()}
    text = guard.table(grid, margins)
    months = grid.columns[1:]
    found = {f"{year}-{mm}": cell for year, row in zip(grid.get_column("year"), text, strict=True)
             for mm, cell in zip(months, row, strict=True)}  # fmt: skip
    return {month: found[month] for month in monthly.get_column("month").to_list()}


def stage_rows(
    stages: pl.DataFrame, year: int, guard: Guard, known: KnownTotals | None = None
) -> list[dict[str, Any]]:
    """For plans issued in ``year``: per stage, how many took each band of weeks.

    Each stage's bands add up to the plans issued in the year (less any plan with a date of
    that stage missing), a total the reader sees on the overview: it is each row's known
    margin."""
    chosen = stages.filter(pl.col("year") == year)
    bands = band_labels()
    counts: dict[str, list[Any]] = {"stage": list(STAGE_LABELS.values())}
    counts |= {band: [] for band in bands}
    for stage in STAGE_LABELS:
        found = dict(chosen.filter(pl.col("stage") == stage).select("weeks_band", "plans").rows())
        for band in bands:
            counts[band].append(int(found.get(band, 0)))
    total = (known or KnownTotals({}, {})).plans.get(year)
    margins = {} if total is None else dict.fromkeys(STAGE_LABELS.values(), total)
    frame = pl.DataFrame(counts, schema={"stage": pl.String, **dict.fromkeys(bands, pl.Int64)})
    text = guard.table(frame, margins)
    return [{"stage": label, "counts": row}
            for label, row in zip(STAGE_LABELS.values(), text, strict=True)]  # fmt: skip


def advice_rows(advice: pl.DataFrame, year: int, guard: Guard) -> list[dict[str, Any]]:
    """Advice returned in ``year`` by agency: how many, % within 6 weeks, median days."""
    chosen = advice.filter(pl.col("year") == year).sort("advice_type")
    return [
        {"agency": ADVICE_LABELS.get(r["advice_type"], r["advice_type"]),
         "returned": guard.count(r["advice_returned"]),
         "pct": guard.rate(r["advice_within_6_weeks"], r["advice_returned"]),
         "value": guard.rate_value(r["advice_within_6_weeks"], r["advice_returned"]),
         "mean_days": "x" if r["mean_days_to_advice"] is None
         else format_number(r["mean_days_to_advice"], grouping=False)}
        for r in chosen.iter_rows(named=True)
    ]  # fmt: skip
