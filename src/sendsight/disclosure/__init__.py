"""Disclosure control: the one gate every aggregate passes through before anyone without
case-level access sees it.

Small counts become ``c``, true zeros stay 0, further cells are hidden so that no hidden cell
can be worked out from a row or column total, rates built on hidden counts are hidden, modelled
figures (forecasts) are rounded, and the GSS symbols used are explained wherever they appear. See
docs/decisions/0301. Who is reading is one :class:`Viewpoint` per request or command.
"""

from __future__ import annotations

from sendsight.disclosure.modelled import protect_modelled
from sendsight.disclosure.published import protect_published
from sendsight.disclosure.scalars import protect_count, protect_rate, protect_rates, protect_series
from sendsight.disclosure.symbols import SYMBOLS, Protected, explain_symbols
from sendsight.disclosure.table import ProtectedTable, protect_table
from sendsight.disclosure.viewpoint import CASE_LEVEL, PROTECTED, Viewpoint

__all__ = [
    "CASE_LEVEL",
    "PROTECTED",
    "SYMBOLS",
    "Protected",
    "ProtectedTable",
    "Viewpoint",
    "explain_symbols",
    "protect_count",
    "protect_modelled",
    "protect_published",
    "protect_rate",
    "protect_rates",
    "protect_series",
    "protect_table",
]
