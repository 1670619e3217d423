"""Typed query parameters (``?year=2024``): read, check and refuse with a clear 400.

A page that reads ``request.args`` reads it through these helpers, so a wrong value
(``as_of=banana``, ``year=1999``, ``sort=sideways``) is refused with a page saying which
parameter was wrong and what it should be, never silently replaced by a default. A parameter
that is absent, or given blank, takes the default.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Collection, Sequence
from datetime import date
from typing import TypeVar

from flask import request

from sendsight.core.errors import SendsightError

Choice = TypeVar("Choice", bound=str)


class BadQueryParameter(SendsightError):
    """A query parameter had a value the page cannot use (shown on a 400 page)."""

    def __init__(self, name: str, value: str, expected: str) -> None:
        shown = value if len(value) <= 40 else value[:39] + "…"
        super().__init__(f"The address has {name}={shown}. {expected}.")
        self.name = name


def text_arg(name: str) -> str:
    """The parameter's text, trimmed ("" when absent)."""
    return request.args.get(name, "").strip()


def date_arg(name: str, default: date) -> date:
    """A date given as YYYY-MM-DD."""
    text = text_arg(name)
    if not text:
        return default
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        with contextlib.suppress(ValueError):  # 2025-02-31 has the shape but is no date
            return date.fromisoformat(text)
    raise BadQueryParameter(name, text, "Give the date as YYYY-MM-DD, for example 2025-03-31")


def int_arg(name: str, default: int, *, low: int, high: int | None = None) -> int:
    """A whole number from ``low`` to ``high`` (no upper limit when ``high`` is None)."""
    text = text_arg(name)
    if not text:
        return default
    within = f"from {low} to {high}" if high is not None else f"of {low} or more"
    number = _whole(text)
    if number is None or number < low or (high is not None and number > high):
        raise BadQueryParameter(name, text, f"Give a whole number {within}")
    return number


def _whole(text: str) -> int | None:
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def year_arg(name: str, years: Sequence[int], default: int) -> int:
    """One of ``years`` (the years the data covers)."""
    text = text_arg(name)
    if not text:
        return default
    if _whole(text) in years:
        return int(text)
    if not years:
        raise BadQueryParameter(name, text, "There are no figures for any year yet")
    span = f"{min(years)}" if len(years) == 1 else f"from {min(years)} to {max(years)}"
    raise BadQueryParameter(name, text, f"Choose a year {span}")


def choice_arg(
    name: str, choices: Collection[Choice], default: Choice, *, expected: str = ""
) -> Choice:
    """One of ``choices`` (an enumeration such as a sort column); ``expected`` says what to
    give when the value is wrong (default: the list of choices)."""
    text = text_arg(name)
    if not text:
        return default
    for choice in choices:
        if choice == text:
            return choice
    expected = expected or "Choose one of " + ", ".join(sorted(choices))
    raise BadQueryParameter(name, text, expected)
