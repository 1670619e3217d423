"""Build the EHC fact tables from case frames (pure), and rebuild them in the store.

Besides :func:`sendsight.ehc.metrics.build_facts` (per LA × year, and per advice type) two more
facts feed the pages:

* **monthly timeliness** — final plans issued per LA and calendar month of issue, and how many
  were within 20 weeks of the request, including and excluding reg 10(4) exceptions;
* **stage distribution** — for plans issued in a year, how many took each band of weeks at each
  stage (request → decision → last advice → draft → final, and request → final overall). A stage
  with a missing date is left out of that stage, as in the medians.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import polars as pl
from sqlalchemy.orm import Session

from sendsight.core.events import Change, ChangeKind, publish
from sendsight.ehc import clock, metrics, queries
from sendsight.ehc.frames import EhcFrames

# Upper bounds in weeks (exclusive); the last band is open-ended. 6, 16 and 20 weeks are the
# statutory limits of SI 2014/1530 regs 5(1), 10(1) and 13(2), so each falls on a band edge.
WEEK_BANDS: Final = (2, 4, 6, 8, 12, 16, 20, 26)
STAGES: Final = (*metrics.STAGES, ("request_to_final", "received_on", "final_issued_on"))
STAGE_LABELS: Final = {
    "request_to_decision": "Request to decision to assess",
    "decision_to_last_advice": "Decision to last advice received",
    "last_advice_to_draft": "Last advice to draft plan",
    "draft_to_final": "Draft plan to final plan",
    "request_to_final": "Request to final plan (whole process)",
}


@dataclass(frozen=True)
class AllFacts:
    """Every EHC fact table, as frames with the columns of the ``ft_ehc_*`` tables."""

    timeliness: pl.DataFrame
    advice: pl.DataFrame
    monthly: pl.DataFrame
    stages: pl.DataFrame


def band_labels() -> list[str]:
    """The week bands in order: ``under 2 weeks``, ``2 to 4 weeks`` … ``26 weeks or more``."""
    edges = [0, *WEEK_BANDS]
    labels = [f"{lo} to {hi} weeks" for lo, hi in zip(edges[:-1], edges[1:], strict=True)]
    labels[0] = f"under {WEEK_BANDS[0]} weeks"
    return [*labels, f"{WEEK_BANDS[-1]} weeks or more"]


def monthly_timeliness(
    frames: EhcFrames, boundary: clock.Boundary = clock.DEFAULT_BOUNDARY
) -> pl.DataFrame:
    """Final plans issued per LA and month (``YYYY-MM``), and how many within 20 weeks."""
    within = clock.within_expr("received_on", "final_issued_on", clock.FINAL_PLAN_WEEKS, boundary)
    excl = ~pl.col("exceptions_apply").fill_null(False)
    issued = frames.requests.filter(pl.col("final_issued_on").is_not_null())
    month = pl.col("final_issued_on").dt.strftime("%Y-%m").alias("month")
    table = issued.group_by("la_code", month).agg(
        pl.len().cast(pl.Int64).alias("plans_issued"),
        within.fill_null(False).sum().cast(pl.Int64).alias("plans_within_20_weeks"),
        excl.sum().cast(pl.Int64).alias("plans_issued_excl_exceptions"),
        (within.fill_null(False) & excl).sum().cast(pl.Int64)
        .alias("plans_within_20_weeks_excl_exceptions"),
    )  # fmt: skip
    pct = metrics.pct("plans_within_20_weeks_excl_exceptions", "plans_issued_excl_exceptions")
    return table.with_columns(pct.alias("plans_within_20_weeks_pct_excl_exceptions")).sort(
        "la_code", "month"
    )


def stage_distribution(frames: EhcFrames) -> pl.DataFrame:
    """Plans issued per LA, year of issue, stage and band of weeks the stage took."""
    plans = metrics.issued_with_last_advice(frames)
    labels = band_labels()
    parts = [_stage_counts(plans, name, start, end, labels) for name, start, end in STAGES]
    return pl.concat(parts).sort("la_code", "year", "stage", "band_order")


def _stage_counts(
    plans: pl.DataFrame, name: str, start: str, end: str, labels: Sequence[str]
) -> pl.DataFrame:
    days = pl.col(end).cast(pl.Int32) - pl.col(start).cast(pl.Int32)  # a Date is a day number
    band = pl.lit(len(WEEK_BANDS), pl.Int64)
    for order, weeks in reversed(list(enumerate(WEEK_BANDS))):
        band = pl.when(days < 7 * weeks).then(pl.lit(order, pl.Int64)).otherwise(band)
    timed = plans.filter(days.is_not_null()).select(
        "la_code", pl.col("final_issued_on").dt.year().cast(pl.Int64).alias("year"),
        band.alias("band_order"),
    )  # fmt: skip
    counts = timed.group_by("la_code", "year", "band_order").agg(
        pl.len().cast(pl.Int64).alias("plans")
    )
    return counts.select(
        "la_code", "year", pl.lit(name).alias("stage"),
        pl.col("band_order").replace_strict(dict(enumerate(labels)), return_dtype=pl.String)
        .alias("weeks_band"),
        "band_order", "plans",
    )  # fmt: skip


def build_all_facts(
    frames: EhcFrames, boundary: clock.Boundary = clock.DEFAULT_BOUNDARY
) -> AllFacts:
    """Every EHC fact table for every LA in ``frames``."""
    core = metrics.build_facts(frames, boundary)
    timeliness = core.timeliness.with_columns(pl.col("year").cast(pl.Int64))
    advice = core.advice.with_columns(pl.col("year").cast(pl.Int64))
    return AllFacts(
        timeliness=timeliness,
        advice=advice,
        monthly=monthly_timeliness(frames, boundary),
        stages=stage_distribution(frames),
    )


def rebuild_facts(
    session: Session, *, la_codes: Sequence[str] | None = None, boundary: clock.Boundary
) -> dict[str, queries.SyncCount]:
    """Rebuild the fact tables of ``la_codes`` (default: every LA with cases) from the store.

    Facts of an LA that no longer has cases are removed. Returns what changed per fact table.
    Then announces the change, in the same transaction, so that everything derived from the
    facts (the scorecard measures they feed) follows at once (see ``sendsight.wiring``).
    """
    codes = queries.list_case_la_codes(session=session) if la_codes is None else sorted(la_codes)
    written: dict[str, queries.SyncCount] = {}
    for la_code in codes:
        facts = build_all_facts(queries.load_frames(session=session, la_code=la_code), boundary)
        changes = queries.replace_facts(session=session, la_code=la_code, facts=facts)
        for table, n in changes.items():
            old = written.get(table, queries.SyncCount())
            written[table] = queries.SyncCount(
                *(a + b for a, b in zip(old.as_dict().values(), n.as_dict().values(), strict=True))
            )
    if codes:
        publish(session, Change(ChangeKind.EHC_FACTS, tuple(codes)))
    return written
