"""EHC timeliness metrics per local authority and calendar year, built into fact tables.

Definitions follow DfE's "Education, health and care plans" statistics (SEN2). Each event is
counted in the calendar year in which it happened (its own date, not the request's):

* **requests received** — requests whose ``received_on`` falls in the year;
* **decisions made** — decisions to assess or not to assess, by ``decision_on``; *within 6
  weeks* compares ``decision_on`` with ``received_on`` (SI 2014/1530 reg 5(1));
* **plans issued** — final plans by ``final_issued_on``; *within 20 weeks* compares it with
  ``received_on`` (reg 13(2)). *Including exceptions* counts every plan; *excluding
  exceptions* drops plans where a reg 10(4) exception applies from numerator and denominator;
* **decisions not to issue** — assessment outcome ``not_issue`` by ``assessment_outcome_on``;
  *within 16 weeks* of ``received_on`` (reg 10(1));
* **review decisions** — annual review decisions by ``decision_on``; *within 4 weeks* of the
  review meeting (reg 20);
* **median weeks to final plan** — median of (final − received) days ÷ 7 over plans issued;
* **stage durations** — medians in days over plans issued: request → decision → last advice
  received → draft → final (a stage with a missing date is left out of that stage's median);
* **advice within 6 weeks** — advice returned in the year (by ``received_on``), per advice type,
  where ``received_on`` is within 6 weeks of ``requested_on`` (reg 8(1)); with the mean days
  from request to return (a mean, not a median: a median over every advice row doubled the
  time of a national build).

Percentages are rounded half-up to 1 decimal place and are null where the denominator is 0.

The counts are taken with numpy over LA × year cells (:mod:`sendsight.ehc.cells`); an advice
row finds its request by ``request_index`` (:mod:`sendsight.ehc.frames`), not by text.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt
import polars as pl

from sendsight.ehc import cells, clock
from sendsight.ehc import frames as fr

KEY: Final = ["la_code", "year"]
COUNT_COLUMNS: Final = (
    "requests_received", "decisions_made", "decisions_within_6_weeks", "plans_issued",
    "plans_within_20_weeks", "plans_issued_excl_exceptions",
    "plans_within_20_weeks_excl_exceptions", "not_to_issue_decisions",
    "not_to_issue_within_16_weeks", "review_decisions", "review_decisions_within_4_weeks",
)  # fmt: skip
STAGES: Final = (
    ("request_to_decision", "received_on", "decision_on"),
    ("decision_to_last_advice", "decision_on", "last_advice_on"),
    ("last_advice_to_draft", "last_advice_on", "draft_issued_on"),
    ("draft_to_final", "draft_issued_on", "final_issued_on"),
)
PERCENTAGES: Final = (
    ("decisions_within_6_weeks_pct", "decisions_within_6_weeks", "decisions_made"),
    ("plans_within_20_weeks_pct_incl_exceptions", "plans_within_20_weeks", "plans_issued"),
    ("plans_within_20_weeks_pct_excl_exceptions", "plans_within_20_weeks_excl_exceptions",
     "plans_issued_excl_exceptions"),
    ("not_to_issue_within_16_weeks_pct", "not_to_issue_within_16_weeks", "not_to_issue_decisions"),
    ("review_decisions_within_4_weeks_pct", "review_decisions_within_4_weeks", "review_decisions"),
)  # fmt: skip
MEDIANS: Final = ("median_weeks_to_final_plan", *(f"median_days_{name}" for name, _, _ in STAGES))
# The timeliness table's columns after its key, in order.
TIMELINESS_COLUMNS: Final = (
    *COUNT_COLUMNS[:7], *MEDIANS, *COUNT_COLUMNS[7:], *(name for name, _, _ in PERCENTAGES),
)  # fmt: skip

_CELL: Final = "_cell"
_MISSING: Final = np.iinfo(np.int32).min  # "no advice back yet" as a day number


@dataclass(frozen=True)
class EhcFacts:
    """Fact tables: ``timeliness`` (one row per LA × year) and ``advice`` (per advice type too)."""

    timeliness: pl.DataFrame
    advice: pl.DataFrame


def pct(numerator: str, denominator: str) -> pl.Expr:
    """``100 × numerator ÷ denominator`` rounded half-up to 1 decimal place; null when ÷ 0."""
    num, den = pl.col(numerator).cast(pl.Int64), pl.col(denominator).cast(pl.Int64)
    tenths = (2000 * num + den) // (2 * den)  # exact integer half-up rounding, no float ties
    return pl.when(den > 0).then((tenths / 10).round(1)).otherwise(None)


def build_facts(
    frames: fr.EhcFrames, boundary: clock.Boundary = clock.DEFAULT_BOUNDARY
) -> EhcFacts:
    """Compute every metric for every LA and calendar year found in ``frames``.

    Requests are read for every event counted by its own date, reviews for review decisions,
    advice for each request's last advice and then for the per-type counts; the plans' stage
    medians are taken by Polars on a second thread meanwhile.
    """
    frames = fr.linked(frames)
    request_runs, review_runs = (cells.runs(f.get_column("la_code"))
                                 for f in (frames.requests, frames.reviews))  # fmt: skip
    orphans = frames.advice.filter(pl.col(fr.REQUEST_INDEX).is_null())
    orphan_runs = cells.runs(orphans.get_column("la_code"))
    grid = cells.grid([request_runs, review_runs, orphan_runs], _dates(frames))
    first_cells = grid.first_cells(request_runs)
    counts, final_cell = _request_counts(frames.requests, grid, first_cells, boundary)
    plans = (frames.requests, grid.dated_cells(final_cell), _latest_advice(frames))
    # The medians are left to Polars on a second thread while numpy counts the rest here.
    with ThreadPoolExecutor(max_workers=1) as background:
        medians = background.submit(_stage_medians, *plans)
        counts |= _review_counts(frames.reviews, grid, grid.first_cells(review_runs), boundary)
        lookup = _advice_lookup(frames.advice, first_cells, grid.first_cells(orphan_runs))
        advice = _advice(frames.advice, grid, lookup, boundary)
        return EhcFacts(timeliness=_timeliness(grid, counts, medians.result()), advice=advice)


def _dates(frames: fr.EhcFrames) -> list[pl.Series]:
    """Every date column the counts read."""
    named = (
        (frames.requests, _REQUEST_DATES),
        (frames.advice, ("requested_on", "received_on")),
        (frames.reviews, ("review_meeting_on", "decision_on")),
    )
    return [frame.get_column(c) for frame, columns in named for c in columns]


_REQUEST_DATES: Final = ("received_on", "decision_on", "assessment_outcome_on", "final_issued_on")


def _in_time(
    start: cells.Days, end: cells.Days, weeks: int, boundary: clock.Boundary
) -> cells.Flags:
    """:func:`sendsight.ehc.clock.within_expr` in day numbers, false when ``start`` is null.

    Only rows counted in the cell of ``end`` use it, and a row with no ``end`` date is in a
    spare cell, so a null ``end`` needs no check.
    """
    gap, limit = end.day - start.day, 7 * weeks
    met = gap <= limit if clock.check_boundary(boundary) == "on_or_before" else gap < limit
    return met if start.no_day is None else met & start.has()


def _flag(values: pl.Series) -> cells.Flags:
    """A Boolean column as a numpy array, null read as false."""
    return values.fill_null(False).to_numpy()


def _request_counts(
    requests: pl.DataFrame, grid: cells.Grid, first_cells: cells.Ints, boundary: clock.Boundary
) -> tuple[dict[str, cells.Ints], cells.Ints]:
    """Requests received, decisions made, plans issued and decisions not to issue per cell,
    each by its own date, with how many of each met its limit; and each request's cell by the
    date of its final plan."""
    col, size = requests.get_column, grid.size
    received, decided, refused_on, final = (grid.days(col(c)) for c in _REQUEST_DATES)
    made = _flag((col("decision") == "assess") | (col("decision") == "not_assess"))
    refused = _flag(col("assessment_outcome") == "not_issue")
    counted = ~_flag(col("exceptions_apply"))  # the plan counts in the excluding measure
    got, decisions, refusals = cells.Tally(size), cells.Tally(size, 2), cells.Tally(size, 2)
    plans = cells.Tally(size, 2)
    final_cell = np.empty(requests.height, dtype=np.int32)
    for rows in cells.chunks(requests.height):
        start, first = received[rows], first_cells[rows]
        got.add(grid.cell(first, start))
        end = decided[rows]
        in_6 = _in_time(start, end, clock.DECISION_WEEKS, boundary)
        decisions.add(grid.cell(first, end), made[rows], in_6)
        end = refused_on[rows]
        in_16 = _in_time(start, end, clock.NOT_TO_ISSUE_WEEKS, boundary)
        refusals.add(grid.cell(first, end), refused[rows], in_16)
        end = final[rows]
        final_cell[rows] = grid.cell(first, end)
        in_20 = _in_time(start, end, clock.FINAL_PLAN_WEEKS, boundary)
        plans.add(final_cell[rows], counted[rows], in_20)
    decided_n, refused_n, issued_n = (grid.dated(t.table()) for t in (decisions, refusals, plans))
    counts = {
        "requests_received": grid.dated(got.table()),
        "decisions_made": decided_n[:, 1].sum(axis=1),
        "decisions_within_6_weeks": decided_n[:, 1, 1],
        "plans_issued": issued_n.sum(axis=(1, 2)),
        "plans_within_20_weeks": issued_n[:, :, 1].sum(axis=1),
        "plans_issued_excl_exceptions": issued_n[:, 1].sum(axis=1),
        "plans_within_20_weeks_excl_exceptions": issued_n[:, 1, 1],
        "not_to_issue_decisions": refused_n[:, 1].sum(axis=1),
        "not_to_issue_within_16_weeks": refused_n[:, 1, 1],
    }
    return counts, final_cell


def _review_counts(
    reviews: pl.DataFrame, grid: cells.Grid, first_cells: cells.Ints, boundary: clock.Boundary
) -> dict[str, cells.Ints]:
    """Annual review decisions per cell of their decision date, and how many within 4 weeks."""
    meeting, decided = (grid.days(reviews.get_column(c)) for c in ("review_meeting_on",
                                                                   "decision_on"))  # fmt: skip
    made = reviews.get_column("decision").is_not_null().to_numpy()
    found = cells.Tally(grid.size, 2)
    for rows in cells.chunks(reviews.height):
        start, end = meeting[rows], decided[rows]
        in_4 = _in_time(start, end, clock.REVIEW_DECISION_WEEKS, boundary)
        found.add(grid.cell(first_cells[rows], end), made[rows], in_4)
    table = grid.dated(found.table())
    return {"review_decisions": table[:, 1].sum(axis=1),
            "review_decisions_within_4_weeks": table[:, 1, 1]}  # fmt: skip


def _day_gap(start: str, end: str) -> pl.Expr:
    """Calendar days from ``start`` to ``end``, as Int32 (a Date is stored as a day number)."""
    return pl.col(end).cast(pl.Int32) - pl.col(start).cast(pl.Int32)


def _stage_medians(
    requests: pl.DataFrame, final_cell: cells.Ints, latest: cells.Ints
) -> pl.DataFrame:
    """Per cell of the final plan's date: the median weeks to the final plan and the median
    days of each stage (a stage with a missing date is left out of that stage's median).
    ``latest`` is the day number each request's last advice came back (:func:`_latest_advice`)."""
    last = pl.Series("last_advice_on", latest)
    plans = (
        requests.lazy()
        .select(pl.Series(_CELL, final_cell, dtype=pl.Int32), *_PLAN_DATES,
                pl.when(last != _MISSING).then(last).alias("last_advice_on"))
        .filter(pl.col("final_issued_on").is_not_null())
        .select(_CELL, *(_day_gap(start, end).alias(name) for name, start, end in _GAPS))
    )  # fmt: skip
    weeks = (pl.col(_WHOLE).median() / 7).round(1, mode="half_away_from_zero")
    stages = [pl.col(name).median().alias(f"median_days_{name}") for name, _, _ in STAGES]
    return plans.group_by(_CELL).agg(weeks.alias(MEDIANS[0]), *stages).collect()


_PLAN_DATES: Final = ("received_on", "decision_on", "draft_issued_on", "final_issued_on")
_WHOLE: Final = "_request_to_final"
_GAPS: Final = ((_WHOLE, "received_on", "final_issued_on"), *STAGES)


def _timeliness(
    grid: cells.Grid, counts: dict[str, cells.Ints], medians: pl.DataFrame
) -> pl.DataFrame:
    """One row per cell with any event, sorted by LA and year."""
    events = ("requests_received", "decisions_made", "plans_issued", "not_to_issue_decisions",
              "review_decisions")  # fmt: skip
    found = np.flatnonzero(sum(counts[name] for name in events))
    table = grid.keys(found).with_columns(
        pl.Series(_CELL, found, dtype=pl.Int32),
        *(pl.Series(name, counts[name][found], dtype=pl.Int64) for name in COUNT_COLUMNS),
    )
    table = table.join(medians, on=_CELL, how="left", maintain_order="left")
    rates = [pct(num, den).alias(name) for name, num, den in PERCENTAGES]
    return table.with_columns(rates).select(*KEY, *TIMELINESS_COLUMNS)


def _advice_lookup(
    advice: pl.DataFrame, request_cells: cells.Ints, orphan_cells: cells.Ints
) -> tuple[cells.Ints, cells.Ints]:
    """Where each advice row finds the first cell of its LA: an index into a table of first
    cells. The index is its request's row; advice whose request is not in the frames gets a
    row of its own after the requests'."""
    index = advice.get_column(fr.REQUEST_INDEX)
    if not index.null_count():
        return index.to_numpy(), request_cells
    rows = index.fill_null(0).cast(pl.Int64).to_numpy().copy()
    alone = index.is_null().to_numpy()
    rows[alone] = len(request_cells) + np.arange(len(orphan_cells))
    return rows, np.concatenate([request_cells, orphan_cells])


def _advice_kinds(types: pl.Series) -> tuple[list[str], cells.Ints]:
    """The advice types in alphabetical order, and each row's place in that order (a row with
    no type is placed after them all)."""
    if not isinstance(types.dtype, pl.Enum):
        types = types.cast(pl.Enum(sorted(types.drop_nulls().unique().to_list())))
    names: list[str] = types.dtype.categories.to_list()  # type: ignore[attr-defined]
    kind = types.to_physical()
    codes = kind.to_numpy() if not kind.null_count() else kind.fill_null(len(names)).to_numpy()
    if names == sorted(names):
        return names, codes
    order = np.append(np.argsort(np.argsort(names)), len(names))
    return sorted(names), np.take(order, codes)


def _advice(
    advice: pl.DataFrame,
    grid: cells.Grid,
    lookup: tuple[cells.Ints, cells.Ints],
    boundary: clock.Boundary,
) -> pl.DataFrame:
    """Advice returned per cell of its return date and advice type: how many, how many within
    6 weeks of the request for it, and the mean days taken (over advice with both dates)."""
    names, kind = _advice_kinds(advice.get_column("advice_type"))
    kinds = len(names) + 1  # the last for advice with no type, left out
    requested, received = (grid.days(advice.get_column(c)) for c in ("requested_on",
                                                                     "received_on"))  # fmt: skip
    index, first_cells = lookup
    found = cells.Tally(grid.size * kinds, 2)
    for rows in cells.chunks(advice.height):
        start, end = requested[rows], received[rows]
        cell = grid.cell(np.take(first_cells, index[rows]), end) * np.int32(kinds) + kind[rows]
        in_6 = _in_time(start, end, clock.ADVICE_WEEKS, boundary)
        timed, gap = start.has(), end.day - start.day
        found.add(cell, timed, in_6, value=gap if timed is True else gap * timed)
    shape = (grid.size, kinds, 2, 2)
    table = grid.dated(found.table().reshape(shape))[:, :-1].reshape(-1, 2, 2)
    totals = grid.dated(found.totals().reshape(shape))[:, :-1].reshape(-1, 2, 2)
    returned_n, timed_n, within_n = table.sum(axis=(1, 2)), table[:, 1].sum(axis=1), table[:, 1, 1]
    at = np.flatnonzero(returned_n)
    frame = grid.keys(at // len(names)).with_columns(
        pl.Series("advice_type", names, dtype=pl.String).gather(at % len(names)),
        pl.Series("advice_returned", returned_n[at], dtype=pl.UInt32),
        pl.Series("advice_within_6_weeks", within_n[at], dtype=pl.UInt32),
        pl.Series("mean_days_to_advice", _ratio(totals[at, 1].sum(axis=1), timed_n[at]),
                  nan_to_null=True),
    )  # fmt: skip
    rate = pct("advice_within_6_weeks", "advice_returned").alias("advice_within_6_weeks_pct")
    return frame.with_columns(rate)


def _ratio(total: npt.NDArray[Any], n: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
    """``total ÷ n``, NaN where ``n`` is 0."""
    found: npt.NDArray[np.float64] = np.divide(total, n, out=np.full(len(n), np.nan), where=n > 0)
    return found


def metrics_for(facts: EhcFacts, la_code: str, year: int) -> dict[str, Any]:
    """The headline metrics of one LA and calendar year, shaped as ``sendsight ehc metrics``.

    Keys: ``la_code, year``, the counts and percentages of :data:`PERCENTAGES`,
    ``median_weeks_to_final_plan`` and ``advice_within_6_weeks_pct`` (an object keyed by advice
    type; a type with no advice returned in the year is omitted). Missing years give zeros.
    """
    row = facts.timeliness.filter((pl.col("la_code") == la_code) & (pl.col("year") == year))
    found = row.to_dicts()[0] if row.height else {}
    advice = facts.advice.filter((pl.col("la_code") == la_code) & (pl.col("year") == year))
    result: dict[str, Any] = {"la_code": la_code, "year": year}
    for name in _OUTPUT_ORDER:
        result[name] = found.get(name, 0 if name in COUNT_COLUMNS else None)
    by_type = advice.select("advice_type", "advice_within_6_weeks_pct").sort("advice_type")
    result["advice_within_6_weeks_pct"] = dict(by_type.iter_rows())
    return result


_OUTPUT_ORDER: Final = (
    "requests_received", "decisions_made", "decisions_within_6_weeks_pct", "plans_issued",
    "plans_within_20_weeks_pct_incl_exceptions", "plans_within_20_weeks_pct_excl_exceptions",
    "not_to_issue_decisions", "not_to_issue_within_16_weeks_pct", "review_decisions",
    "review_decisions_within_4_weeks_pct", "median_weeks_to_final_plan",
)  # fmt: skip


# --- Last advice per request ----------------------------------------------------------------


def _latest_advice(frames: fr.EhcFrames) -> cells.Ints:
    """For each request of (linked) ``frames``: the day number its last advice came back, or
    :data:`_MISSING`. Advice finds its request by ``request_index``; the latest day per request
    is one ``np.maximum.at`` over the advice rows, in any order."""
    n = frames.requests.height
    index = frames.advice.get_column(fr.REQUEST_INDEX).fill_null(n).to_numpy()
    returned = frames.advice.get_column("received_on").cast(pl.Int32).fill_null(_MISSING)
    latest = np.full(n + 1, _MISSING, dtype=np.int32)
    np.maximum.at(latest, index, returned.to_numpy())
    return latest[:n]


def last_advice_on(frames: fr.EhcFrames) -> pl.Series:
    """For each request of (linked) ``frames``: the date its last advice came back, or null."""
    days = pl.Series("last_advice_on", _latest_advice(frames))
    return days.set(days == _MISSING, None).cast(pl.Date)


def issued_with_last_advice(frames: fr.EhcFrames) -> pl.DataFrame:
    """Requests with a final plan issued, with ``last_advice_on``: the date the request's last
    advice came back (null when none has)."""
    frames = fr.linked(frames)
    requests = frames.requests.with_columns(last_advice_on(frames))
    return requests.filter(pl.col("final_issued_on").is_not_null()).drop(fr.REQUEST_INDEX)
