"""Reading a SEN2 return as the XML file sent to DfE: the same records and checks as the COLLECT
export, problems placed at the XML line and element, and ids that are stable and never a UPN."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from sendsight.core.errors import InputRejected
from sendsight.ehc.imports import read_sen2_folder
from sendsight.ehc.sen2 import find_module_files, read_sen2
from sendsight.ehc.sen2_xml import read_sen2_xml

DATA = Path(__file__).parent.parent / "data" / "ehc" / "sen2"
# (module element, its own id column, parent id column, child modules)
NESTING = {
    "person": ("Person", "persontableid", None, ["requests"]),
    "requests": ("Requests", "requeststableid", "persontableid", ["assessment", "activeplans"]),
    "assessment": ("Assessment", "assessmenttableid", "requeststableid", ["namedplan"]),
    "namedplan": ("NamedPlan", "namedplantableid", "assessmenttableid", []),
    "activeplans": ("ActivePlans", "activeplanstableid", "requeststableid", ["senneed"]),
    "senneed": ("SENneed", "senneedtableid", "activeplanstableid", []),
}
CAMEL = {"receiveddate": "ReceivedDate", "week20": "Week20", "reviewoutcome": "ReviewOutcome"}
SKIPPED = {"nativeid", "sourceid", "sen2tableid"}


def _rows() -> dict[str, list[dict[str, str]]]:
    files = find_module_files(DATA)
    found = {}
    for module in NESTING:
        with files[module].open(encoding="utf-8", newline="") as handle:
            found[module] = list(csv.DictReader(handle))
    return found


def _element(module: str, row: dict[str, str], rows: dict[str, list[dict[str, str]]],
             with_ids: bool, edit: dict[str, str]) -> str:  # fmt: skip
    tag, own, parent, children = NESTING[module]
    fields = []
    for column, value in row.items():
        if column in SKIPPED or column.endswith("orderseqcolumn") or column == parent:
            continue
        if column == own and not with_ids:
            continue
        value = edit.get(f"{row.get(own)}.{column}", value)
        if value:
            name = CAMEL.get(column, column)
            fields.append(f"<{name}>{escape(value)}</{name}>")
    inner = [
        _element(child, r, rows, with_ids, edit)
        for child in children
        for r in rows[child]
        if r[NESTING[child][2]] == row[own]
    ]
    return f"<{tag}>\n" + "\n".join(fields + inner) + f"\n</{tag}>"


def write_return(folder: Path, *, with_ids: bool, edit: dict[str, str] | None = None) -> Path:
    """The Blade fixture as one nested XML return (``edit``: ``"<id>.<column>"`` → new value)."""
    rows = _rows()
    people = [_element("person", r, rows, with_ids, edit or {}) for r in rows["person"]]
    path = folder / "sen2_return.xml"
    header = "<Header><Collection>SEN2</Collection><Year>2025</Year></Header>"
    body = "\n".join(people)
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n{header}\n'
                    f"<Persons>\n{body}\n</Persons>\n</Message>\n", encoding="utf-8")  # fmt: skip
    return path


def test_a_return_with_table_ids_reads_exactly_as_the_collect_export(tmp_path: Path) -> None:
    from_csv = read_sen2(DATA, "999")
    from_xml = read_sen2_xml(write_return(tmp_path, with_ids=True), "999")
    for name in ("requests", "advice", "reviews"):
        expected, got = getattr(from_csv, name), getattr(from_xml, name)
        assert got.select(sorted(got.columns)).equals(expected.select(sorted(expected.columns)))


def test_a_return_without_ids_gets_the_same_records_with_stable_ids_that_hide_the_upn(
    tmp_path: Path,
) -> None:
    path = write_return(tmp_path, with_ids=False)
    first, again = read_sen2_xml(path, "999"), read_sen2_xml(path, "999")
    assert first.requests.equals(again.requests) and first.reviews.equals(again.reviews)
    expected = read_sen2(DATA, "999").requests
    ignore = ["request_id", "person_id", "request_index"]  # ids, and the order they sort in
    got = first.requests.drop(ignore).sort("received_on")
    assert got.equals(expected.drop(ignore).sort("received_on"))
    ids = first.requests.get_column("person_id").to_list()
    upns = [u for u in expected.get_column("upn").to_list() if u]
    assert upns and not any(u in i for u in upns for i in ids)
    assert len(set(ids)) == len(set(expected.get_column("person_id").to_list()))


def test_the_folder_reader_takes_an_xml_return_and_names_it(tmp_path: Path) -> None:
    write_return(tmp_path, with_ids=True)
    prepared = read_sen2_folder("999", tmp_path, date(2025, 1, 16))
    assert prepared.files == ["sen2_return.xml"]
    assert prepared.frames.requests.height == read_sen2(DATA, "999").requests.height


def test_a_bad_date_is_reported_at_the_line_and_element_of_the_xml(tmp_path: Path) -> None:
    path = write_return(tmp_path, with_ids=True, edit={"R2.receiveddate": "2024-02-31"})
    with pytest.raises(InputRejected) as caught:
        read_sen2_xml(path, "999")
    [problem] = caught.value.problems
    assert (problem.file, problem.column) == ("sen2_return.xml", "ReceivedDate")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert problem.line is not None and lines[problem.line - 1] == "<Requests>"
    assert "2024-02-31" in "\n".join(lines[problem.line - 1 : problem.line + 4])


def test_a_wrong_upn_check_letter_is_refused_without_importing(tmp_path: Path) -> None:
    path = write_return(tmp_path, with_ids=True, edit={"P1.upn": "A999900019001"})
    with pytest.raises(InputRejected) as caught:
        read_sen2_xml(path, "999")
    assert [(p.file, p.column) for p in caught.value.problems] == [("sen2_return.xml", "upn")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY a "aaaa">]>\n<Message>&a;</Message>',
         "document type declaration"),
        ("<Message>\n<Person>\n</Message>", "well-formed XML"),
        ("<Message><Requests><ReceivedDate>2024-01-01</ReceivedDate></Requests></Message>",
         "inside its <person> element"),
        ("<Message><Header/></Message>", "no <Person> records"),
    ],
)  # fmt: skip
def test_files_that_are_not_a_sen2_return_are_refused_plainly(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "return.xml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputRejected) as caught:
        read_sen2_xml(path, "999")
    assert expected in str(caught.value.problems[0])
