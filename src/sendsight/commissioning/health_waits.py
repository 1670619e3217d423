"""Children's community health waits: the supply side of needs against provision for
community paediatrics, speech and language therapy, occupational therapy and audiology.

Source: NHS England, *Community Health Services Waiting Lists* (children and young people's
services), January to October 2023, shipped in ``commissioning/data`` (built by
``scripts/build_health_waits.py``; Open Government Licence v3.0). NHS England publishes them by
integrated care board (ICB), not by LA, so the partnership names its ICB
(``queries.set_health_area``) and its ICB is compared with England and the other 41 ICBs. The
18-week mark is the band NHS England reports these lists by; it mirrors the 18-week
referral-to-treatment standard of the NHS Constitution for England, which applies to
consultant-led care rather than to these services.
"""

from __future__ import annotations

import functools
import gzip
import io
import re
from dataclasses import dataclass
from importlib import resources

import polars as pl

from sendsight.core.errors import NotFound

SOURCE = (
    "NHS England, Community Health Services Waiting Lists (children and young people's "
    "services), January to October 2023. Contains public sector information licensed under "
    "the Open Government Licence v3.0."
)
FILE = "cyp_health_waits_2023.csv.gz"
SERVICE_LABELS = {
    "community_paediatrics": "Community paediatrics",
    "speech_and_language": "Speech and language therapy",
    "occupational_therapy": "Occupational therapy",
    "audiology": "Audiology",
}
#: The columns that count children (the rest are names, months, shares and ranks).
COUNT_COLUMNS = ("waiting", "waiting_18_to_52_weeks", "waiting_over_52_weeks")
#: The primary needs (matrix rows) each service's waits are evidence for.
SERVICE_NEEDS = {
    "community_paediatrics": ("asd",),
    "speech_and_language": ("slcn",),
    "occupational_therapy": ("pd",),
    "audiology": ("hi",),
}


@functools.cache
def all_waits() -> pl.DataFrame:
    """Every shipped row: England and each ICB, by month and service (read once)."""
    packed = resources.files("sendsight.commissioning").joinpath("data", FILE).read_bytes()
    return pl.read_csv(io.BytesIO(gzip.decompress(packed)), infer_schema_length=None)


def _key(name: str) -> str:
    """An ICB name compared loosely: case, "NHS" and "Integrated Care Board"/"ICB" ignored."""
    text = re.sub(r"\b(nhs|integrated care board|icb)\b", " ", name.lower().replace("&", "and"))
    return " ".join(text.split())


def icb_names() -> list[str]:
    """The ICBs in the published file, by name."""
    frame = all_waits().filter(pl.col("level") == "ICB")
    return sorted(frame.get_column("area").unique().to_list())


def find_icb(name: str) -> str:
    """The published name of the ICB ``name`` means ("NHS Greater Manchester ICB" is
    "Greater Manchester"); NotFound when no ICB matches."""
    wanted = _key(name)
    for icb in icb_names():
        if _key(icb) == wanted:
            return icb
    raise NotFound(f"No integrated care board called {name!r} in the NHS waiting lists")


@dataclass(frozen=True, slots=True)
class ServiceWait:
    """One service's waits in the ICB's latest month with a return, against England and the
    other ICBs. ``rank`` is 1 for the smallest share waiting over 18 weeks (lower is better)."""

    service: str
    month: str
    waiting: int
    over_18_weeks: int
    over_18_weeks_pct: float | None
    over_52_weeks: int
    england_pct: float | None
    icb_median_pct: float | None
    rank: int | None
    ranked: int

    @property
    def label(self) -> str:
        """The service's name."""
        return SERVICE_LABELS[self.service]


def latest_month(frame: pl.DataFrame, icb: str, service: str) -> str | None:
    """The ICB's latest month with a return for the service."""
    found = frame.filter(
        (pl.col("area") == icb) & (pl.col("service") == service) & pl.col("waiting").is_not_null()
    )
    return None if found.is_empty() else str(found.get_column("month").max())


def _one(frame: pl.DataFrame, icb: str, service: str) -> ServiceWait | None:
    month = latest_month(frame, icb, service)
    if month is None:
        return None
    rows = frame.filter((pl.col("month") == month) & (pl.col("service") == service))
    icbs = rows.filter((pl.col("level") == "ICB") & pl.col("pct_over_18_weeks").is_not_null())
    icbs = icbs.with_columns(rank=pl.col("pct_over_18_weeks").rank("min").cast(pl.Int64))
    mine = rows.filter(pl.col("area") == icb).row(0, named=True)
    england = rows.filter(pl.col("level") == "England").get_column("pct_over_18_weeks")
    ranks = icbs.filter(pl.col("area") == icb).get_column("rank")
    median = icbs.get_column("pct_over_18_weeks").median()
    return ServiceWait(
        service=service,
        month=month,
        waiting=int(mine["waiting"]),
        over_18_weeks=int(mine["waiting_18_to_52_weeks"] or 0)
        + int(mine["waiting_over_52_weeks"] or 0),
        over_18_weeks_pct=mine["pct_over_18_weeks"],
        over_52_weeks=int(mine["waiting_over_52_weeks"] or 0),
        england_pct=england.item() if england.len() == 1 else None,
        icb_median_pct=float(median) if isinstance(median, int | float) else None,
        rank=int(ranks.item()) if ranks.len() == 1 else None,
        ranked=icbs.height,
    )


def compare(frame: pl.DataFrame, icb: str) -> list[ServiceWait]:
    """Each service's latest waits for the ICB against England and the other ICBs (services
    the ICB never reported are left out)."""
    found = (_one(frame, icb, service) for service in SERVICE_LABELS)
    return [wait for wait in found if wait is not None]


@functools.cache
def for_icb(icb: str) -> tuple[ServiceWait, ...]:
    """``compare`` on the shipped file, worked out once per ICB (the file never changes)."""
    return tuple(compare(all_waits(), icb))


def month_label(month: str) -> str:
    """``2023-10`` as ``October 2023``."""
    year, number = month.split("-")
    names = (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )
    return f"{names[int(number) - 1]} {year}"


def evidence(wait: ServiceWait, icb: str) -> str:
    """The line of evidence a service's waits add to the needs matrix."""
    share = "no" if wait.over_18_weeks_pct is None else f"{wait.over_18_weeks_pct:.1f}%"
    england = "" if wait.england_pct is None else f" (England {wait.england_pct:.1f}%)"
    return (
        f"NHS {icb} ICB, {wait.label.lower()}: {wait.waiting:,} children waiting in "
        f"{month_label(wait.month)}, {share} of them over 18 weeks{england} (NHS England)"
    )


def benchmark_frame(frame: pl.DataFrame, month: str) -> pl.DataFrame:
    """Every ICB and England in one month, service by service, ranked by the share waiting over
    18 weeks (for the CSV download)."""
    rows = frame.filter(pl.col("month") == month)
    return rows.with_columns(
        rank_among_icbs=pl.when(pl.col("level") == "ICB").then(
            pl.col("pct_over_18_weeks").rank("min").over("service", "level").cast(pl.Int64)
        )
    ).sort("service", pl.col("level") != "England", "pct_over_18_weeks", "area", nulls_last=True)


def latest_benchmark() -> pl.DataFrame:
    """``benchmark_frame`` for the latest month in the shipped file."""
    frame = all_waits()
    return benchmark_frame(frame, str(frame.get_column("month").max()))
