"""Protect a labelled table of counts (with optional totals) before it is shown or exported."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from sendsight.disclosure.suppression import (
    BoolGrid,
    FloatGrid,
    primary_mask,
    round_half_up,
    secondary_suppress,
)
from sendsight.disclosure.symbols import Protected, explain_symbols

Counts = pl.DataFrame | Sequence[Sequence[int | None]]


# Symbol codes held per cell: 0 means the figure is shown.
CODE_SYMBOLS = ("", "c", "low", "x")
_SHOWN, _C, _LOW, _MISSING = range(4)


@dataclass(frozen=True)
class ProtectedTable:
    """A table of counts after disclosure control, in the same shape and order as its input.

    ``values`` holds the figure to show (rounded when asked) and NaN where a symbol is shown;
    ``codes`` indexes ``CODE_SYMBOLS`` per cell (0 = figure shown, else ``c``, ``low``, ``x``).
    """

    label_column: str
    labels: tuple[str, ...]
    columns: tuple[str, ...]
    values: FloatGrid
    codes: npt.NDArray[np.int8]
    threshold: int
    round_to: int | None

    @property
    def suppressed(self) -> BoolGrid:
        """Cells hidden for confidentiality (``c``)."""
        return np.asarray(self.codes == _C)

    @property
    def symbols(self) -> npt.NDArray[np.str_]:
        """Per cell: ``""`` where a figure is shown, otherwise its symbol."""
        return np.asarray(CODE_SYMBOLS)[self.codes]

    def cell(self, label: str, column: str) -> Protected:
        """The protected cell in the row labelled ``label`` and the column named ``column``."""
        i, j = self.labels.index(label), self.columns.index(column)
        symbol = CODE_SYMBOLS[int(self.codes[i, j])]
        return Protected(symbol=symbol) if symbol else Protected(value=float(self.values[i, j]))

    def symbols_used(self) -> list[str]:
        """The symbols that appear in the table, in the order of ``SYMBOLS``."""
        present = {CODE_SYMBOLS[int(code)] for code in np.unique(self.codes)} - {""}
        return [line.split(" ", 1)[0] for line in explain_symbols(present)]

    def explanation(self) -> list[str]:
        """The notes to print under the table: one line per symbol used, and a note on
        rounding when figures were rounded."""
        lines = explain_symbols(self.symbols_used(), threshold=self.threshold)
        if self.round_to is not None:
            lines.append(
                f"Figures are rounded to the nearest {self.round_to}, so totals may not equal "
                "the sum of their parts"
            )
        return lines

    def to_frame(self) -> pl.DataFrame:
        """The table as text, ready to render or export: figures, or symbols in their place."""
        names = list(self.columns)
        code_names = [f"{name}\x00code" for name in names]
        both = pl.concat(
            [
                pl.from_numpy(self.values, schema=names, orient="row"),
                pl.from_numpy(self.codes, schema=code_names, orient="row"),
            ],
            how="horizontal",
        )
        symbol_of = {code: CODE_SYMBOLS[code] for code in range(1, len(CODE_SYMBOLS))}
        text = both.select(
            pl.when(pl.col(code) == _SHOWN)
            .then(pl.col(name).cast(pl.Int64).cast(pl.String))
            .otherwise(pl.col(code).replace_strict(symbol_of, return_dtype=pl.String))
            .alias(name)
            for name, code in zip(names, code_names, strict=True)
        )
        return text.insert_column(0, pl.Series(self.label_column, self.labels, pl.String))

    def to_rows(self) -> list[list[str]]:
        """The header then each row as text, as written to a CSV file."""
        frame = self.to_frame()
        return [list(frame.columns), *(list(row) for row in frame.iter_rows())]


def protect_table(
    counts: Counts,
    *,
    label_column: str = "label",
    row_total_label: str = "Total",
    col_total_name: str = "Total",
    threshold: int = 5,
    round_to: int | None = None,
    add_totals: bool = False,
    row_margins: Mapping[str, int] | None = None,
    column_margins: Mapping[str, int] | None = None,
) -> ProtectedTable:
    """Apply disclosure control to a table of counts of children.

    ``counts`` is a frame with a text ``label_column`` and one integer column per category, or
    a list of rows of counts (labelled "Row 1", … with columns "Column 1", …). A row whose label
    is ``row_total_label`` and a column named ``col_total_name`` are totals; ``add_totals``
    appends both. ``None`` or null means missing and is shown as ``x``.

    Counts from 1 to ``threshold - 1`` become ``c`` (primary suppression); true zeros stay 0.
    In every row and column that has a total, further cells are hidden until no hidden cell can
    be worked out from the total (secondary suppression; see ``suppression``). With
    ``round_to`` the figures still shown are rounded to the nearest multiple, independently, so
    totals may not add up; a figure that rounds to 0 but is not 0 is shown as ``low``.

    ``row_margins`` (row label → total) and ``column_margins`` (column name → total) are
    **known margins**: totals of a row's or column's cells that the same reader sees somewhere
    else (another table, page, CSV or the API), for a table without a total column or row of
    its own. Secondary suppression treats each as that line's total, shown and never hidden, so
    no hidden cell is the only unknown in a sum the reader can form. Give only the totals the
    reader actually sees (not one they see as a symbol).
    """
    _check_settings(threshold, round_to)
    frame = _as_frame(counts, label_column)
    if add_totals:
        frame = _with_totals(frame, label_column, row_total_label, col_total_name)
    labels, columns, values = _matrix(frame, label_column)
    row_order = _total_last(labels, row_total_label)
    col_order = _total_last(columns, col_total_name)
    grid = values[np.ix_(row_order, col_order)]
    hidden = secondary_suppress(
        grid,
        primary_mask(grid, threshold),
        rows_have_totals=col_total_name in columns,
        columns_have_totals=row_total_label in labels,
        threshold=threshold,
        row_margins=_margin_line(row_margins, labels, row_order, "row"),
        column_margins=_margin_line(column_margins, columns, col_order, "column"),
    )
    suppressed = np.empty_like(hidden)
    suppressed[np.ix_(row_order, col_order)] = hidden
    shown, codes = _display(values, suppressed, round_to)
    return ProtectedTable(label_column, labels, columns, shown, codes, threshold, round_to)


def _margin_line(
    margins: Mapping[str, int] | None, names: tuple[str, ...], order: np.ndarray, kind: str
) -> FloatGrid | None:
    """Known margins in the grid's order, NaN where none is known (None when none is)."""
    if not margins:
        return None
    unknown = set(margins) - set(names)
    if unknown:
        raise ValueError(f"Known margins for no such {kind}: {', '.join(sorted(unknown))}")
    line = np.array([margins.get(names[i], np.nan) for i in order], dtype=np.float64)
    return line


def _check_settings(threshold: int, round_to: int | None) -> None:
    if threshold < 1:
        raise ValueError("The suppression threshold must be 1 or more (1 hides nothing)")
    if round_to is not None and round_to < 1:
        raise ValueError("Round to a whole number of 1 or more, or not at all")


def _as_frame(counts: Counts, label_column: str) -> pl.DataFrame:
    if isinstance(counts, pl.DataFrame):
        if label_column not in counts.columns:
            raise ValueError(f"The table has no label column {label_column!r}")
        return counts
    rows = [list(row) for row in counts]
    width = len(rows[0]) if rows else 0
    if any(len(row) != width for row in rows):
        raise ValueError("Every row of the table must have the same number of counts")
    data: dict[str, list[object]] = {label_column: [f"Row {i + 1}" for i in range(len(rows))]}
    for j in range(width):
        data[f"Column {j + 1}"] = [row[j] for row in rows]
    schema = dict.fromkeys(data, pl.Int64) | {label_column: pl.String}
    return pl.DataFrame(data, schema=schema)


def _matrix(
    frame: pl.DataFrame, label_column: str
) -> tuple[tuple[str, ...], tuple[str, ...], FloatGrid]:
    columns = tuple(c for c in frame.columns if c != label_column)
    if not columns or frame.height == 0:
        raise ValueError("The table needs at least one row and one column of counts")
    labels = tuple(str(v) for v in frame.get_column(label_column).to_list())
    if len(set(labels)) != len(labels) or len(set(columns)) != len(columns):
        raise ValueError("Row labels and column names must each be unique")
    schema = frame.schema
    not_numeric = [c for c in columns if not _is_count_type(schema[c])]
    if not_numeric:
        raise ValueError(f"Columns must hold counts; not numbers: {', '.join(not_numeric)}")
    values = frame.select(pl.col(columns).cast(pl.Float64)).to_numpy().astype(np.float64)
    known = values[~np.isnan(values)]
    if (known < 0).any() or (known != np.floor(known)).any() or np.isinf(known).any():
        raise ValueError("Counts must be whole numbers of 0 or more")
    return labels, columns, values


def _is_count_type(dtype: pl.DataType) -> bool:
    # An all-empty column arrives with the Null type; its cells are simply missing.
    return dtype.is_numeric() or dtype == pl.Null


def _with_totals(frame: pl.DataFrame, label: str, row_total: str, col_total: str) -> pl.DataFrame:
    if col_total in frame.columns or row_total in frame.get_column(label).to_list():
        raise ValueError("The table already has totals; do not ask to add them")
    counts = [c for c in frame.columns if c != label]
    with_col = frame.with_columns(pl.sum_horizontal(counts).cast(pl.Int64).alias(col_total))
    sums = with_col.select(pl.col(counts + [col_total]).sum().cast(pl.Int64))
    total_row = sums.with_columns(pl.lit(row_total).alias(label)).select(with_col.columns)
    return pl.concat([with_col, total_row.cast(with_col.schema)], how="vertical")


def _total_last(names: tuple[str, ...], total: str) -> np.ndarray:
    order = [i for i, name in enumerate(names) if name != total]
    order += [i for i, name in enumerate(names) if name == total]
    return np.asarray(order, dtype=np.intp)


def _display(
    values: FloatGrid, suppressed: BoolGrid, round_to: int | None
) -> tuple[FloatGrid, npt.NDArray[np.int8]]:
    """Figures to show (rounded if asked) and the symbol code for each hidden cell."""
    missing = np.isnan(values)
    shown = values if round_to is None else round_half_up(values, round_to)
    codes = np.zeros(values.shape, dtype=np.int8)
    if round_to is not None:
        with np.errstate(invalid="ignore"):
            codes[(values > 0) & (shown == 0)] = _LOW
    codes[missing] = _MISSING
    codes[suppressed] = _C
    return np.where(codes == _SHOWN, shown, np.nan), codes
