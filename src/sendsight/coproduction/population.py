"""Children and young people with an EHC plan by primary need, from the statistics store.

DfE, "Education, health and care plans" (the ``sen_needs_all_plans`` table, January census):
plans in place by primary type of need for every LA. Reach by need compares who took part in
co-production with this population. Read through ``sendsight.statistics`` (with its vintages)
and worked out once per statistics version.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import polars as pl
from sqlalchemy.orm import Session

from sendsight.areas.context import cached
from sendsight.coproduction import vocab
from sendsight.statistics import queries as statistics
from sendsight.statistics.registry import SourceRef

PUBLICATIONS = ("ehcp_primary_need", "ehcp_primary_need_placement")


@dataclass(frozen=True, slots=True)
class PlansByNeed:
    """EHC plans in place in one January by primary need (SEN2 code → plans), summed over the
    partnership's LAs; ``year`` None when the store holds no figures for them."""

    year: int | None
    plans: dict[str, int]


def plans_by_need(session: Session, la_codes: list[str]) -> PlansByNeed:
    """The latest January's EHC plans by primary need across ``la_codes``."""
    codes = tuple(sorted(la_codes))
    return cached(session, ("coproduction-plans-by-need", codes), lambda: _load(session, codes))


def _load(session: Session, la_codes: tuple[str, ...]) -> PlansByNeed:
    parts = []
    for need in vocab.NEEDS:
        refs = [SourceRef(p, f"number_{need.lower()}") for p in PUBLICATIONS]
        found = statistics.source_values(refs, session=session)
        parts.append(
            found.filter(pl.col("area_code").is_in(la_codes)).select(
                pl.col("period").str.slice(0, 4).cast(pl.Int64).alias("year"),
                "value",
                pl.lit(need).alias("need"),
            )
        )
    every = pl.concat(parts).drop_nulls("value")
    if every.is_empty():
        return PlansByNeed(None, {})
    year = int(every["year"].max())  # type: ignore[arg-type]
    plans: dict[str, int] = defaultdict(int)
    for row in every.filter(pl.col("year") == year).iter_rows(named=True):
        plans[row["need"]] += int(row["value"])
    return PlansByNeed(year, {need: plans.get(need, 0) for need in vocab.NEEDS})
