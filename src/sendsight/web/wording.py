"""Words and figures as people read them, for every template: code lists spelled out, local
authorities and schools by name, a measure's figures with its own places and unit.

Registered as template filters (and globals, for macros that take a labeller) by
:func:`init_wording`; each one falls back to what it was given, so a new code still shows.
"""

from __future__ import annotations

from typing import Protocol

from flask import Flask

from sendsight.core.rounding import format_number
from sendsight.demo.ehc_settings import school_name
from sendsight.reference import queries as reference
from sendsight.reference.codes import need_label, placement_label
from sendsight.web.db import db

UNIT_SUFFIX = {"percent": "%", "count": "", "rate": "", "score": ""}


class HasUnit(Protocol):
    """A measure: its unit ("percent", "count", "rate", "score") and decimal places."""

    @property
    def unit(self) -> str: ...

    @property
    def decimals(self) -> int: ...


def measure_figure(value: float | None, measure: HasUnit, *, whole: bool = False) -> str:
    """``value`` as the measure's figures read: no decimals for a count ("154,489"), the
    measure's places otherwise, and its unit ("60.5%"). With ``whole`` a figure people set
    as a round number, such as a target, is written without decimals ("60%"). None is "–"."""
    if value is None:
        return "–"
    places = 0 if measure.unit == "count" else measure.decimals
    if whole and float(value).is_integer():
        places = 0
    return format_number(value, places) + UNIT_SUFFIX.get(measure.unit, "")


def la_name(code: str) -> str:
    """The local authority's name from the reference tables ("354" → "Rochdale"), else
    "local authority 354" for a code the tables do not hold."""
    found = reference.get_local_authority_or_none(str(code), session=db())
    return found.name if found else f"local authority {code}"


def setting_name(urn: str) -> str:
    """A school or setting's name where sendsight knows it (the made-up demo schools), else
    its URN as "the setting with URN 123456"."""
    return school_name(urn) or f"the setting with URN {urn}"


def init_wording(app: Flask) -> None:
    """Register the filters (and the labellers as globals, for macros)."""
    filters = {
        "need_label": need_label,
        "placement_label": placement_label,
        "measure_figure": measure_figure,
        "la_name": la_name,
        "setting_name": setting_name,
    }
    app.jinja_env.filters.update(filters)
    app.jinja_env.globals.update(need_label=need_label, placement_label=placement_label)
