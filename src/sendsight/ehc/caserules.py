"""The rules both EHC importers apply to case rows, written once.

The CSV template (:mod:`sendsight.ehc.template`) and the SEN2 export (:mod:`sendsight.ehc.sen2`)
name their columns differently, so each rule takes the column names; the expression and the
reasoning live here. :func:`length_rules` reads each text column's length from the SQLAlchemy
model, so a value too long for the database is refused with its line and column before the
database sees it (SQLite would store it whole; PostgreSQL would stop the import).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import polars as pl
from sqlalchemy import ColumnElement, String

from sendsight.core.identifiers import is_valid_upn
from sendsight.ehc import csvcheck as cc

UPN_MESSAGE = "Enter a 13-character UPN with the correct check letter, or leave it blank"
BORN_AFTER_REQUEST = "The date of birth must be before the date the request was received"
DECISION_BEFORE_REQUEST = "The decision date must be on or after the date the request was received"


def required(column: str, label: str) -> cc.Rule:
    """``column`` must have a value (``Enter {label}``)."""
    return cc.Rule(column, pl.col(column + cc.RAW).is_null(), f"Enter {label}")


def unique(columns: list[str], message: str) -> cc.Rule:
    """Each combination of ``columns`` appears once: every repeat after the first fails."""
    return cc.duplicate_rule(columns, message)


def not_before(column: str, later: str, earlier: str, message: str) -> cc.Rule:
    """The date ``later`` may not be before the date ``earlier`` (reported on ``column``)."""
    return cc.Rule(column, pl.col(later) < pl.col(earlier), message)


def born_before(column: str, date_of_birth: str, received_on: str, message: str) -> cc.Rule:
    """A request cannot be received before the child it is about was born."""
    return not_before(column, received_on, date_of_birth, message)


def known(column: str, ids: Collection[str], message: str) -> cc.Rule:
    """A reference to another file (a person, a request) must name a row that is there."""
    return cc.Rule(
        column, pl.col(column).is_not_null() & ~pl.col(column).is_in(sorted(ids)), message
    )


def valid_upn(frame: pl.DataFrame, column: str) -> cc.Rule:
    """A Unique Pupil Number, when given, has the right shape and check letter (DfE UPN
    standard; see :mod:`sendsight.core.identifiers`). The value is never quoted back."""
    bad = cc.invalid_values(frame, column, is_valid_upn)
    return cc.Rule(column, pl.col(column).is_in(bad), UPN_MESSAGE)


def length_rules(frame: pl.DataFrame, columns: Mapping[str, ColumnElement[Any]]) -> list[cc.Rule]:
    """For each file column in ``columns`` present in ``frame``, its text may be no longer than
    the model column it is stored in (``String(n)``, counted in characters as PostgreSQL does)."""
    rules = []
    for name, stored in columns.items():
        limit = stored.type.length if isinstance(stored.type, String) else None
        if limit is not None and name in frame.columns:
            message = f"Enter {limit} characters or fewer in {name}"
            rules.append(cc.Rule(name, pl.col(name).str.len_chars() > limit, message))
    return rules
