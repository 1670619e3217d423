"""Finding a school's URN from its local authority's name and its own name, for school-level
files published without URNs (an extract of DfE's "Special educational needs in England"
school-level file names schools only by LA and school name).

A name matches when it is the same after ignoring case, punctuation, "&" for "and" and runs of
spaces. Known names are those of the partnership's GIAS imports and the names the shipped DfE
files carry (secondary and special schools only): import a GIAS establishments file first. A
name that matches no school, or more than one school, in its LA is a problem with its line and
column named; the file then gives URNs instead.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import polars as pl
from sqlalchemy.orm import Session

from sendsight.core.errors import Problem
from sendsight.reference import queries as reference
from sendsight.schools import queries
from sendsight.schools.shipped import school_level_2019

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normalise(name: str) -> str:
    """The form two names are compared in: "St Mary's C.E. (VA) & Infant" and
    "st marys ce va and infant" are the same."""
    text = name.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return _NOT_WORD.sub(" ", text).strip()


def la_codes_by_name(session: Session) -> dict[str, str]:
    """Each local authority's normalised name (current or former) and its DfE code."""
    return {
        normalise(la.name): la.dfe_code
        for la in reference.list_local_authorities(session=session, current_only=False)
    }


def known_schools(session: Session, *, partnership_id: str) -> dict[tuple[str, str], set[str]]:
    """(LA code, normalised name) -> URNs of the schools known by that name in that LA."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    shipped = school_level_2019().filter(pl.col("name").is_not_null())
    for urn, la, name in shipped.select("urn", "la_code", "name").iter_rows():
        found[(str(la), normalise(str(name)))].add(str(urn))
    for school in queries.establishments(session=session, partnership_id=partnership_id):
        found[(school.la_code, normalise(school.name))].add(school.urn)
    return found


def resolve(
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    la_column: str,
    name_column: str,
    file_name: str,
    la_codes: dict[str, str],
    schools: dict[tuple[str, str], set[str]],
) -> tuple[dict[int, str], list[Problem]]:
    """Each line's URN from its LA and school name, and the problems of lines without one."""
    urns: dict[int, str] = {}
    problems: list[Problem] = []
    for line, row in rows:
        la_name = (row.get(la_column) or "").strip()
        name = (row.get(name_column) or "").strip()
        la = la_codes.get(normalise(la_name))
        if la is None:
            problems.append(
                Problem(file_name, "Unknown local authority name", line, la_column, la_name)
            )
            continue
        matches = sorted(schools.get((la, normalise(name)), set()))
        if len(matches) == 1:
            urns[line] = matches[0]
        elif not matches:
            problems.append(
                Problem(
                    file_name,
                    f"No school of this name in {la_name}: import a GIAS file naming it, or "
                    "give URNs",
                    line,
                    name_column,
                    name,
                )
            )
        else:
            problems.append(
                Problem(
                    file_name,
                    f"{len(matches)} schools of this name in {la_name} (URNs "
                    f"{', '.join(matches)}): give URNs",
                    line,
                    name_column,
                    name,
                )
            )
    return urns, problems
