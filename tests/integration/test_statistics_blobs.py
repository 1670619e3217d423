"""Each release's cells are stored as one blob and served from a per-process frame: what is
read back from the database, and when the frame is rebuilt."""

from __future__ import annotations

import polars as pl
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from sendsight.core.errors import InputRejected
from sendsight.statistics import blobs, queries
from sendsight.statistics.dfe_files import long_frame, parse_dfe_csv
from sendsight.statistics.loader import ReleaseFile, import_release, import_releases
from sendsight.statistics.models import StatRelease

HEADER = "time_period,time_identifier,geographic_level,country_code,region_code,old_la_code,plans"
ROWS = [
    "2023,Calendar year,National,E92000001,,,101.5",
    "2023,Calendar year,Local authority,E92000001,E12000007,202,c",
    "2024,Calendar year,National,E92000001,,,0.30000000000000004",
    "2024,Calendar year,Local authority,E92000001,E12000007,202,12",
]
KEY = ["indicator", "breakdown", "period", "geographic_level", "area_code"]


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def test_cells_read_back_from_the_stored_blob_exactly_as_parsed(db_session: Session) -> None:
    import_release(db_session, _csv(*ROWS), "tiny", "2024", filename="a.csv")
    blobs.forget()  # as a new process would: nothing cached, so the blob itself is read
    release = queries.get_release("tiny", "2024", session=db_session)
    stored = queries.release_values(release, session=db_session)
    parsed = long_frame(parse_dfe_csv(_csv(*ROWS), "a.csv"))
    assert stored.equals(parsed.sort(KEY))


def test_the_blob_is_not_loaded_when_releases_are_listed(db_session: Session) -> None:
    import_release(db_session, _csv(*ROWS), "tiny", "2024", filename="a.csv")
    db_session.expire_all()
    (release,) = queries.list_releases(session=db_session)
    assert "values_blob" not in release.__dict__
    blob = db_session.scalar(select(StatRelease.values_blob))
    assert blob is not None and blobs.decode(blob).height == len(ROWS)


def test_a_deleted_release_no_longer_answers_queries_in_the_same_process(
    db_session: Session,
) -> None:
    import_release(db_session, _csv(*ROWS), "tiny", "2024", filename="a.csv")
    before = queries.statistics_version(session=db_session)
    release = queries.get_release("tiny", "2024", session=db_session)
    assert blobs.loaded(db_session).cells.height == len(ROWS)
    queries.delete_release(release, session=db_session)
    assert queries.statistics_version(session=db_session) != before
    assert blobs.loaded(db_session).cells.height == 0
    assert queries.count_values(session=db_session) == 0


def test_a_bad_file_among_several_stores_none_of_them(db_session: Session) -> None:
    good = ReleaseFile(_csv(*ROWS), "tiny", "2024", filename="good.csv")
    bad = ReleaseFile(_csv(*ROWS[:2], ROWS[2].replace("0.3", "0.3x")), "tiny", "2025")
    with pytest.raises(InputRejected) as caught:
        import_releases(db_session, [good, bad])
    assert [(p.line, p.column) for p in caught.value.problems] == [(4, "plans")]
    assert queries.list_releases(session=db_session) == []


def test_releases_imported_together_are_numbered_in_order_and_each_keeps_its_cells(
    db_session: Session,
) -> None:
    files = [
        ReleaseFile(_csv(*ROWS[:2]), "tiny", "2023", filename="a.csv"),
        ReleaseFile(_csv(*ROWS), "tiny", "2024", filename="b.csv"),
    ]
    reports = import_releases(db_session, files)
    assert [r.values_written for r in reports] == [2, 4]
    releases = queries.list_releases(session=db_session)
    assert [r.release_label for r in sorted(releases, key=lambda r: r.number)] == ["2023", "2024"]
    counts = [queries.count_values(session=db_session, release_id=r.id) for r in releases]
    assert counts == [2, 4]
    cells = blobs.loaded(db_session).cells
    assert cells.group_by("release_label").len().sort("release_label").rows() == [
        ("2023", 2),
        ("2024", 4),
    ]
    assert cells.filter(pl.col("symbol") == "c").height == 2


def test_the_version_is_read_once_per_transaction_and_not_kept_past_a_savepoint(
    db_session: Session,
) -> None:
    import_release(db_session, _csv(*ROWS), "tiny", "2024", filename="a.csv")
    first = queries.statistics_version(session=db_session)
    assert queries.statistics_version(session=db_session) is first  # the same read, reused
    savepoint = db_session.begin_nested()
    import_release(db_session, _csv(*ROWS[:2]), "tiny", "2025", filename="b.csv")
    inside = queries.statistics_version(session=db_session)
    assert len(inside) == len(first) + 1
    savepoint.rollback()
    assert queries.statistics_version(session=db_session) == first
    assert blobs.loaded(db_session).cells.height == len(ROWS)
