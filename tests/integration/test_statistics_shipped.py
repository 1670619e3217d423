"""The statistics shipped with sendsight: they load, resolve every indicator, and carry the
Yorkshire and The Humber 2022 repair."""

from __future__ import annotations

import polars as pl
from sqlalchemy.orm import Session

from sendsight.statistics import queries
from sendsight.statistics.loader import load_shipped_statistics, shipped_files
from sendsight.statistics.registry import list_indicators

YORKSHIRE_2022_WRONG_VALUE = 6078.0  # the regional total, repeated for each LA in the 2025 file


def test_every_indicator_has_local_authority_values_and_reloading_is_a_no_op(
    db_session: Session,
) -> None:
    reports = load_shipped_statistics(db_session)
    assert len(reports) == len(shipped_files()) and not any(r.unchanged for r in reports)
    count = queries.count_values(session=db_session)
    assert all(r.unchanged for r in load_shipped_statistics(db_session))
    assert queries.count_values(session=db_session) == count
    for indicator in list_indicators():
        latest = queries.latest_period(session=db_session, indicator_id=indicator.id)
        assert latest is not None and latest.kind is indicator.period_kind, indicator.id
        values = queries.values_for_period(
            session=db_session, indicator_id=indicator.id, period=latest
        )
        la_values = values.filter(
            (pl.col("geographic_level") == "la") & pl.col("value").is_not_null()
        )
        assert la_values.height >= 100, indicator.id


def test_yorkshire_and_the_humber_2022_new_plans_show_the_corrected_values(
    db_session: Session,
) -> None:
    load_shipped_statistics(db_session)
    fixes = queries.corrections(session=db_session)
    assert fixes.height == 15
    assert set(fixes.get_column("published_value").to_list()) == {YORKSHIRE_2022_WRONG_VALUE}
    shown = queries.values_for_period(
        session=db_session, indicator_id="new-ehc-plans", period="2022"
    )
    yorkshire = shown.join(fixes.select("area_code", "corrected_value"), on="area_code")
    assert yorkshire.height == 15
    assert (yorkshire.get_column("value") == yorkshire.get_column("corrected_value")).all()
    assert yorkshire.get_column("is_correction").all()
    assert fixes.get_column("note").str.contains("Yorkshire").all()


def _national_2022(session: Session, indicator_id: str, release: str | None) -> list[float | None]:
    series = queries.indicator_series(
        session=session,
        indicator_id=indicator_id,
        area_code="E92000001",
        level="national",
        release=release,
    )
    return series.filter(pl.col("period") == "2022").get_column("value").to_list()


def test_revised_national_figure_is_newest_by_default_and_first_published_on_request(
    db_session: Session,
) -> None:
    load_shipped_statistics(db_session)
    # DfE EHC plans: 20-week rate (excluding exceptions) for 2022 was 49.166% in the 2023 MI
    # release and 49.2% in the 2025 release; new plans for 2022 (66,706) first appear in 2025.
    assert _national_2022(db_session, "pct-20-weeks-excl-exceptions", None) == [49.2]
    assert _national_2022(db_session, "pct-20-weeks-excl-exceptions", "2023") == [49.166]
    assert _national_2022(db_session, "new-ehc-plans", None) == [66706.0]
    assert _national_2022(db_session, "new-ehc-plans", "2023") == []
    statements = queries.values_for_period(
        session=db_session, indicator_id="ehc-plans-january", period="2025-01"
    )
    assert statements.filter(pl.col("symbol").is_not_null()).height < statements.height
