"""Dev-time only: count the LA–period cells where sendsight's quartile band differs from LAIT's.

LAIT's band is worked out from LAIT's own values by LAIT's rule (see ``build_extract.py``); ours
is what the all-areas table shows for the shipped statistics. Needs a database holding them
(``sendsight init``) and the raw LAIT files; the product never reads those files.

    .venv/bin/python tests/data/lait/compare_shipped.py ../shared/data/real/lait sqlite:///x.db

The figures before and after LAIT's tie rule are in ADR 0502.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from sendsight.areas import profile
from sendsight.db.session import get_engine
from sendsight.statistics import queries as statistics

#: Our banded indicators that LAIT also holds, with LAIT's measure.
PAIRS = {
    "ks2-rwm-ehc-plan": "NEW_KS2_RWM_Sen_Withsta",
    "ks2-rwm-sen-support": "NEW_KS2_RWM_Sen_W/Osta",
    "att8-ehc-plan": "SEN_Stat_AVG_Attain8_Score",
    "att8-sen-support": "SEN_WoStat_AVG_Attain8_Score",
    "ks4-destination-ehc-plan": "SusEdOverall_SEN_Stat_incSpec",
    "ks4-destination-sen-support": "SusEdOverall_SEN_NoStat_incSpec",
    "level2-em-at-19-ehc-plan": "Age19_SEN-S_L2EM",
    "pct-20-weeks-excl-exceptions": "SEN_EHC_Excpt_20wks",
    "pct-20-weeks-incl-exceptions": "SEN_EHC_All_20wks",
    "tribunal-appeal-rate": "SEN_AppealableDec",
    "pct-reviews-decided-4-weeks": "SEN_PEC_OUTCOME_COM_4WKS",
}


def lait_bands(real: Path, measure: str) -> dict[int, dict[str, str | None]]:
    """LAIT's band for each year and LA (None for every LA when LAIT gives no polarity)."""
    bds = pl.read_parquet(real / "bds_long_0.parquet")
    dictionary = pl.read_csv(real / "lait_data_dictionary.csv", infer_schema_length=0)
    polarity = dictionary.filter(pl.col("Measure_short") == measure)["Polarity"][0]
    rows = bds.filter((pl.col("Short Desc") == measure) & (pl.col("LA Number") < 970)).select(
        pl.col("Years").str.slice(0, 4).cast(pl.Int64).alias("year"),
        pl.col("LA Number").cast(pl.Int64).cast(pl.Utf8).str.zfill(3).alias("la_code"),
        pl.col("Values").cast(pl.Float64, strict=False).alias("value"),
    )
    out: dict[int, dict[str, str | None]] = {}
    for (year,), part in rows.drop_nulls("value").group_by("year"):
        cuts = np.quantile(part["value"].to_numpy(), [0.25, 0.5, 0.75])
        out[int(str(year))] = {
            code: _band(value, cuts, polarity)
            for code, value in part.select("la_code", "value").rows()
        }
    return out


def _band(value: float, cuts: np.ndarray, polarity: str) -> str | None:
    if polarity not in ("High", "Low"):
        return None
    quarter = 0 if value <= cuts[0] else 1 if value <= cuts[1] else 2 if value <= cuts[2] else 3
    return ("ABCD" if polarity == "Low" else "DCBA")[quarter]


def compare(real: Path, url: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    with Session(get_engine(url)) as session:
        for indicator_id, measure in PAIRS.items():
            theirs_by_year = lait_bands(real, measure)
            periods = statistics.periods(
                session=session, indicator_id=indicator_id, values_only=True
            )
            for period in periods:
                year = int(period.code[:4]) + (1 if "/" in period.code else 0)
                if year not in theirs_by_year:
                    continue  # LAIT has no figures for this year
                _, _, _, table = profile.all_areas(session, indicator_id, period.code)
                scope = "latest" if period == periods[-1] else "past"
                for code, ours in table.select("la_code", "quartile_band").rows():
                    theirs = theirs_by_year[year].get(code)
                    if ours is None and theirs is None:
                        continue
                    counts[f"{scope} compared"] += 1
                    if ours != theirs:
                        kind = (
                            "band vs none"
                            if not (ours and theirs)
                            else ("ours better" if ours < theirs else "ours worse")
                        )
                        counts[f"{scope} {kind}"] += 1
    return counts


if __name__ == "__main__":
    for key, count in sorted(compare(Path(sys.argv[1]), sys.argv[2]).items()):
        print(f"{key}: {count}")  # noqa: T201
