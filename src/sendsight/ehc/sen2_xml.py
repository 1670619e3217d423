"""Read an LA's SEN2 return as the XML file sent to DfE, by turning it into the module tables of
the COLLECT export that :mod:`sendsight.ehc.sen2` already reads and checks.

The person-level SEN2 return nests its modules: a person holds their requests; a request holds
its assessment and its active plans; an assessment holds its named plans; an active plan holds
its SEN needs. Each item is an element named like the export's column, in any letter case
(``<ReceivedDate>`` is the export's ``receiveddate``; item 3.7 ``<Week20>``, item 5.5
``<ReviewOutcome>``: Capita One SEN2 tool help). Elements sendsight does not read are skipped.

UNCONFIRMED: the module element names below and the absence of table ids in the XML are read
from the export's structure, not from DfE's schema (which is not public); both are parameters of
:func:`read_sen2_xml`. Where an element carries the export's own id (``<PersonTableId>`` …) it
is used; otherwise ids are made from the nesting so that importing the same file again finds
the same records: a person's id is a one-way hash of their UPN and date of birth (never the UPN
itself), a request's is the person's id with its received date and order.

Problems are reported against the XML file: the line where the element starts and the element's
name. The parser refuses document type declarations, so no entity can expand.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final
from xml.parsers import expat

from sendsight.core.errors import InputRejected, Problem, SendsightError
from sendsight.core.safe_io import write_csv
from sendsight.ehc import frames as fr
from sendsight.ehc import sen2

# Module element (lower case) → (module, parent module). UNCONFIRMED: see the module docstring.
MODULE_ELEMENTS: Final[dict[str, tuple[str, str | None]]] = {
    "person": ("person", None),
    "requests": ("requests", "person"),
    "assessment": ("assessment", "requests"),
    "namedplan": ("namedplan", "assessment"),
    "activeplans": ("activeplans", "requests"),
    "senneed": ("senneed", "activeplans"),
}
MAX_BYTES: Final = 200 * 1024 * 1024


@dataclass
class _Record:
    module: str
    line: int
    parent: _Record | None
    values: dict[str, str] = field(default_factory=dict)
    own_id: str = ""
    children: dict[str, int] = field(default_factory=dict)  # module → children numbered so far


@dataclass
class _Tables:
    """Rows per module, with the XML line each row came from."""

    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    lines: dict[str, list[int]] = field(default_factory=dict)
    elements: dict[str, str] = field(default_factory=dict)  # column → element name as written


def read_sen2_xml(
    path: Path,
    la_code: str,
    *,
    modules: Mapping[str, tuple[str, str | None]] = MODULE_ELEMENTS,
    codes: Mapping[tuple[str, str], Mapping[str, str]] = sen2.CODES,
) -> fr.EhcFrames:
    """Read the SEN2 XML return at ``path`` for LA ``la_code``, or raise ``InputRejected``
    naming the XML file, line and element of every problem."""
    tables = _parse(path, modules)
    with tempfile.TemporaryDirectory(prefix="sendsight-sen2-") as folder:
        for module, rows in tables.rows.items():
            columns = sorted({c for row in rows for c in row})
            body = [[row.get(c, "") for c in columns] for row in rows]
            (Path(folder) / f"{module}.csv").write_text(
                write_csv(body, header=columns), encoding="utf-8"
            )
        try:
            return sen2.read_sen2(Path(folder), la_code, codes)
        except InputRejected as rejected:
            raise InputRejected(
                [_in_xml(p, path.name, tables) for p in rejected.problems]
            ) from None


def _in_xml(problem: Problem, name: str, tables: _Tables) -> Problem:
    """A problem found in a module table, placed in the XML file instead."""
    module = problem.file.removesuffix(".csv")
    lines = tables.lines.get(module)
    line = None
    if lines is not None and problem.line is not None and 2 <= problem.line <= len(lines) + 1:
        line = lines[problem.line - 2]
    column = problem.column
    element = tables.elements.get(column or "", column)
    message = problem.message
    if problem.line is None and problem.file.endswith(".csv"):
        message = message.replace(" module export to the folder", " element to the return")
    return replace(problem, file=name, line=line, column=element, message=message)


def _parse(path: Path, modules: Mapping[str, tuple[str, str | None]]) -> _Tables:
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise InputRejected([Problem(path.name, "Upload a SEN2 return smaller than 200 MB")])
    records: list[_Record] = []  # in the order their elements start: parents first
    stack: list[tuple[str, _Record | None]] = []  # (element, the record it opened or None)
    text: list[str] = []
    elements: dict[str, str] = {}
    parser = expat.ParserCreate()

    def refuse_doctype(*_args: object) -> None:
        raise _Refused("Remove the document type declaration: SEN2 returns do not have one")

    def start(tag: str, _attributes: dict[str, str]) -> None:
        key = tag.split(":")[-1].lower()
        text.clear()
        if key in modules:
            module, parent_module = modules[key]
            parent = _innermost(stack, parent_module)
            if parent_module is not None and parent is None:
                raise _Refused(
                    f"Put <{tag}> inside its <{parent_module}> element", parser.CurrentLineNumber
                )
            record = _Record(module, parser.CurrentLineNumber, parent)
            records.append(record)
            stack.append((key, record))
        else:
            stack.append((key, None))

    def end(tag: str) -> None:
        key, record = stack.pop()
        owner = _innermost(stack, None)
        value = "".join(text).strip()
        text.clear()
        if record is None and owner is not None and value:
            owner.values[key] = value
            elements.setdefault(key, tag.split(":")[-1])

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text.append
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        raise InputRejected([Problem(path.name, refused.message, refused.line)]) from None
    except expat.ExpatError as exc:
        message = f"Upload a well-formed XML file ({expat.errors.messages[exc.code]})"
        raise InputRejected([Problem(path.name, message, exc.lineno)]) from None
    if not any(r.module == "person" for r in records):
        raise InputRejected([Problem(path.name, "The return has no <Person> records")])
    return _tables(records, elements)


def _innermost(stack: list[tuple[str, _Record | None]], module: str | None) -> _Record | None:
    """The innermost open record (of ``module`` when given)."""
    for _key, record in reversed(stack):
        if record is not None and (module is None or record.module == module):
            return record
    return None


def _tables(records: list[_Record], elements: dict[str, str]) -> _Tables:
    """Each record's ids (parents first), then the rows of each module."""
    tables = _Tables(elements=elements)
    people: dict[str, int] = {}
    for record in records:
        own_column = sen2.OWN_IDS.get(record.module)
        parent = record.parent
        if parent is not None:
            record.values[sen2.OWN_IDS[parent.module]] = parent.own_id
        if own_column is not None:
            record.own_id = record.values.get(own_column) or _made_id(record, people)
            record.values[own_column] = record.own_id
        tables.rows.setdefault(record.module, []).append(record.values)
        tables.lines.setdefault(record.module, []).append(record.line)
    return tables


def _made_id(record: _Record, people: dict[str, int]) -> str:
    """An id from the nesting, the same every time the same return is read."""
    if record.parent is None:
        key = "|".join(record.values.get(c, "").upper() for c in ("upn", "personbirthdate"))
        digest = hashlib.sha256(f"sen2-person|{key}".encode()).hexdigest()[:16]
        people[digest] = people.get(digest, 0) + 1
        return f"P{digest}" if people[digest] == 1 else f"P{digest}-{people[digest]}"
    parent = record.parent
    parent.children[record.module] = parent.children.get(record.module, 0) + 1
    prefix = {"requests": "R", "assessment": "A", "namedplan": "N"}.get(record.module, "P")
    return f"{parent.own_id}-{prefix}{parent.children[record.module]}"


class _Refused(SendsightError):
    """Stops the parser at a record that cannot be read (turned into ``InputRejected``)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
