"""The forms for editing the outcomes framework (outcomes, measures, values, targets, notes,
actions and value files), in GOV.UK Frontend widgets."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovFileInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from sendsight.outcomes import periods
from sendsight.outcomes.vocab import ActionStatus


def _text(label: str, **kw: Any) -> StringField:
    return StringField(label, widget=GovTextInput(), **kw)


def _select(label: str, choices: list[SelectChoice] | None = None) -> SelectField:
    return SelectField(label, widget=GovSelect(), choices=choices or [], validate_choice=False)


class OutcomeForm(FlaskForm):  # type: ignore[misc]
    """An outcome: an I statement agreed with children, young people and families."""

    statement = _text("Outcome, as an I statement")
    description = TextAreaField("Plain description (optional)", widget=GovTextArea())
    theme = _text("Theme (optional)")
    coproduced_with = _text("Co-produced with (optional)")
    coproduced_on = _text("Date agreed (optional), as YYYY-MM-DD")
    submit = SubmitField("Save outcome", widget=GovSubmitInput())


def pairs(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class MeasureForm(FlaskForm):  # type: ignore[misc]
    """An indicator or performance measure with its definition and where its values come from."""

    name = _text("Name")
    outcome_id = _select("Outcome")
    level = _select(
        "Level",
        pairs(
            {
                "indicator": "Population indicator (shared by all partners)",
                "performance": "Performance measure (one service)",
            }
        ),
    )
    kind = _select(
        "Which question it answers (performance measures)",
        pairs(
            {
                "": "Not a performance measure",
                "how_much": "How much did we do?",
                "how_well": "How well did we do it?",
                "better_off": "Is anyone better off?",
            }
        ),
    )
    service = _text("Service or programme (performance measures)")
    definition = TextAreaField("Definition", widget=GovTextArea())
    unit = _select(
        "Unit",
        pairs({"percent": "Percentage", "count": "Count", "rate": "Rate", "score": "Score"}),
    )
    decimals = _text("Decimal places shown (0 to 3)")
    polarity = _select(
        "Which way is better",
        pairs(
            {"up": "Higher is better", "down": "Lower is better", "neither": "Neither (context)"}
        ),
    )
    frequency = _select(
        "How often it is reported",
        pairs({f.value: label for f, label in periods.FREQUENCY_LABELS.items()}),
    )
    source_kind = _select(
        "Where the values come from",
        pairs(
            {
                "manual": "Entered by hand",
                "survey": "Local survey",
                "dfe_statistic": "Published DfE statistic",
                "fact": "Calculated from case records",
            }
        ),
    )
    source_key = _select("Published statistic (for a published DfE statistic)")
    la_code = _text("Local authority DfE code (for a published DfE statistic)")
    source = _text("Source (optional)")
    survey_question = _text("Survey question (for a local survey)")
    owner = _select("Owning organisation")
    next_update_on = _text("Next update due (optional), as YYYY-MM-DD")
    submit = SubmitField("Save measure", widget=GovSubmitInput())


class ValueForm(FlaskForm):  # type: ignore[misc]
    """A value for one period (a correction if the period already has one)."""

    period = _text("Period", validators=[InputRequired("Enter the period")])
    value = _text("Value", validators=[InputRequired("Enter the value")])
    numerator = _text("Numerator (optional)", validators=[Optional()])
    denominator = _text("Denominator (optional)", validators=[Optional()])
    note = TextAreaField("Note (optional)", widget=GovTextArea(), validators=[Length(max=2000)])
    submit = SubmitField("Save value", widget=GovSubmitInput())


def as_number(text: str | None) -> float:
    try:
        return float((text or "").replace(",", ""))
    except ValueError:
        raise ValidationError("Enter a number, like 42 or 87.5") from None


def as_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError("Enter a date as YYYY-MM-DD, like 2025-09-30") from None


class TargetForm(FlaskForm):  # type: ignore[misc]
    """The target for one period."""

    period = _text("Period", validators=[InputRequired("Enter the period")])
    value = _text("Target", validators=[InputRequired("Enter the target")])
    submit = SubmitField("Save target", widget=GovSubmitInput())

    def validate_value(self, field: StringField) -> None:
        as_number(field.data)


class NoteForm(FlaskForm):  # type: ignore[misc]
    """A new version of one turn-the-curve section."""

    body = TextAreaField(
        "Text",
        widget=GovTextArea(),
        validators=[InputRequired("Enter the text"), Length(max=20_000)],
    )
    submit = SubmitField("Save a new version", widget=GovSubmitInput())


class ActionForm(FlaskForm):  # type: ignore[misc]
    """A new action on a measure."""

    title = _text("Action", validators=[InputRequired("Enter what will be done"), Length(max=300)])
    owner_organisation = _text(
        "Owner organisation", validators=[InputRequired("Enter the owner organisation")]
    )
    owner_person = _text("Owner (person or post)", validators=[Optional(), Length(max=200)])
    start_on = _text("Start date", validators=[Optional()])
    due_on = _text("Due date", validators=[InputRequired("Enter the due date")])
    submit = SubmitField("Add action", widget=GovSubmitInput())

    def validate_start_on(self, field: StringField) -> None:
        as_date(field.data)

    def validate_due_on(self, field: StringField) -> None:
        as_date(field.data)


class UpdateForm(FlaskForm):  # type: ignore[misc]
    """Dated progress on an action."""

    text = TextAreaField(
        "Progress", widget=GovTextArea(), validators=[InputRequired("Enter the progress made")]
    )
    status = SelectField(
        "Status",
        widget=GovSelect(),
        choices=pairs({s.value: s.value.replace("_", " ").capitalize() for s in ActionStatus}),
    )
    submit = SubmitField("Add update", widget=GovSubmitInput())


class ImportForm(FlaskForm):  # type: ignore[misc]
    """A CSV of values to import."""

    file = FileField(
        "Values file (CSV)", widget=GovFileInput(), validators=[FileRequired("Select a CSV file")]
    )
    submit = SubmitField("Import values", widget=GovSubmitInput())
