"""LA × calendar-year cells: numbering case rows so the EHC metrics are counted with numpy.

Every metric in :mod:`sendsight.ehc.metrics` counts rows per local authority and calendar year.
Grouping millions of rows by text codes and converting dates to years dominated a national build,
so here each LA gets a number (its place among the sorted codes) and each year a place among the
years found. A row's **cell** is ``la × (years + 1) + year``: each LA has one more, spare, cell
for rows whose date is null (see :class:`Grid`). Rows are sorted by LA (see
:mod:`sendsight.ehc.frames`), so an LA's number is looked up once per run of equal codes.

Counts are taken with ``np.bincount``. The flags of a row (counted or not, in time or not) are
folded into its cell number as binary digits, so one count gives every combination and no row is
filtered out beforehand (:class:`Tally`). Rows are worked through in chunks of
:data:`CHUNK`: numpy makes a new array for every step of an expression, and for whole columns of
millions of rows fresh memory for each step cost more than the arithmetic (a national build took
about twice as long).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final, cast

import numpy as np
import numpy.typing as npt
import polars as pl

Ints = npt.NDArray[np.signedinteger[Any]]
Flags = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]

CHUNK: Final = 1 << 16  # rows worked through at a time
_DAY_2001: Final = 11_323  # 2001-01-01 as a day number (days after 1970-01-01)
_ARITHMETIC_DAYS: Final = (-25_202, 47_482)  # 1901-01-01 and 2100-01-01


def chunks(n: int) -> Iterator[slice]:
    """The rows ``0 … n − 1`` in slices of at most :data:`CHUNK`."""
    return (slice(start, min(start + CHUNK, n)) for start in range(0, n, CHUNK))


@dataclass(frozen=True)
class Runs:
    """The runs of equal LA codes down one frame: each run's code and length."""

    codes: list[str | None]
    lengths: npt.NDArray[np.int64]


def runs(la_codes: pl.Series) -> Runs:
    """The runs of ``la_codes`` (one run per LA when the frame is sorted by LA)."""
    found = la_codes.rle().struct.unnest()
    return Runs(found.get_column("value").to_list(), found.get_column("len").to_numpy())


@dataclass(frozen=True)
class Days:
    """A date column as day numbers, a null date replaced by the grid's ``no_day`` (which
    places its row in a spare cell); ``no_day`` is None when the column has no nulls."""

    day: Ints
    no_day: int | None

    def __getitem__(self, rows: slice) -> Days:
        return Days(self.day[rows], self.no_day)

    def has(self) -> Flags | bool:
        """Which rows have a date: an array, or True when every row has one."""
        return True if self.no_day is None else self.day != self.no_day


@dataclass(frozen=True)
class Grid:
    """The LAs and calendar years of a build, and how to find a row's cell.

    Each LA has a cell per year and after them one spare cell, for rows whose date is null:
    such a date is read as ``no_day``, 1 January of the year after the last, so it falls in
    the spare cell by the same arithmetic as any other date, and the spare cells are dropped
    from the counts (:meth:`dated`). ``no_day`` is also later than every date of the build.
    """

    la_codes: list[str | None]
    year_list: list[int]  # the calendar years, in order
    no_day: int
    arithmetic: bool  # every date is within 1901 to 2099 (see :meth:`cell`)

    @property
    def years(self) -> int:
        """How many years there are."""
        return len(self.year_list)

    @property
    def stride(self) -> int:
        """Cells per LA: one per year and the spare cell."""
        return self.years + 1

    @property
    def size(self) -> int:
        """How many cells there are, spare cells included."""
        return len(self.la_codes) * self.stride

    def first_cells(self, found: Runs) -> Ints:
        """The first cell of each row's LA, for every row of the frame ``found`` was taken
        from."""
        place = {code: n for n, code in enumerate(self.la_codes)}
        per_run = np.array([place[code] * self.stride for code in found.codes], dtype=np.int32)
        return np.repeat(per_run, found.lengths)

    def days(self, dates: pl.Series) -> Days:
        """``dates`` as :class:`Days`."""
        numbers = dates.cast(pl.Int32)
        if not numbers.null_count():
            return Days(numbers.to_numpy(), None)
        return Days(numbers.fill_null(self.no_day).to_numpy(), self.no_day)

    def cell(self, first_cells: Ints, days: Days) -> Ints:
        """The cell of each row: its LA's first cell plus the year offset of its day.

        From 1901 to 2099 every fourth year is a leap year, so counting from 1 January 2001
        (day 11,323) a day's year is ``(4 × day + 3) // 1461``: four years have 1,461 days. It
        holds from 1 January 1901 to 28 February 2100, and there every year between the first
        and the last is in :attr:`year_list`. A build with dates outside 1901 to 2099 asks the
        calendar instead (``dt.year``), which is slower, and lists only the years found, so a
        mistyped year does not make centuries of empty cells.
        """
        if self.arithmetic:
            first = self.year_list[0] if self.year_list else 1970
            year = (4 * days.day - (4 * _DAY_2001 - 3)) // 1461 + (2001 - first)
            return first_cells + year
        found = pl.Series(days.day).cast(pl.Date).dt.year().to_numpy()
        place: Ints = np.searchsorted(self.year_list, found)
        return first_cells + place

    def dated(self, table: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """``table`` (first axis: every cell) without the spare cells: the first axis is then
        the cells with a date, numbered ``la × years + year``."""
        by_la = table.reshape(len(self.la_codes), self.stride, *table.shape[1:])
        return by_la[:, : self.years].reshape(-1, *table.shape[1:])

    def dated_cells(self, cells: Ints) -> Ints:
        """Cells with a date, renumbered from ``la × stride + year`` to ``la × years + year``."""
        la, year = np.divmod(cells, self.stride)
        return la * self.years + year

    def keys(self, cells: Ints) -> pl.DataFrame:
        """``la_code`` and ``year`` (Int32) of each of the cells with a date ``cells``
        (numbered ``la × years + year``)."""
        la, year = np.divmod(cells, self.years) if self.years else (cells, cells)
        codes = pl.Series("la_code", self.la_codes, dtype=pl.String)
        years = pl.Series("year", self.year_list, dtype=pl.Int32)
        return pl.DataFrame([codes.gather(la), years.gather(year)])


def grid(found: Sequence[Runs], dates: Sequence[pl.Series]) -> Grid:
    """The grid of every LA in ``found`` and every year from the earliest to the latest of
    ``dates`` (every date the build reads). Null LA codes sort first, as Polars sorts them."""
    codes = {code for r in found for code in r.codes}
    la_codes = sorted(codes, key=lambda code: (code is not None, code or ""))
    numbers = [d.cast(pl.Int32) for d in dates]
    present = [n for n in numbers if n.len() > n.null_count()]
    if not present:
        return Grid(la_codes, [], 0, arithmetic=True)  # day 0 is in 1970: the spare cell
    first = min(cast(int, n.min()) for n in present)
    last = max(cast(int, n.max()) for n in present)
    low, high = pl.Series([first, last], dtype=pl.Int32).cast(pl.Date).dt.year().to_list()
    no_day = pl.select(pl.date(high + 1, 1, 1).cast(pl.Int32)).item()
    if _ARITHMETIC_DAYS[0] <= first and no_day <= _ARITHMETIC_DAYS[1]:
        return Grid(la_codes, list(range(low, high + 1)), no_day, arithmetic=True)
    years = pl.concat([n.cast(pl.Date).dt.year().unique() for n in present]).drop_nulls()
    return Grid(la_codes, sorted(set(years.to_list())), no_day, arithmetic=False)


class Tally:
    """Rows counted per cell and combination of ``flags`` true/false flags, a chunk at a time.

    :meth:`add` folds each row's flags into its cell number as binary digits, so a chunk is
    one ``np.bincount``; :meth:`table` gives the counts shaped ``(cells, 2, 2 …)``, one axis of
    two per flag (index 0: false, 1: true).
    """

    def __init__(self, size: int, flags: int = 0) -> None:
        self.shape = (size, *([2] * flags))
        self.counts = np.zeros(size << flags, dtype=np.int64)
        self.sums = np.zeros(size << flags)

    def add(self, cell: Ints, *flags: Flags | bool, value: Ints | None = None) -> None:
        """Count the rows of one chunk; with ``value``, also total it per slot."""
        slot = cell
        for flag in flags:
            slot = 2 * slot + flag
        self.counts += np.bincount(slot, minlength=len(self.counts))
        if value is not None:
            self.sums += np.bincount(slot, weights=value, minlength=len(self.sums))

    def table(self) -> npt.NDArray[np.int64]:
        """The counts, shaped ``(cells, 2, 2 …)``."""
        return self.counts.reshape(self.shape)

    def totals(self) -> Floats:
        """The totals of ``value``, shaped as :meth:`table` (zeros if none was given)."""
        return self.sums.reshape(self.shape)
