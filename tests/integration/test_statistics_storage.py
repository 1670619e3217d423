"""How imported cells are stored: exactly as parsed, one release apart from another."""

from __future__ import annotations

import polars as pl
from sqlalchemy.orm import Session

from sendsight.statistics import queries
from sendsight.statistics.dfe_files import long_frame, parse_dfe_csv
from sendsight.statistics.loader import import_release

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,region_code,old_la_code,sex,rate"
)
# Numbers chosen to catch lossy storage: long fractions, tiny and huge magnitudes, negative
# zero; and every kind of cell: a value, a GSS symbol, a breakdown.
AWKWARD = [
    "2024,Calendar year,National,E92000001,,,Total,0.1",
    "2024,Calendar year,National,E92000001,,,Girls,0.3333333333333333",
    "2024,Calendar year,Regional,E92000001,E12000007,,Total,1e-7",
    "2024,Calendar year,Regional,E92000001,E12000007,,Girls,c",
    "2024,Calendar year,Local authority,E92000001,E12000007,202,Total,123456789.123",
    "2024,Calendar year,Local authority,E92000001,E12000007,202,Girls,-0.0",
    "2024,Calendar year,Local authority,E92000001,E12000007,203,Total,1E+20",
    "2024,Calendar year,Local authority,E92000001,E12000007,203,Girls,low",
]


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def _stored(session: Session, label: str) -> pl.DataFrame:
    release = queries.get_release("tiny", label, session=session)
    return queries.release_values(release, session=session)


def test_every_cell_reads_back_exactly_as_parsed(db_session: Session) -> None:
    content = _csv(*AWKWARD)
    import_release(db_session, content, "tiny", "2024", filename="awkward.csv")
    parsed = long_frame(parse_dfe_csv(content, "awkward.csv"))
    stored = _stored(db_session, "2024")
    key = list(queries.KEY_COLUMNS)
    assert stored.sort(key).equals(parsed.sort(key))
    assert stored.height == len(AWKWARD)


def test_the_same_cell_in_two_releases_is_kept_once_in_each(db_session: Session) -> None:
    import_release(db_session, _csv(*AWKWARD), "tiny", "2024", filename="a.csv")
    revised = [row.replace(",0.1", ",0.2") for row in AWKWARD]
    import_release(db_session, _csv(*revised), "tiny", "2025", filename="b.csv")
    first, second = _stored(db_session, "2024"), _stored(db_session, "2025")
    assert first.height == second.height == len(AWKWARD)
    assert 0.1 in first.get_column("value").to_list()
    assert 0.2 in second.get_column("value").to_list()
    assert queries.count_values(session=db_session) == 2 * len(AWKWARD)


def test_each_release_gets_its_own_number_in_load_order(db_session: Session) -> None:
    import_release(db_session, _csv(*AWKWARD[:2]), "tiny", "2024", filename="a.csv")
    import_release(db_session, _csv(*AWKWARD[2:]), "tiny", "2025", filename="b.csv")
    numbers = [r.number for r in queries.list_releases(session=db_session)]
    assert len(set(numbers)) == 2 and numbers == sorted(numbers)


def test_deleting_a_release_removes_only_its_values(db_session: Session) -> None:
    import_release(db_session, _csv(*AWKWARD[:3]), "tiny", "2024", filename="a.csv")
    import_release(db_session, _csv(*AWKWARD), "tiny", "2025", filename="b.csv")
    kept = queries.get_release("tiny", "2025", session=db_session)
    queries.delete_release(
        queries.get_release("tiny", "2024", session=db_session), session=db_session
    )
    assert queries.count_values(session=db_session) == len(AWKWARD)
    assert queries.count_values(session=db_session, release_id=kept.id) == len(AWKWARD)
    assert [r.release_label for r in queries.list_releases(session=db_session)] == ["2025"]
