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
control (:mod:`sendsight.disclosure`): :func:`protect_settings` is the only way out of here.

Anyone who sees the LA's aggregates may open every setting's page, and sees the LA's requests
received and plans issued per year on the EHC overview. Across settings a year's figures add up
to those totals (at most: a request need not name a setting), so the settings of the reader's
local authorities are protected together, per year, with the LA totals as known margins: a
hidden figure on one setting's page is never the only unknown in a sum over every setting's
page. The same protected figures are shown whoever looks, a school included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import polars as pl
from sqlalchemy.orm import Session

from sendsight.disclosure import SYMBOLS, explain_symbols, protect_rate
from sendsight.disclosure import protect_table as _protect_table
from sendsight.ehc import clock, queries

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
    return _figures(requests, [], boundary)


def all_setting_figures(
    requests: pl.DataFrame, boundary: clock.Boundary = clock.DEFAULT_BOUNDARY
) -> pl.DataFrame:
    """:func:`setting_figures` for every setting named in ``requests`` at once, with its URN
    (``setting_urn``) first; requests naming no setting are left out. Sorted by URN and year."""
    named = requests.filter(pl.col("setting_urn").is_not_null())
    return _figures(named, ["setting_urn"], boundary)


def _figures(requests: pl.DataFrame, keys: list[str], boundary: clock.Boundary) -> pl.DataFrame:
    decision = pl.col("decision")
    received = requests.group_by(*keys, pl.col("received_on").dt.year().alias("year")).agg(
        pl.len().alias("requests_received"),
        decision.eq_missing("assess").sum().alias("assessed"),
        decision.eq_missing("not_assess").sum().alias("not_assessed"),
    )
    counted = ~pl.col("exceptions_apply").fill_null(False)
    within = clock.within_expr("received_on", "final_issued_on", clock.FINAL_PLAN_WEEKS, boundary)
    issued = (
        requests.filter(pl.col("final_issued_on").is_not_null())
        .group_by(*keys, pl.col("final_issued_on").dt.year().alias("year"))
        .agg(
            pl.len().alias("plans_issued"),
            counted.sum().alias("plans_issued_excl_exceptions"),
            (counted & within.fill_null(False))
            .sum()
            .alias("plans_within_20_weeks_excl_exceptions"),
        )
    )
    both = received.join(issued, on=[*keys, "year"], how="full", coalesce=True)
    other = pl.col("requests_received") - pl.col("assessed") - pl.col("not_assessed")
    return (
        both.with_columns(pl.col(*COUNT_COLUMNS[:3], *COUNT_COLUMNS[4:]).fill_null(0)
                          .cast(pl.Int64))
        .with_columns(other.alias("other_outcome"))
        .select(*keys, pl.col("year").cast(pl.Int32), *COUNT_COLUMNS)
        .sort(*keys, "year")
    )  # fmt: skip


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


@dataclass(frozen=True)
class LaTotals:
    """Per calendar year, the LA-wide totals the readers of settings' pages see elsewhere (the
    EHC overview, its CSV, the scorecard): requests received and plans issued, summed over the
    reader's local authorities. A year is left out when any of them is hidden there."""

    requests: Mapping[int, int]
    plans: Mapping[int, int]


NO_TOTALS: Final = LaTotals({}, {})


def protect_setting(
    figures: pl.DataFrame, *, threshold: int = 5, round_to: int | None = None
) -> SettingTables:
    """The figures of :func:`setting_figures` (one setting, no LA totals known) after
    disclosure control: :func:`protect_settings` for that setting alone."""
    named = figures.with_columns(pl.lit("setting").alias("setting_urn"))
    found = protect_settings(named, NO_TOTALS, threshold=threshold, round_to=round_to)
    return found.get("setting", SettingTables([], [], []))


def protect_settings(
    figures: pl.DataFrame, totals: LaTotals, *, threshold: int = 5, round_to: int | None = None
) -> dict[str, SettingTables]:
    """The figures of :func:`all_setting_figures` after disclosure control, by URN.

    Requests received is the total of its three parts, so in each year the settings' parts
    are protected as one table (a row per setting) with that total, and with the LA's requests
    received as the known margin of the column of totals: small counts become ``c`` and further
    cells are hidden until none can be worked out by subtraction, within a setting or across
    settings. Plans issued are protected the same way, a column per year with the LA's plans
    issued as its known margin. The percentage is hidden when the plans issued are, or when its
    numerator, its denominator or the plans *not* on time are from 1 to ``threshold - 1`` (else
    the late plans could be worked out).
    """
    requests: dict[tuple[str, int], list[str]] = {}
    plans: dict[tuple[str, int], str] = {}
    names = [name for name, _ in REQUEST_TABLE]
    for year in figures.get_column("year").unique().sort().to_list():
        chosen = figures.filter(pl.col("year") == year).sort("setting_urn")
        labels = chosen.get_column("setting_urn").to_list()
        table = _protect(chosen, names, totals.requests.get(year), threshold, round_to)
        requests |= {(u, year): r[1:] for u, r in zip(labels, table, strict=True)}
        table = _protect(chosen, ["plans_issued"], totals.plans.get(year), threshold, round_to)
        plans |= {(u, year): r[1] for u, r in zip(labels, table, strict=True)}
    return {
        str(urn): _setting_tables(rows, requests, plans, threshold, round_to)
        for (urn,), rows in figures.sort("setting_urn", "year").group_by("setting_urn",
                                                                         maintain_order=True)
    }  # fmt: skip


def _protect(
    chosen: pl.DataFrame,
    names: list[str],
    margin: int | None,
    threshold: int,
    round_to: int | None,
) -> list[list[str]]:
    """One year's ``names`` columns, a row per setting, protected as a table whose first
    column is the total of the others (when there are others) and has the LA's ``margin``."""
    table = _protect_table(
        chosen.select("setting_urn", *names), label_column="setting_urn",
        col_total_name=names[0] if len(names) > 1 else "Total", threshold=threshold,
        round_to=round_to, column_margins=None if margin is None else {names[0]: margin},
    )  # fmt: skip
    return table.to_rows()[1:]


def _setting_tables(
    rows: pl.DataFrame,
    requests: dict[tuple[str, int], list[str]],
    plans: dict[tuple[str, int], str],
    threshold: int,
    round_to: int | None,
) -> SettingTables:
    shown_requests, shown_plans = [], []
    for row in rows.iter_rows(named=True):
        key = (row["setting_urn"], int(row["year"]))
        count = plans[key]
        rate = protect_rate(row["plans_within_20_weeks_excl_exceptions"],
                            row["plans_issued_excl_exceptions"], threshold=threshold,
                            protect_complement=True)  # fmt: skip
        shown_rate = "c" if count == "c" else str(rate)
        shown_requests.append([str(row["year"]), *requests[key]])
        shown_plans.append([str(row["year"]), count, shown_rate])
    cells = {cell for row in [*shown_requests, *shown_plans] for cell in row[1:]}
    notes = explain_symbols(cells & set(SYMBOLS), threshold=threshold)
    if round_to is not None:
        notes.append(f"Counts are rounded to the nearest {round_to}, so parts may not add up")
    return SettingTables(requests=shown_requests, plans=shown_plans, notes=notes)


def setting_tables(
    *,
    session: Session,
    urn: str,
    la_codes: Sequence[str],
    threshold: int = 5,
    round_to: int | None = None,
    boundary: clock.Boundary = clock.DEFAULT_BOUNDARY,
) -> SettingTables:
    """The setting ``urn``'s tables as every reader sees them: counted from the requests of
    ``la_codes`` and protected together with every other setting of those authorities, with the
    LA totals the readers see on the EHC overview as known margins."""
    frames = [queries.load_requests(session=session, la_code=code) for code in sorted(la_codes)]
    requests = pl.concat(frames) if frames else pl.DataFrame()
    if requests.height == 0:
        return SettingTables([], [], [])
    timeliness = [queries.read_facts(session=session, la_code=code, table="timeliness")
                  for code in sorted(la_codes)]  # fmt: skip
    totals = la_totals(timeliness, threshold)
    figures = all_setting_figures(requests, boundary)
    found = protect_settings(figures, totals, threshold=threshold, round_to=round_to)
    return found.get(urn, SettingTables([], [], []))


def la_totals(timeliness: Sequence[pl.DataFrame], threshold: int) -> LaTotals:
    """Requests received and plans issued per year, summed over the ``timeliness`` facts of
    each of the reader's LAs (an LA with no row for a year had none); a year is left out when
    an LA's figure is hidden there (from 1 to ``threshold - 1``), since the reader cannot then
    form the sum."""
    sums: list[dict[int, int]] = [{}, {}]
    hidden: list[set[int]] = [set(), set()]
    for table in timeliness:
        for year, *counts in table.select("year", "requests_received", "plans_issued").rows():
            for kind, n in enumerate(counts):
                sums[kind][int(year)] = sums[kind].get(int(year), 0) + int(n)
                if 0 < n < threshold:
                    hidden[kind].add(int(year))
    requests, plans = ({y: n for y, n in sums[k].items() if y not in hidden[k]} for k in (0, 1))
    return LaTotals(requests, plans)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
