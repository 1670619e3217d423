"""The published history the forecasts read, from the statistics store (decisions 0101, 0401).

Every series comes from ``statistics.queries`` with its vintages, and the local authorities and
their footprints from the reference tables: nothing here reads a file. A *footprint* is an area
with the same boundary in every year: an LA, or the LAs joined by a reorganisation
(``reference`` successions: Dorset + BCP, Northamptonshire, Cumbria), keyed by its current LAs'
codes (``838+839``). With ``as_published_at`` (a year) the series are those first published:
what the releases published by June of that year said, or for a figure none of them has, the
first release that has it (a back-test at origin T uses only what was known then).

Frames are built once per statistics version (``forecasting.versioned``): importing a release
changes the version, so the next forecast reads it.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from sqlalchemy.orm import Session

from sendsight.forecasting.panel import History
from sendsight.forecasting.versioned import cached
from sendsight.reference import queries as reference
from sendsight.statistics import queries as statistics
from sendsight.statistics.registry import SourceRef, get_indicator

CASELOAD = "ehc-plans-january"
NEW_PLANS = "new-ehc-plans"
REQUESTS = "ehc-requests"
PREVALENCE = "pct-pupils-ehc-plan"
# Forecast inputs that no page shows as an indicator: (publication, column) in order of preference.
REFUSED = (("ehcp_requests", "requests_decided_not_to_assess"), ("ehcp_mi", "ass_refused_ehc"),
           ("ehcp_mi", "AssRefusedEHC"))  # fmt: skip
ISSUED = (("ehcp_timeliness", "plans_issued_den"), ("ehcp_mi", "tot_inc_exc_ehc"),
          ("ehcp_mi", "TotIncExcEHC"))  # fmt: skip
ISSUED_20_WEEKS = (
    ("ehcp_timeliness", "plans_issued_within_20_weeks"),
    ("ehcp_20_week_counts", "plans_issued_within_20_weeks"),
    ("ehcp_20_week_counts", "inc_exc_20week_ehc"),
    ("ehcp_20_week_counts", "IncExc20weekEHC"),
)
PLACEMENT_PUBLICATIONS = ("ehcp_caseload", "ehcp_caseload_placement")
NEED_PUBLICATIONS = ("ehcp_primary_need", "ehcp_primary_need_placement")
#: The caseload's placement columns in each placement group (the three special types summed).
PLACEMENT_COLUMNS = {
    "mainstream": ("mainstream_total",),
    "special": ("special_la_maintained", "special_academy_free", "special_non_maintained"),
    "independent_special": ("special_independent",),
    "post16": ("fe_total",),
}
#: ``sen_needs_all_plans`` placement breakdowns in each placement group (``all``: every plan).
NEED_BREAKDOWNS = {
    "all": ("total",),
    "mainstream": ("Mainstream - total",),
    "special": ("Special - LA maintained", "Special - Academy/free schools",
                "Special - non-maintained"),
    "independent_special": ("Special - independent",),
    "post16": ("FE - total",),
}  # fmt: skip
NEEDS = "asd hi mld msi need_unknown oth pd pmld semh slcn sld spld vi".split()


def _refs(pairs: Sequence[tuple[str, str]], breakdown: str = "total") -> tuple[SourceRef, ...]:
    return tuple(SourceRef(publication, column, breakdown) for publication, column in pairs)


def footprints(*, session: Session) -> pl.DataFrame:
    """Every LA (current or abolished): ``la_code`` and its footprint ``geo_key``."""
    return cached("footprints", session, lambda: _footprints(session))


def _footprints(session: Session) -> pl.DataFrame:
    group: dict[str, set[str]] = {}
    for link in reference.list_successions(session=session):
        joined = group.get(link.predecessor_code, {link.predecessor_code}) | group.get(
            link.successor_code, {link.successor_code}
        )
        for code in joined:
            group[code] = joined
    las = reference.list_local_authorities(session=session, current_only=False)
    current = {la.dfe_code for la in las if la.is_current}
    keys = {
        la.dfe_code: "+".join(sorted(group[la.dfe_code] & current))
        if la.dfe_code in group
        else la.dfe_code
        for la in las
    }
    return pl.DataFrame(
        {"la_code": list(keys), "geo_key": list(keys.values())},
        schema={"la_code": pl.String, "geo_key": pl.String},
    ).sort("la_code")


def current_las(*, session: Session) -> pl.DataFrame:
    """The current LAs: ``la_code`` (DfE 3-digit), ``la_name``, ``geo_key``."""
    return cached("current_las", session, lambda: _current_las(session))


def _current_las(session: Session) -> pl.DataFrame:
    las = reference.list_local_authorities(session=session)
    names = pl.DataFrame(
        {"la_code": [la.dfe_code for la in las], "la_name": [la.name for la in las]},
        schema={"la_code": pl.String, "la_name": pl.String},
    )
    return names.join(footprints(session=session), on="la_code").sort("la_code")


def _series(
    sources: str | Sequence[SourceRef], session: Session, published: int | None
) -> pl.DataFrame:
    """One series per LA: la_code, year (of the January or calendar year), value, and the
    release year each figure is from."""
    refs = get_indicator(sources) if isinstance(sources, str) else sources
    found = statistics.source_values(refs, session=session, published_by=published)
    return found.select(
        pl.col("area_code").alias("la_code"),
        pl.col("period").str.slice(0, 4).cast(pl.Int64).alias("year"),
        "value",
        statistics.release_year(pl.col("vintage_order")).alias("release_year"),
    )


def _to_footprints(series: pl.DataFrame, session: Session, columns: Sequence[str]) -> pl.DataFrame:
    """Summed per footprint and year. A footprint's figure for a year comes from one release
    year (the newest that has any of its LAs), so a boundary two releases draw differently is
    never counted twice; it is missing if any of its LAs is."""
    keyed = series.join(footprints(session=session), on="la_code", how="left").with_columns(
        pl.col("geo_key").fill_null(pl.col("la_code"))
    )
    newest = pl.col("release_year") == pl.col("release_year").max().over("geo_key", "year")
    return (
        keyed.filter(newest)
        .group_by("geo_key", "year")
        .agg(
            pl.when(pl.col(c).is_null().any()).then(None).otherwise(pl.col(c).sum()).alias(c)
            for c in columns
        )
        .sort("geo_key", "year")
    )


def caseload_panel(*, session: Session, as_published_at: int | None = None) -> pl.DataFrame:
    """EHC plans (statements before 2014–2018) in each January per footprint: geo_key, year,
    value."""
    return cached("caseload", session, lambda: _panel(CASELOAD, session, as_published_at),
                  as_published_at)  # fmt: skip


def new_plans_panel(*, session: Session, as_published_at: int | None = None) -> pl.DataFrame:
    """New EHC plans (and statements) made per footprint and calendar year: geo_key, year,
    value."""
    return cached("new_plans", session, lambda: _panel(NEW_PLANS, session, as_published_at),
                  as_published_at)  # fmt: skip


def _panel(indicator: str, session: Session, published: int | None) -> pl.DataFrame:
    return _to_footprints(_series(indicator, session, published), session, ["value"])


def pipeline_panel(*, session: Session, as_published_at: int | None = None) -> pl.DataFrame:
    """The assessment pipeline per footprint and calendar year: ``requests`` for an EHC needs
    assessment (collected from 2016), ``refused`` (decided not to assess), plans ``issued`` and
    ``issued_20_weeks`` (within 20 weeks, exception cases included)."""
    return cached("pipeline", session, lambda: _pipeline(session, as_published_at),
                  as_published_at)  # fmt: skip


def _pipeline(session: Session, published: int | None) -> pl.DataFrame:
    series: dict[str, str | tuple[SourceRef, ...]] = {
        "requests": REQUESTS,
        "refused": _refs(REFUSED),
        "issued": _refs(ISSUED),
        "issued_20_weeks": _refs(ISSUED_20_WEEKS),
    }
    joined: pl.DataFrame | None = None
    for name, sources in series.items():
        frame = _series(sources, session, published).rename(
            {"value": name, "release_year": f"release_{name}"}
        )
        on = ["la_code", "year"]
        joined = frame if joined is None else joined.join(frame, on=on, how="full", coalesce=True)
    assert joined is not None
    newest = pl.max_horizontal(f"release_{name}" for name in series).alias("release_year")
    return _to_footprints(joined.with_columns(newest), session, list(series))


def prevalence_panel(*, session: Session, as_published_at: int | None = None) -> pl.DataFrame:
    """The percentage of pupils with an EHC plan in each January per footprint that is one LA
    (``pct_pupils_ehc_plan``): published as percentages without pupil counts, so the LAs of a
    reorganised footprint cannot be combined."""
    return cached("prevalence", session, lambda: _prevalence(session, as_published_at),
                  as_published_at)  # fmt: skip


def _prevalence(session: Session, published: int | None) -> pl.DataFrame:
    single = footprints(session=session).filter(pl.col("la_code") == pl.col("geo_key"))
    return (
        _series(PREVALENCE, session, published)
        .join(single, on="la_code")
        .filter(pl.col("value").is_not_null())
        .select("geo_key", "year", pl.col("value").round(1).alias("pct_pupils_ehc_plan"))
        .sort("geo_key", "year")
    )


def history(*, session: Session, as_published_at: int | None = None) -> History:
    """Everything the forecasting methods read, as published (or as first published by June
    ``as_published_at``)."""
    at = as_published_at
    return History(
        caseload_panel(session=session, as_published_at=at),
        new_plans_panel(session=session, as_published_at=at),
        pipeline_panel(session=session, as_published_at=at),
        prevalence_panel(session=session, as_published_at=at),
    )


def latest_january(*, session: Session) -> int:
    """The latest January with published EHC plans: the forecast origin."""
    return int(caseload_panel(session=session)["year"].max())  # type: ignore[arg-type]


def current_la_caseload(*, session: Session) -> pl.DataFrame:
    """Plans per LA in each January since the first with placement figures, by placement
    group: la_code, year, geo_key, total, mainstream, special, independent_special, post16,
    other (the rest of the total). The groups are missing in a January published without them."""
    return cached("current_la_caseload", session, lambda: _current_la_caseload(session))


def _placements(session: Session) -> pl.DataFrame:
    parts = []
    for group, columns in PLACEMENT_COLUMNS.items():
        for column in columns:
            refs = _refs([(publication, column) for publication in PLACEMENT_PUBLICATIONS])
            found = _series(refs, session, None).drop("release_year")
            parts.append(found.with_columns(pl.lit(group).alias("group")))
    return (
        pl.concat(parts)
        .group_by("la_code", "year", "group")
        .agg(pl.col("value").fill_null(0.0).sum())
        .pivot(on="group", index=["la_code", "year"], values="value")
        .with_columns(pl.col(list(PLACEMENT_COLUMNS)).fill_null(0.0))
    )


def _current_la_caseload(session: Session) -> pl.DataFrame:
    placed = _placements(session)
    first = placed["year"].min()
    totals = (
        _series(CASELOAD, session, None)
        .filter(pl.col("year") >= first, pl.col("value").is_not_null())
        .select("la_code", "year", pl.col("value").alias("total"))
    )
    groups = list(PLACEMENT_COLUMNS)
    return (
        totals.join(placed, on=["la_code", "year"], how="left")
        .join(footprints(session=session), on="la_code", how="left")
        .with_columns(pl.col("geo_key").fill_null(pl.col("la_code")))
        .with_columns((pl.col("total") - pl.sum_horizontal(groups)).alias("other"))
        .select("la_code", "year", "geo_key", "total", *groups, "other")
        .sort("la_code", "year")
    )


def need_by_placement(*, session: Session) -> pl.DataFrame:
    """Plans per LA in the latest January with figures by primary need, by placement group
    (``all`` = every plan) and primary need: la_code, group, need, plans."""
    return cached("need_by_placement", session, lambda: _need_by_placement(session))


def _need_by_placement(session: Session) -> pl.DataFrame:
    parts = []
    for group, breakdowns in NEED_BREAKDOWNS.items():
        for breakdown in breakdowns:
            label = breakdown if breakdown == "total" else f"breakdown: {breakdown}"
            for need in NEEDS:
                pairs = [(publication, f"number_{need}") for publication in NEED_PUBLICATIONS]
                found = _series(_refs(pairs, label), session, None)
                parts.append(found.with_columns(group=pl.lit(group), need=pl.lit(need)))
    every = pl.concat(parts)
    latest = every.filter(pl.col("group") == "all")["year"].max()
    return (
        every.filter(pl.col("year") == latest)
        .group_by("la_code", "group", "need")
        .agg(pl.col("value").sum().alias("plans"))
        .sort("la_code", "group", "need")
    )
