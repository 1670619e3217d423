"""The optional YYYY-MM-DD check that upload and edit forms share (web/form_checks.py)."""

from __future__ import annotations

import pytest
from wtforms import Form, StringField
from wtforms.validators import ValidationError

from sendsight.web.form_checks import optional_iso_date


class _Dated(Form):  # type: ignore[misc]
    meeting_on = StringField("Meeting date")


def _check(text: str, **named: str) -> None:
    form = _Dated(data={"meeting_on": text})
    optional_iso_date(**named)(form, form.meeting_on)


def test_a_blank_or_well_formed_date_passes() -> None:
    _check("")
    _check("  ")
    _check("2026-01-15")


def test_a_bad_date_names_the_field_by_its_label_by_default() -> None:
    with pytest.raises(ValidationError, match=r"^Enter the meeting date as YYYY-MM-DD$"):
        _check("15/01/2026")


def test_a_bad_date_can_name_what_it_is_and_give_an_example() -> None:
    with pytest.raises(
        ValidationError, match=r"^Enter the census date as YYYY-MM-DD, like 2026-01-15$"
    ):
        _check("2026-13-01", what="census date", example="2026-01-15")
