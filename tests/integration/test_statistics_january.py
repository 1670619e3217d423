"""DfE labels the EHC plans caseload by academic year ("202425, Academic year" is the count in
January 2025). Imported as it comes from DfE, it joins the January series the shipped releases
and every page read; figures of other publications keep their own periods."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sendsight.statistics import queries
from sendsight.statistics.dfe_files import as_january, parse_dfe_csv
from sendsight.statistics.loader import import_release
from sendsight.statistics.registry import january_publications

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,region_code,old_la_code,"
    "new_la_code,la_name,breakdown_topic,breakdown,ehcplans"
)
ROWS = [
    "202526,Academic year,National,E92000001,,,,,All EHC plans,All EHC plans,690000",
    "202526,Academic year,Local authority,E92000001,E12000002,354,E08000005,Rochdale,"
    "All EHC plans,All EHC plans,4321",
    "202425,Academic year,Local authority,E92000001,E12000002,354,E08000005,Rochdale,"
    "All EHC plans,All EHC plans,4000",
]


def _csv() -> bytes:
    return ("\n".join([HEADER, *ROWS]) + "\n").encode("utf-8")


def test_the_caseload_is_a_january_publication_and_timeliness_is_not() -> None:
    assert "ehcp_caseload" in january_publications()
    assert "ehcp_timeliness" not in january_publications()


def test_academic_and_calendar_years_become_the_january_they_count() -> None:
    release = parse_dfe_csv(_csv(), "caseload.csv")
    assert set(release.values.get_column("period")) == {"2025/26", "2024/25"}
    relabelled = as_january(release)
    assert set(relabelled.values.get_column("period")) == {"2026-01", "2025-01"}
    assert as_january(relabelled) is relabelled  # already January: unchanged


def test_a_raw_dfe_caseload_file_joins_the_january_series(db_session: Session) -> None:
    import_release(db_session, _csv(), "ehcp_caseload", "2026 test release", filename="c.csv")
    series = queries.indicator_series(
        session=db_session, indicator_id="ehc-plans-january", area_code="354"
    )
    found = dict(zip(series.get_column("period"), series.get_column("value"), strict=True))
    assert found["2026-01"] == 4321.0 and found["2025-01"] == 4000.0
    assert not any("/" in period for period in found)
