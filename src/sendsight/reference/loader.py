"""Load the shipped reference CSVs (``reference/data``) into the database, idempotently."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import Any

from sqlalchemy.orm import Session

from sendsight.reference import queries
from sendsight.reference.models import (
    LaOnsCode,
    LaSuccession,
    LocalAuthority,
    StatisticalNeighbour,
)


@dataclass(frozen=True, slots=True)
class ReferenceLoadReport:
    """How many rows of each reference table were inserted or changed by a load."""

    local_authorities: int
    ons_codes: int
    successions: int
    neighbours: int


def read_shipped(name: str) -> list[dict[str, str]]:
    """The rows of a shipped reference CSV, as text."""
    text = resources.files("sendsight.reference").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _la(row: dict[str, str]) -> dict[str, Any]:
    return {
        "dfe_code": row["dfe_code"],
        "name": row["name"],
        "region_code": row["region_code"],
        "region_name": row["region_name"],
        "ons_code": row["ons_code"],
        "la_type": row["la_type"] or None,
        "is_current": row["is_current"] == "true",
        "valid_from": _date(row["valid_from"]),
        "valid_to": _date(row["valid_to"]),
    }


def _ons(row: dict[str, str]) -> dict[str, Any]:
    return {
        "dfe_code": row["dfe_code"],
        "ons_code": row["ons_code"],
        "valid_from": _date(row["valid_from"]),
        "valid_to": _date(row["valid_to"]),
        "note": row["note"],
    }


def _succession(row: dict[str, str]) -> dict[str, Any]:
    return {
        "predecessor_code": row["predecessor"],
        "successor_code": row["successor"],
        "effective_on": _date(row["effective_on"]),
        "note": row["note"],
    }


def _neighbour(row: dict[str, str]) -> dict[str, Any]:
    return {
        "la_code": row["dfe_code"],
        "neighbour_code": row["neighbour_code"],
        "rank": int(row["rank"]),
        "closeness": row["closeness"],
        "source": queries.NEIGHBOURS_SOURCE,
    }


def load_reference_data(session: Session) -> ReferenceLoadReport:
    """Insert or update every LA, ONS code, reorganisation and statistical neighbour; running it
    again with the same shipped files changes nothing."""
    las = queries.upsert_rows(
        LocalAuthority,
        map(_la, read_shipped("local_authorities.csv")),
        ("dfe_code",),
        session=session,
    )
    ons = queries.upsert_rows(
        LaOnsCode,
        map(_ons, read_shipped("la_ons_codes.csv")),
        ("dfe_code", "ons_code", "valid_from"),
        session=session,
    )
    successions = queries.upsert_rows(
        LaSuccession,
        map(_succession, read_shipped("la_successions.csv")),
        ("predecessor_code", "successor_code"),
        session=session,
    )
    neighbours = queries.upsert_rows(
        StatisticalNeighbour,
        map(_neighbour, read_shipped("statistical_neighbours.csv")),
        ("la_code", "source", "rank"),
        session=session,
    )
    return ReferenceLoadReport(las, ons, successions, neighbours)
