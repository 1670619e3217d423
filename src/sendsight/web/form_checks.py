"""Checks and choices that several upload and edit forms share: the local authority picker
limited to the signed-in person's own authorities, and an optional date typed as YYYY-MM-DD."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from sendsight.web import current, params


def own_la(_form: Any, field: SelectField) -> None:
    """The chosen local authority must be one the signed-in person works for."""
    if field.data not in current.principal().la_codes:
        raise ValidationError("Choose a local authority you work for")


def with_own_las(form: FlaskForm) -> FlaskForm:
    """Offer ``form.la_code`` the person's own authorities, opening on the ``la`` query argument
    when it is one of them, else the first."""
    codes = list(current.principal().la_codes)
    form.la_code.choices = [SelectChoice(code, code) for code in codes]
    if not form.la_code.data:
        chosen = params.text_arg("la")
        form.la_code.data = chosen if chosen in codes else (codes[0] if codes else "")
    return form


def optional_iso_date(
    what: str | None = None, example: str | None = None
) -> Callable[[Any, Field], None]:
    """A check that a typed date, when given, reads as YYYY-MM-DD. The message names ``what``
    (by default the field's label, lower-cased) and, when given, an ``example``."""

    def check(_form: Any, field: Field) -> None:
        text = (field.data or "").strip()
        if not text:
            return
        try:
            date.fromisoformat(text)
        except ValueError:
            name = what or field.label.text.lower()
            like = f", like {example}" if example else ""
            raise ValidationError(f"Enter the {name} as YYYY-MM-DD{like}") from None

    return check
