"""Formula neutralising on export, and upload sniffing, limits and fuzzing on import."""

from __future__ import annotations

import csv
import io
import zipfile

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from sendsight.core.errors import InputRejected
from sendsight.core.safe_io import (
    SniffedFile,
    UploadLimits,
    neutralise_formula,
    read_upload,
    write_csv,
    write_xlsx,
)


@pytest.mark.parametrize("text", ["=1+1", "+44", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_gets_a_leading_apostrophe(text: str) -> None:
    assert neutralise_formula(text) == "'" + text


def test_ordinary_text_is_unchanged() -> None:
    assert neutralise_formula("Autism (ASD)") == "Autism (ASD)"


def test_csv_export_neutralises_text_but_keeps_negative_numbers_numeric() -> None:
    text = write_csv([["=HYPERLINK(x)", -3, None]], header=["-name"])
    assert list(csv.reader(io.StringIO(text))) == [["'-name"], ["'=HYPERLINK(x)", "-3", ""]]


def test_csv_export_of_a_frame_uses_its_column_names() -> None:
    text = write_csv(pl.DataFrame({"need": ["@x"], "n": [4]}))
    assert text == "need,n\r\n'@x,4\r\n"


def test_xlsx_export_stores_formula_like_text_as_quoted_text_and_numbers_as_numbers() -> None:
    data = write_xlsx([["=cmd|' /C calc'!A0", -3]], header=["need", "n"])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    assert sheet["A2"].value == "=cmd|' /C calc'!A0"
    assert sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix
    assert sheet["B2"].value == -3


def test_utf8_csv_with_bom_is_decoded_without_the_bom() -> None:
    result = read_upload("\ufeffneed,n\nASD,4\n".encode(), "t.csv")
    assert result == SniffedFile("t.csv", "csv", text="need,n\nASD,4\n")


def test_non_utf8_csv_names_the_line_and_byte_and_says_how_to_fix_it() -> None:
    with pytest.raises(InputRejected) as caught:
        read_upload(b"need,n\nCaf\xe9,4\n", "t.csv")
    problem = caught.value.problems[0]
    assert problem.line == 2
    assert "byte 10" in problem.message and "Save the file as CSV UTF-8" in problem.message


def test_utf16_csv_is_refused_with_advice() -> None:
    with pytest.raises(InputRejected, match="UTF-16"):
        read_upload("need,n\n".encode("utf-16"), "t.csv")


def test_workbook_renamed_to_csv_is_refused() -> None:
    with pytest.raises(InputRejected, match="called x.csv but it is an Excel workbook"):
        read_upload(write_xlsx([["a"]]), "x.csv")


def test_text_renamed_to_xlsx_is_refused() -> None:
    with pytest.raises(InputRejected, match="called x.xlsx but it is a CSV file"):
        read_upload(b"a,b\n", "x.xlsx")


def test_xlsx_first_sheet_rows_are_returned() -> None:
    result = read_upload(write_xlsx([["ASD", 4]], header=["need", "n"]), "t.xlsx")
    assert result.kind == "xlsx" and result.rows == [["need", "n"], ["ASD", 4]]


def test_file_type_not_allowed_is_refused() -> None:
    with pytest.raises(InputRejected, match="must be a CSV file"):
        read_upload(write_xlsx([["a"]]), "t.xlsx", allowed=("csv",))


def test_oversized_file_is_refused_before_reading() -> None:
    with pytest.raises(InputRejected, match="smaller than"):
        read_upload(b"a" * 101, "t.csv", limits=UploadLimits(max_bytes=100))


def test_too_many_rows_are_refused() -> None:
    with pytest.raises(InputRejected, match="no more than 2 rows"):
        read_upload(b"h\n1\n2\n3\n", "t.csv", limits=UploadLimits(max_rows=2))


def test_overlong_line_is_refused_with_its_line_number() -> None:
    with pytest.raises(InputRejected) as caught:
        read_upload(b"h\n" + b"x" * 50 + b"\n", "t.csv", limits=UploadLimits(max_line_chars=40))
    assert caught.value.problems[0].line == 2


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_xlsx_zip_bomb_is_refused_by_compression_ratio() -> None:
    bomb = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b" " * 5_000_000})
    with pytest.raises(InputRejected, match="compressed suspiciously"):
        read_upload(bomb, "t.xlsx")


def test_xlsx_too_large_once_unzipped_is_refused() -> None:
    data = write_xlsx([["x" * 100] for _ in range(100)])
    with pytest.raises(InputRejected, match="too large once unzipped"):
        read_upload(data, "t.xlsx", limits=UploadLimits(max_uncompressed_bytes=1_000))


def test_xlsx_with_too_many_parts_is_refused() -> None:
    members = {"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>"}
    members |= {f"extra/{i}.xml": b"<x/>" for i in range(20)}
    with pytest.raises(InputRejected, match="more than 10 parts"):
        read_upload(_zip(members), "t.xlsx", limits=UploadLimits(max_members=10))


def test_damaged_workbook_is_refused_plainly() -> None:
    fake = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"not xml"})
    with pytest.raises(InputRejected, match="damaged or is not a valid Excel workbook"):
        read_upload(fake, "t.xlsx")


def test_other_zip_files_are_refused() -> None:
    with pytest.raises(InputRejected, match="ZIP archive but not an Excel workbook"):
        read_upload(_zip({"word/document.xml": b"<x/>"}), "t.xlsx")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2_000), st.sampled_from(["f.csv", "f.xlsx", "f.txt", "noext"]))
def test_random_bytes_give_a_result_or_a_rejection_never_a_crash(data: bytes, name: str) -> None:
    try:
        read_upload(data, name)
    except InputRejected as exc:
        assert exc.problems and exc.problems[0].file == name


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300), st.integers(0, 4_000))
def test_corrupted_workbooks_give_a_result_or_a_rejection(junk: bytes, at: int) -> None:
    good = write_xlsx([["need", "n"], ["ASD", 4]])
    at = min(at, len(good))
    try:
        read_upload(good[:at] + junk + good[at + len(junk) :], "t.xlsx")
    except InputRejected:
        pass


csv_cells = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=8)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(csv_cells, max_size=6), max_size=20))
def test_random_csv_shapes_round_trip_through_export_and_upload(rows: list[list[str]]) -> None:
    text = write_csv(rows)
    try:
        result = read_upload(text.encode("utf-8"), "t.csv")
    except InputRejected as exc:
        assert "empty" in exc.problems[0].message
        return
    assert result.text == text


def _workbook_with_sheet_xml(sheet_xml: bytes) -> bytes:
    """A real workbook whose first sheet's XML is replaced by ``sheet_xml``."""
    original = zipfile.ZipFile(io.BytesIO(write_xlsx([["a"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in original.infolist():
            data = original.read(item.filename)
            out.writestr(item, sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else data)
    return buffer.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE w [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row></sheetData></worksheet>"""


@pytest.mark.parametrize(
    "sheet",
    [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_ENTITY.decode().encode("utf-16-le")],
    ids=["billion-laughs", "external-entity", "utf-16"],
)
def test_a_workbook_with_an_xml_document_type_declaration_is_refused_before_parsing(
    sheet: bytes,
) -> None:
    with pytest.raises(InputRejected, match="document type declaration"):
        read_upload(_workbook_with_sheet_xml(sheet), "values.xlsx")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x1f\x8b\x08\x00rest", "gzip"),
        (b"BZh91AY&SY", "bzip2"),
        (b"\xfd7zXZ\x00\x00", "xz"),
        (b"\x28\xb5\x2f\xfd\x00", "Zstandard"),
    ],
)
def test_a_compressed_upload_is_refused_by_name(data: bytes, kind: str) -> None:
    with pytest.raises(InputRejected, match=f"{kind}. Extract the CSV file and upload that"):
        read_upload(data, "values.csv")


def test_an_upload_with_carriage_returns_alone_is_read_line_by_line() -> None:
    assert read_upload(b"need,n\rASD,4\r", "t.csv").text == "need,n\nASD,4\n"


def test_a_nul_byte_is_refused_with_its_line_and_column() -> None:
    with pytest.raises(InputRejected) as caught:
        read_upload(b"need,n\nASD,4\x00\n", "t.csv")
    problem = caught.value.problems[0]
    assert (problem.line, problem.column) == (2, "n") and "NUL byte" in problem.message
