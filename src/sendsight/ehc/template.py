"""Read and validate the simple EHC CSV template (requests, advice, reviews) for one LA.

The files are described for users in ``docs/ehc-import.md``. Reading is all-or-nothing: either
every row of every file is valid and :func:`read_template` returns the normalised
:class:`~sendsight.ehc.frames.EhcFrames`, or it raises ``InputRejected`` listing every problem
(file, line, column, value). The result depends only on the files' content, so importing the same
files again gives the same frames (the store upserts by the keys in :mod:`sendsight.ehc.frames`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import polars as pl
from sqlalchemy import FromClause

from sendsight.core.errors import InputRejected, Problem
from sendsight.ehc import caserules as rules
from sendsight.ehc import csvcheck as cc
from sendsight.ehc import frames as fr
from sendsight.ehc.models import EhcAdvice, EhcRequest, EhcReview


@dataclass(frozen=True)
class Column:
    """One template column: how to parse it and what to say when it is wrong."""

    name: str
    kind: str  # "text", "date", "code", "flag", "need", "upn" or "urn"
    label: str = ""  # for "Enter …" when a required value is blank; blank label = optional value
    codes: tuple[str, ...] = ()
    header_required: bool = True


REQUEST_COLUMNS: Final = (
    Column("request_id", "text", "the request ID"),
    Column("person_id", "text", "the person ID"),
    Column("date_of_birth", "date", "the date of birth"),
    Column("upn", "upn", header_required=False),
    Column("request_source", "text", header_required=False),
    Column("received_on", "date", "the date the request was received"),
    Column("decision", "code", codes=fr.DECISIONS),
    Column("decision_on", "date"),
    Column("assessment_outcome", "code", codes=fr.ASSESSMENT_OUTCOMES),
    Column("assessment_outcome_on", "date"),
    Column("exceptions_apply", "flag", header_required=False),
    Column("draft_issued_on", "date", header_required=False),
    Column("final_issued_on", "date"),
    Column("primary_need", "need", header_required=False),
    Column("setting_urn", "urn", header_required=False),
)
ADVICE_COLUMNS: Final = (
    Column("request_id", "text", "the request ID"),
    Column("advice_type", "code", "the advice type", codes=fr.ADVICE_TYPES),
    Column("requested_on", "date", "the date the advice was requested"),
    Column("received_on", "date"),
)
REVIEW_COLUMNS: Final = (
    Column("plan_id", "text", "the plan ID"),
    Column("person_id", "text", "the person ID"),
    Column("review_meeting_on", "date", "the date of the review meeting"),
    Column("decision", "code", codes=fr.REVIEW_DECISIONS),
    Column("decision_on", "date"),
    Column("amended_plan_issued_on", "date"),
)
DATE_MESSAGE: Final = "Enter a real date as YYYY-MM-DD, for example 2024-03-31"
# A URN (Unique Reference Number, DfE Get Information about Schools) is 6 digits.
URN_PATTERN: Final = r"^\d{6}$"


def read_template(
    la_code: str,
    requests: Path,
    advice: Path | None = None,
    reviews: Path | None = None,
) -> fr.EhcFrames:
    """Read the template files for LA ``la_code`` into normalised frames, or raise.

    Raises ``InputRejected`` with every problem found in every file; nothing is returned then.
    """
    problems: list[Problem] = []
    req = _read(requests, REQUEST_COLUMNS, _request_rules(), problems, EhcRequest.__table__)
    known = set() if req is None else set(req.get_column("request_id").drop_nulls().to_list())
    adv = (
        None
        if advice is None
        else _read(advice, ADVICE_COLUMNS, _advice_rules(known), problems, EhcAdvice.__table__)
    )
    rev = (
        None
        if reviews is None
        else _read(reviews, REVIEW_COLUMNS, _review_rules(), problems, EhcReview.__table__)
    )
    if problems or req is None:
        raise InputRejected(problems)
    return fr.assemble(
        requests=_with_la(_derive_outcome(req), la_code, fr.REQUESTS_SCHEMA),
        advice=_with_la(adv, la_code, fr.ADVICE_SCHEMA),
        reviews=_with_la(rev, la_code, fr.REVIEWS_SCHEMA),
    )


def _read(
    path: Path,
    columns: Sequence[Column],
    checks: list[cc.Rule],
    problems: list[Problem],
    table: FromClause,
) -> pl.DataFrame | None:
    label = path.name
    raw, found = cc.read_text_csv(path, label)
    if raw is None:
        problems.extend(found)
        return None
    required = [c.name for c in columns if c.header_required]
    missing = cc.missing_columns(raw, label, required)
    if missing:
        problems.extend(missing)
        return None
    frame = _parse(raw, columns)
    lengths = rules.length_rules(
        frame, {c.name: table.c[c.name] for c in columns if c.kind == "text" and c.name in table.c}
    )
    found = cc.problems_for(frame, label, _value_rules(frame, columns) + lengths + checks)
    problems.extend(found)
    return frame


def _parse(raw: pl.DataFrame, columns: Sequence[Column]) -> pl.DataFrame:
    absent = [pl.lit(None, pl.String).alias(c.name) for c in columns if c.name not in raw.columns]
    frame = cc.keep_raw(raw.with_columns(absent), [c.name for c in columns])
    return frame.with_columns(_parser(c) for c in columns)


def _parser(column: Column) -> pl.Expr:
    text = pl.col(column.name)
    if column.kind == "date":
        return cc.parse_date(column.name)
    if column.kind == "code":
        lowered = text.str.to_lowercase()
        return pl.when(lowered.is_in(column.codes)).then(lowered).alias(column.name)
    if column.kind == "flag":
        return text.replace_strict({"1": True, "0": False}, default=None, return_dtype=pl.Boolean)
    if column.kind == "need":
        upper = text.str.to_uppercase()
        return pl.when(upper.is_in(fr.SEN_TYPES)).then(upper).alias(column.name)
    if column.kind == "upn":
        return text.str.to_uppercase()
    if column.kind == "urn":
        return pl.when(text.str.contains(URN_PATTERN)).then(text).alias(column.name)
    return text


def _value_rules(frame: pl.DataFrame, columns: Sequence[Column]) -> list[cc.Rule]:
    found: list[cc.Rule] = []
    for column in columns:
        if column.label:
            found.append(rules.required(column.name, column.label))
        if column.kind == "date":
            found += cc.date_rules(column.name, DATE_MESSAGE)
        elif message := _format_message(column):
            found.append(cc.Rule(column.name, cc.unparsed(column.name), message))
    found += [rules.valid_upn(frame, c.name) for c in columns if c.kind == "upn"]
    return found


def _format_message(column: Column) -> str:
    if column.kind == "code":
        allowed = ", ".join(column.codes)
        blank = "" if column.label else ", or leave it blank"
        return f"Enter one of {allowed}{blank}"
    if column.kind == "flag":
        return "Enter 1 if exceptions to the 20-week limit apply, 0 if not, or leave it blank"
    if column.kind == "need":
        return "Enter a SEN type code such as ASD, SEMH or SLCN, or leave it blank"
    if column.kind == "urn":
        return "Enter the setting's 6-digit URN, for example 100001, or leave it blank"
    return ""


def _before(later: str, earlier: str) -> pl.Expr:
    return pl.col(later) < pl.col(earlier)


def _request_rules() -> list[cc.Rule]:
    Rule, col = cc.Rule, pl.col
    return [
        rules.unique(["request_id"], "Each request_id must appear only once in the file"),
        rules.born_before(
            "date_of_birth", "date_of_birth", "received_on", rules.BORN_AFTER_REQUEST
        ),
        Rule(
            "decision_on",
            col("decision").is_not_null() & col("decision_on" + cc.RAW).is_null(),
            "Enter the date of the decision",
        ),
        Rule(
            "decision_on",
            col("decision_on").is_not_null() & col("decision").is_null(),
            "Enter the decision (assess, not_assess or withdrawn), or remove its date",
        ),
        rules.not_before(
            "decision_on", "decision_on", "received_on", rules.DECISION_BEFORE_REQUEST
        ),
        Rule(
            "assessment_outcome",
            col("assessment_outcome").is_not_null() & (col("decision") != "assess"),
            "An assessment outcome needs a decision to assess: set decision to assess",
        ),
        Rule(
            "assessment_outcome_on",
            _before("assessment_outcome_on", "decision_on"),
            "The assessment outcome date must be on or after the decision date",
        ),
        Rule(
            "final_issued_on",
            col("final_issued_on").is_not_null() & col("decision").fill_null("").ne("assess"),
            "A final plan can only be issued after a decision to assess: set decision to assess",
        ),
        Rule(
            "final_issued_on",
            col("final_issued_on").is_not_null()
            & col("assessment_outcome").is_in(["not_issue", "withdrawn"]),
            "A final plan cannot follow an assessment outcome of not_issue or withdrawn",
        ),
        Rule(
            "final_issued_on",
            _before("final_issued_on", "decision_on"),
            "The final plan date must be on or after the decision date",
        ),
        Rule(
            "draft_issued_on",
            _before("draft_issued_on", "decision_on"),
            "The draft plan date must be on or after the decision date",
        ),
        Rule(
            "draft_issued_on",
            _before("final_issued_on", "draft_issued_on"),
            "The draft plan date must be on or before the final plan date",
        ),
    ]


def _advice_rules(known: set[str]) -> list[cc.Rule]:
    return [
        rules.known(
            "request_id", known, "The request_id must match a request_id in the requests file"
        ),
        cc.Rule(
            "received_on",
            _before("received_on", "requested_on"),
            "The date advice was received must be on or after the date it was requested",
        ),
    ]


def _review_rules() -> list[cc.Rule]:
    col = pl.col
    return [
        cc.duplicate_rule(
            ["plan_id", "review_meeting_on"],
            "Each plan_id and review_meeting_on pair must appear only once",
        ),
        cc.Rule(
            "decision_on",
            col("decision").is_not_null() & col("decision_on" + cc.RAW).is_null(),
            "Enter the date of the review decision",
        ),
        cc.Rule(
            "decision_on",
            _before("decision_on", "review_meeting_on"),
            "The review decision date must be on or after the review meeting date",
        ),
        cc.Rule(
            "amended_plan_issued_on",
            col("amended_plan_issued_on").is_not_null() & col("decision").fill_null("").ne("amend"),
            "An amended plan needs the review decision amend",
        ),
        cc.Rule(
            "amended_plan_issued_on",
            _before("amended_plan_issued_on", "decision_on"),
            "The amended plan date must be on or after the review decision date",
        ),
    ]


def _derive_outcome(requests: pl.DataFrame) -> pl.DataFrame:
    """A final plan date with a blank outcome means the outcome was to issue."""
    issued = pl.col("final_issued_on").is_not_null() & pl.col("assessment_outcome").is_null()
    return requests.with_columns(
        pl.when(issued)
        .then(pl.lit("issue"))
        .otherwise(pl.col("assessment_outcome"))
        .alias("assessment_outcome"),
        pl.col("exceptions_apply").fill_null(False),
    )


def _with_la(
    frame: pl.DataFrame | None, la_code: str, schema: dict[str, pl.DataType]
) -> pl.DataFrame:
    if frame is None:
        return fr.empty(schema)
    return frame.with_columns(pl.lit(la_code).alias("la_code"))
