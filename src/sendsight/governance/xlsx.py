# ruff: noqa: E501  (the fixed XML parts are kept as they are written)
"""A small, fast XLSX writer for tables of text, numbers and dates (the Annex A workbook).

openpyxl writes a cell at a time in Python; the inspection lists of a large LA (36,000 rows of
20 columns) take it well over the 5 seconds we allow. Here each column is turned into its cells'
XML by Polars expressions and each sheet is written as one string: plain SpreadsheetML (ECMA-376)
with inline strings, numbers, and dates as serial numbers in the built-in date format. Text is
written as text (an inline string is never a formula), with the characters XML cannot hold
removed.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import IO, Final

import polars as pl

EXCEL_EPOCH: Final = date(1899, 12, 30)
_CONTROL: Final = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"

CONTENT_TYPES: Final = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
{sheets}</Types>"""
SHEET_TYPE: Final = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\n'
)
ROOT_RELS: Final = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK: Final = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets>{sheets}</sheets></workbook>"""
WORKBOOK_RELS: Final = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
{sheets}<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""
STYLES: Final = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<fonts count="2"><font><sz val="11"/><name val="Arial"/></font><font><b/><sz val="11"/><name val="Arial"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
SHEET_HEAD: Final = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>"""
SHEET_TAIL: Final = "</sheetData></worksheet>"


def _escape(expr: pl.Expr) -> pl.Expr:
    return (
        expr.str.replace_all(_CONTROL, "")
        .str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
    )


def _text_cell(value: str, style: int = 0) -> str:
    safe = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    styled = f' s="{style}"' if style else ""
    return f'<c t="inlineStr"{styled}><is><t>{safe}</t></is></c>'


def _cells(name: str, dtype: pl.DataType) -> pl.Expr:
    col = pl.col(name)
    if dtype == pl.Date:
        serial = (col - pl.lit(EXCEL_EPOCH)).dt.total_days().cast(pl.String)
        cell = pl.concat_str([pl.lit('<c s="1"><v>'), serial, pl.lit("</v></c>")])
    elif dtype.is_numeric():
        cell = pl.concat_str([pl.lit("<c><v>"), col.cast(pl.String), pl.lit("</v></c>")])
    else:
        text = _escape(col.cast(pl.String))
        cell = pl.concat_str([pl.lit('<c t="inlineStr"><is><t>'), text, pl.lit("</t></is></c>")])
    return cell.fill_null("<c/>").alias(name)


def sheet_xml(headers: Sequence[str], frame: pl.DataFrame) -> str:
    """One worksheet: a bold header row, then ``frame``'s rows (columns in the headers' order)."""
    head = "<row>" + "".join(_text_cell(h, 2) for h in headers) + "</row>"
    if not frame.height:
        return SHEET_HEAD + head + SHEET_TAIL
    cells = frame.select([_cells(c, frame.schema[c]) for c in frame.columns])
    rows = cells.select(
        pl.concat_str(
            [pl.lit("<row>"), *[pl.col(c) for c in cells.columns], pl.lit("</row>")]
        ).str.join("")
    ).item()
    return SHEET_HEAD + head + str(rows) + SHEET_TAIL


def write_book(
    out: Path | IO[bytes], sheets: Sequence[tuple[str, Sequence[str], pl.DataFrame]]
) -> None:
    """Write a workbook with one sheet per (title, headers, frame), in order."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        numbers = range(1, len(sheets) + 1)
        book.writestr(
            "[Content_Types].xml",
            CONTENT_TYPES.format(sheets="".join(SHEET_TYPE.format(n=n) for n in numbers)),
        )
        book.writestr("_rels/.rels", ROOT_RELS)
        listed = "".join(
            f'<sheet name="{title}" sheetId="{n}" r:id="rId{n}"/>'
            for n, (title, _, _) in zip(numbers, sheets, strict=True)
        )
        book.writestr("xl/workbook.xml", WORKBOOK.format(sheets=listed))
        rels = "".join(
            f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>\n'
            for n in numbers
        )
        book.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.format(sheets=rels))
        book.writestr("xl/styles.xml", STYLES)
        for n, (_, headers, frame) in zip(numbers, sheets, strict=True):
            book.writestr(f"xl/worksheets/sheet{n}.xml", sheet_xml(headers, frame))
