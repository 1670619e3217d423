"""Primary and secondary cell suppression on a grid of counts (numpy, no labels).

The grid holds body cells with any totals in the *last* row and/or column. A *line* is a row
(when the grid has a total column) or a column (when it has a total row): its cells add up to
its last cell. A line is *exposed* when a suppressed cell in it could be worked out, which we
take to mean either

* exactly one of its cells is hidden (``c``, or ``x`` for missing), so total minus the shown
  cells gives it; or
* its total is shown and the hidden cells are all ``c`` and add up to less than the threshold.
  Zeros are always shown, so a hidden cell is at least 1; two hidden cells adding to 2 must
  both be 1. Requiring the hidden sum to reach the threshold closes that gap.

A line's total may also be a **known margin** instead of a cell of the grid: a figure the same
reader sees somewhere else (another table, page, CSV or the API), such as the plans issued in a
year beside a table of those plans by month. The reader knows the line's cells add up to it, or
at most to it (a stage table leaves out plans with a date missing). A known margin is never
hidden, and a line with one is exposed when it has a ``c`` and either exactly one hidden cell, or
the margin minus its shown cells (the most the hidden cells can add up to) is less than the
threshold. Lines with a margin that does not add up are treated as if it did: the reader cannot
tell.

Secondary suppression hides more cells until no line is exposed (a fixed point).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatGrid = npt.NDArray[np.float64]
BoolGrid = npt.NDArray[np.bool_]
FloatLine = npt.NDArray[np.float64]
BoolLine = npt.NDArray[np.bool_]


def primary_mask(values: FloatGrid, threshold: int) -> BoolGrid:
    """Cells holding a count from 1 to ``threshold - 1``: the small counts that are hidden."""
    with np.errstate(invalid="ignore"):
        return (values >= 1) & (values < threshold)


def exposed_lines(
    values: FloatGrid,
    suppressed: BoolGrid,
    missing: BoolGrid,
    threshold: int,
    lines: BoolLine | None = None,
    gap: FloatLine | None = None,
) -> BoolGrid:
    """For a grid whose rows are lines (total last), which rows are exposed (see module doc).

    ``lines`` says which rows are lines (default: all); ``gap`` is, per row, how much more its
    total is than the sum of its cells (0 when they add up; only a known margin may be more).
    """
    hidden = suppressed | missing
    hidden_count = hidden.sum(axis=1)
    has_c = suppressed.any(axis=1)
    hidden_sum = np.where(suppressed[:, :-1], values[:, :-1], 0.0).sum(axis=1)
    if gap is not None:
        hidden_sum = hidden_sum + gap
    sum_rule_applies = ~hidden[:, -1] & ~missing[:, :-1].any(axis=1)
    too_small = sum_rule_applies & (hidden_sum < threshold)
    exposed: BoolGrid = has_c & ((hidden_count == 1) | too_small)
    return exposed if lines is None else exposed & lines


def secondary_suppress(
    values: FloatGrid,
    suppressed: BoolGrid,
    *,
    rows_have_totals: bool,
    columns_have_totals: bool,
    threshold: int,
    row_margins: FloatLine | None = None,
    column_margins: FloatLine | None = None,
) -> BoolGrid:
    """Return ``suppressed`` widened until no line (a row or column with a total) is exposed.

    ``row_margins`` (one per row, NaN where unknown) are known margins: totals of the rows'
    cells that the reader sees elsewhere, for a grid with no total column; ``column_margins``
    likewise for the columns of a grid with no total row. A row or column with a known margin
    is a line whose total is shown and can never be hidden.

    Each round hides one more cell in every exposed line: a non-zero shown cell, preferring
    one whose crossing line is also exposed (one cell fixes both), then one whose crossing line
    already hides something (so no new line is exposed), then the smallest value, then the
    leftmost or topmost. Rounds alternate rows and columns until nothing changes.
    """
    lines = _Lines.of(values, rows_have_totals, columns_have_totals, row_margins, column_margins)
    result = lines.widen(suppressed)
    missing = np.isnan(lines.values) & ~lines.fixed
    while True:
        added = 0
        if lines.rows.any():
            added += _fix_lines(lines.values, result, missing, lines.fixed, lines.rows,
                                lines.columns, (lines.row_gap, lines.column_gap),
                                threshold)  # fmt: skip
        if lines.columns.any():
            added += _fix_lines(lines.values.T, result.T, missing.T, lines.fixed.T, lines.columns,
                                lines.rows, (lines.column_gap, lines.row_gap),
                                threshold)  # fmt: skip
        if added == 0:
            return lines.narrow(result)


class _Lines:
    """A grid with its known margins appended as a last column and/or row (never hidden), and
    which of its rows and columns are lines."""

    def __init__(self, values: FloatGrid, rows: BoolLine, columns: BoolLine, fixed: BoolGrid,
                 shape: tuple[int, int]) -> None:  # fmt: skip
        self.values, self.rows, self.columns, self.fixed = values, rows, columns, fixed
        self.shape = shape
        self.row_gap = _gap(values, rows, fixed)
        self.column_gap = _gap(values.T, columns, fixed.T)

    @classmethod
    def of(
        cls,
        values: FloatGrid,
        rows_have_totals: bool,
        columns_have_totals: bool,
        row_margins: FloatLine | None,
        column_margins: FloatLine | None,
    ) -> _Lines:
        n_rows, n_columns = values.shape
        rows = np.full(n_rows, rows_have_totals)
        columns = np.full(n_columns, columns_have_totals)
        grid = values
        if row_margins is not None:
            margins = _margins(row_margins, n_rows, rows_have_totals, "row")
            grid = np.hstack([grid, margins[:, np.newaxis]])
            rows, columns = ~np.isnan(margins), np.append(columns, False)
        if column_margins is not None:
            margins = _margins(column_margins, n_columns, columns_have_totals, "column")
            if row_margins is not None:
                margins = np.append(margins, np.nan)
            grid = np.vstack([grid, margins[np.newaxis, :]])
            columns, rows = ~np.isnan(margins), np.append(rows, False)
        fixed = np.zeros(grid.shape, dtype=np.bool_)
        fixed[n_rows:, :] = True
        fixed[:, n_columns:] = True
        return cls(grid, rows, columns, fixed, (n_rows, n_columns))

    def widen(self, suppressed: BoolGrid) -> BoolGrid:
        """``suppressed`` in the shape of the grid with its margins (margins are not hidden)."""
        if suppressed.shape == self.values.shape:
            return suppressed.copy()
        wide = np.zeros(self.values.shape, dtype=np.bool_)
        wide[: self.shape[0], : self.shape[1]] = suppressed
        return wide

    def narrow(self, wide: BoolGrid) -> BoolGrid:
        """The cells of the grid without its margins."""
        narrow: BoolGrid = wide[: self.shape[0], : self.shape[1]].copy()
        return narrow


def _margins(margins: FloatLine, n: int, has_totals: bool, kind: str) -> FloatLine:
    found = np.asarray(margins, dtype=np.float64)
    if found.shape != (n,):
        raise ValueError(f"Give one known margin per {kind} (NaN where it is not known)")
    if has_totals:
        raise ValueError(f"A {kind} with a total of its own needs no known margin")
    known = found[~np.isnan(found)]
    if (known < 0).any() or (known != np.floor(known)).any():
        raise ValueError("Known margins must be whole numbers of 0 or more")
    return found


def _gap(values: FloatGrid, lines: BoolLine, fixed: BoolGrid) -> FloatLine:
    """Per row: how far a known margin (a fixed last cell) exceeds the sum of the row's other
    cells; 0 for rows whose total is a cell of the table, and where the margin is less."""
    margin = fixed[:, -1] & lines
    if not margin.any():
        return np.zeros(values.shape[0])
    body = np.nansum(np.where(fixed[:, :-1], np.nan, values[:, :-1]), axis=1)
    gap: FloatLine = np.where(margin, np.maximum(np.nan_to_num(values[:, -1]) - body, 0.0), 0.0)
    return gap


def _fix_lines(
    values: FloatGrid,
    suppressed: BoolGrid,
    missing: BoolGrid,
    fixed: BoolGrid,
    lines: BoolLine,
    crossing: BoolLine,
    gaps: tuple[FloatLine, FloatLine],
    threshold: int,
) -> int:
    """Hide one more cell in every exposed row (rows are lines); ``suppressed`` is updated in
    place (it may be a transposed view). ``gaps`` are the rows' and the columns' (see
    :func:`_gap`). Returns how many cells were hidden."""
    gap, cross_gap = gaps
    rows = np.flatnonzero(exposed_lines(values, suppressed, missing, threshold, lines, gap))
    if rows.size == 0:
        return 0
    hidden = suppressed | missing
    rank = _crossing_rank(values, suppressed, missing, crossing, cross_gap, threshold)
    sub_values = values[rows]
    with np.errstate(invalid="ignore"):
        candidate = ~hidden[rows] & ~fixed[rows] & (sub_values > 0)
    big = float(np.nanmax(values, initial=0.0)) + 1.0
    score = np.where(candidate, rank[np.newaxis, :] * big + np.nan_to_num(sub_values), np.inf)
    choice = np.argmin(score, axis=1)
    stuck = ~candidate[np.arange(rows.size), choice]
    if stuck.any():
        choice[stuck] = [_fallback_cell(hidden[row], fixed[row]) for row in rows[stuck]]
        rows, choice = rows[choice >= 0], choice[choice >= 0]
    suppressed[rows, choice] = True
    return int(rows.size)


def _crossing_rank(
    values: FloatGrid,
    suppressed: BoolGrid,
    missing: BoolGrid,
    crossing: BoolLine,
    cross_gap: FloatLine,
    threshold: int,
) -> npt.NDArray[np.float64]:
    """Per column: 0 if the column is an exposed line, 2 if it is a line hiding nothing (hiding
    a cell there would expose it), otherwise 1."""
    exposed = exposed_lines(values.T, suppressed.T, missing.T, threshold, crossing, cross_gap)
    hides_nothing = crossing & ~(suppressed | missing).any(axis=0)
    return np.where(exposed, 0.0, np.where(hides_nothing, 2.0, 1.0))


def _fallback_cell(hidden_row: BoolGrid, fixed_row: BoolGrid) -> int:
    """When an exposed line has no shown non-zero cell (only possible when its total does not
    equal the sum of its cells), hide its total, or failing that its first shown cell; -1 when
    nothing is left to hide (a line whose known margin alone gives the cells away, which a
    margin of 0 or of at least the threshold cannot do when the cells add up to it)."""
    if not (hidden_row[-1] or fixed_row[-1]):
        return len(hidden_row) - 1
    shown = np.flatnonzero(~hidden_row & ~fixed_row)
    if shown.size == 0:
        if fixed_row[-1]:
            return -1
        raise ValueError("A line with a total needs at least one cell besides the total")
    return int(shown[0])


def round_half_up(values: FloatGrid, base: int) -> FloatGrid:
    """Round each value to the nearest multiple of ``base``, halves upwards (12.5 → 15 for 5)."""
    return np.floor(values / base + 0.5) * base
