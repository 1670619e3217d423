"""The at-risk list's GET form: filters read through ``web.params``, each wrong value kept as a
form error naming its field, so the page can show a GOV.UK error summary instead of a 400 page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Final, TypeVar

from sendsight.ehc import atrisk
from sendsight.web import params

T = TypeVar("T")
MAX_WITHIN_DAYS: Final = 365
MESSAGES: Final = {
    "as_of": "Enter the as-at date as YYYY-MM-DD, for example 2025-03-31",
    "stage": "Choose a stage from the list",
    "overdue": "Tick the box to show overdue requests only, or leave it empty",
    "within": f"Enter the number of days as a whole number from 0 to {MAX_WITHIN_DAYS}",
    "sort": "Choose how to sort the list",
}


@dataclass
class AtRiskForm:
    """What the form asked for; ``errors`` maps a field's name to its message (in form order)."""

    as_of: date
    filters: atrisk.Filters
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    first_problem: params.BadQueryParameter | None = None

    def filter_query(self) -> dict[str, str]:
        """The filters given (as typed, blanks and the as-at date left out), for links."""
        return {k: v for k, v in self.values.items() if v and k != "as_of"}

    def raise_first(self) -> None:
        """Refuse the request with a 400 (for the CSV, which has no form to show errors on)."""
        if self.first_problem is not None:
            raise self.first_problem


def read_form(today: date) -> AtRiskForm:
    """The form's answers from the query string (absent or blank fields take their defaults)."""
    form = AtRiskForm(today, atrisk.Filters(), {n: params.text_arg(n) for n in MESSAGES})

    def read(name: str, parse: Callable[[], T], default: T) -> T:
        try:
            return parse()
        except params.BadQueryParameter as problem:
            form.errors[name] = MESSAGES[name]
            form.first_problem = form.first_problem or problem
            return default

    form.as_of = read("as_of", lambda: params.date_arg("as_of", today), today)
    stage = read("stage", lambda: params.choice_arg("stage", tuple(atrisk.STAGES), ""), "")
    overdue = read("overdue", lambda: params.choice_arg("overdue", ("yes",), ""), "")
    within = read("within", lambda: params.int_arg("within", -1, low=0, high=MAX_WITHIN_DAYS), -1)
    sort = read("sort", lambda: params.choice_arg("sort", atrisk.SORTS, "days_left"), "days_left")
    form.filters = atrisk.Filters(stage, overdue == "yes", None if within < 0 else within, sort)
    return form


def error_summary(form: AtRiskForm) -> dict[str, object]:
    """The GOV.UK error summary's parameters: one linked message per wrong field."""
    return {
        "titleText": "There is a problem",
        "errorList": [{"text": text, "href": f"#{name}"} for name, text in form.errors.items()],
    }
