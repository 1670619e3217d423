"""One school or setting's EHC figures: what its own page (and its CSV) shows.

A **setting** is the school, college or early years setting a child attends, named by its URN
(the 6-digit Unique Reference Number in DfE's Get Information about Schools). Its figures are
counted from the requests whose ``setting_urn`` is that URN, per calendar year:

* **requests received** — requests for an EHC needs assessment received in the year, and of
  those how many the LA decided **to assess**, decided **not to assess**, and the **rest**
  (withdrawn, or not decided yet). Counting by the year the request came in follows DfE's
  "Education, health and care plans" statistics (``requests_decided_not_to_assess``);
* **plans issued** — final EHC plans issued in the year (by ``final_issued_on``), and the
  percentage issued within 20 weeks of the request (SI 2014/1530 reg 13(2)), **excluding**
  plans where a reg 10(4) exception applies, as DfE's headline measure does.

The school role has no case-level access, so every figure is shown only after disclosure
control (:mod:`sendsight.disclosure`): :func:`protect_setting` is the only way out of here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import polars as pl

from sendsight.disclosure import Protected, explain_symbols, protect_count, protect_rate
from sendsight.disclosure import protect_table as _protect_table
from sendsight.ehc import clock

COUNT_COLUMNS: Final = (
    "requests_received", "assessed", "not_assessed", "other_outcome", "plans_issued",
    "plans_issued_excl_exceptions", "plans_within_20_weeks_excl_exceptions",
)  # fmt: skip
REQUEST_TABLE: Final = (
    ("requests_received", "Requests received"),
    ("assessed", "Decided to assess"),
    ("not_assessed", "Decided not to assess"),
    ("other_outcome", "Withdrawn or not yet decided"),
)
PLAN_TABLE: Final = (
    ("plans_issued", "Plans issued"),
    ("pct_within_20_weeks", "% issued within 20 weeks (excluding exceptions)"),
)


def setting_figures(
    requests: pl.DataFrame, boundary: clock.Boundary = clock.DEFAULT_BOUNDARY
) -> pl.DataFrame:
    """Per calendar year (``year``), the counts in :data:`COUNT_COLUMNS` for ``requests``
    (normalised request rows, already limited to one setting). Years with no event are left
    out; every count is 0 where nothing happened. Sorted by year."""
    decision = pl.col("decision")
    received = requests.group_by(pl.col("received_on").dt.year().alias("year")).agg(
        pl.len().alias("requests_received"),
        decision.eq_missing("assess").sum().alias("assessed"),
        decision.eq_missing("not_assess").sum().alias("not_assessed"),
    )
    counted = ~pl.col("exceptions_apply").fill_null(False)
    within = clock.within_expr("received_on", "final_issued_on", clock.FINAL_PLAN_WEEKS, boundary)
    issued = (
        requests.filter(pl.col("final_issued_on").is_not_null())
        .group_by(pl.col("final_issued_on").dt.year().alias("year"))
        .agg(
            pl.len().alias("plans_issued"),
            counted.sum().alias("plans_issued_excl_exceptions"),
            (counted & within.fill_null(False))
            .sum()
            .alias("plans_within_20_weeks_excl_exceptions"),
        )
    )
    both = received.join(issued, on="year", how="full", coalesce=True)
    other = pl.col("requests_received") - pl.col("assessed") - pl.col("not_assessed")
    return (
        both.with_columns(pl.exclude("year").fill_null(0).cast(pl.Int64))
        .with_columns(other.alias("other_outcome"))
        .select(pl.col("year").cast(pl.Int32), *COUNT_COLUMNS)
        .sort("year")
    )


@dataclass(frozen=True)
class SettingTables:
    """A setting's figures after disclosure control, as text, ready to show or export.

    ``requests`` and ``plans`` hold one row per year (the same years, in order): the year,
    then one cell per column of :data:`REQUEST_TABLE` or :data:`PLAN_TABLE`. ``notes``
    explain every symbol used.
    """

    requests: list[list[str]]
    plans: list[list[str]]
    notes: list[str]

    def chart_values(self, table: str, column: int) -> list[float | None]:
        """One column of ``requests`` or ``plans`` as numbers, None where a symbol is shown."""
        rows = self.requests if table == "requests" else self.plans
        return [_number(row[column]) for row in rows]

    def csv_rows(self) -> list[list[str]]:
        """Both tables side by side, one row per year (for the CSV download)."""
        return [[*r, *p[1:]] for r, p in zip(self.requests, self.plans, strict=True)]


def csv_header() -> list[str]:
    """The column headings of :meth:`SettingTables.csv_rows`."""
    return ["Year", *(label for _, label in REQUEST_TABLE), *(label for _, label in PLAN_TABLE)]


def protect_setting(
    figures: pl.DataFrame, *, threshold: int = 5, round_to: int | None = None
) -> SettingTables:
    """The figures of :func:`setting_figures` after disclosure control.

    Requests received is the total of its three parts, so the parts are protected as a table
    with that total: small counts become ``c`` and further cells are hidden until none can be
    worked out by subtraction. Plans issued is protected on its own; the percentage is hidden
    when its numerator, its denominator or the plans *not* on time are from 1 to
    ``threshold - 1`` (else the late plans could be worked out).
    """
    symbols: set[str] = set()
    requests = _protected_requests(figures, threshold, round_to, symbols)
    plans = []
    for row in figures.iter_rows(named=True):
        count = protect_count(row["plans_issued"], threshold=threshold, round_to=round_to)
        rate = protect_rate(row["plans_within_20_weeks_excl_exceptions"],
                            row["plans_issued_excl_exceptions"], threshold=threshold,
                            protect_complement=True)  # fmt: skip
        plans.append([str(row["year"]), _text(count, symbols), _text(rate, symbols)])
    notes = explain_symbols(symbols, threshold=threshold)
    if round_to is not None:
        notes.append(f"Counts are rounded to the nearest {round_to}, so parts may not add up")
    return SettingTables(requests=requests, plans=plans, notes=notes)


def _protected_requests(
    figures: pl.DataFrame, threshold: int, round_to: int | None, symbols: set[str]
) -> list[list[str]]:
    if figures.height == 0:
        return []
    names = [name for name, _ in REQUEST_TABLE]
    counts = figures.select(pl.col("year").cast(pl.String), *names)
    table = _protect_table(counts, label_column="year", col_total_name=names[0],
                           threshold=threshold, round_to=round_to)  # fmt: skip
    shown = table.to_frame().select("year", *names)
    for name in names:
        symbols.update(s for s in shown.get_column(name).to_list() if not s.isdigit())
    return [list(row) for row in shown.iter_rows()]


def _text(cell: Protected, symbols: set[str]) -> str:
    if cell.symbol is not None:
        symbols.add(cell.symbol)
    return str(cell)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
