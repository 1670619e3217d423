"""Read an LA's SEN2 person-level return (the DfE COLLECT "Blade" CSV export) into EHC frames.

COLLECT exports one CSV per module (``Blade-Export_<DD-MM-YYYY>_<module>.csv``); each row has
its own ``<module>tableid`` and its parent's id (person → requests → assessment → namedplan;
requests → activeplans → senneed). Dates look like ``2022-Sep-28 00:00:00`` (ISO dates are
accepted too). The export carries no advice records and no draft-plan dates, so ``advice`` is
empty and ``draft_issued_on`` is null.

The letter codes of ``requestoutcome`` and ``assessmentoutcome`` are not confirmed from the DfE
specification (docs/decisions/0201-ehc-clock.md); the mappings below also accept the words.
Structural faults (a module or column missing, a bad date, an unknown code) raise
``InputRejected``; :func:`data_quality_checks` then lists what a council should fix before
submitting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

import polars as pl

from sendsight.core.errors import InputRejected, Problem
from sendsight.core.identifiers import is_valid_upn
from sendsight.ehc import clock
from sendsight.ehc import csvcheck as cc
from sendsight.ehc import frames as fr

# UNCONFIRMED letter codes (DfE SEN2 guide items 2.4 and 3.1); words accepted as well.
REQUEST_OUTCOMES: Final = {
    "A": "assess", "N": "not_assess", "W": "withdrawn",
    "ASSESS": "assess", "NOT_ASSESS": "not_assess", "WITHDRAWN": "withdrawn",
}  # fmt: skip
ASSESSMENT_OUTCOMES: Final = {
    "Y": "issue", "I": "issue", "N": "not_issue", "W": "withdrawn",
    "ISSUE": "issue", "NOT_ISSUE": "not_issue", "WITHDRAWN": "withdrawn",
}  # fmt: skip
# SEN2 item 5.5 <ReviewOutcome>: A amend, C cease, M maintain (Capita One SEN2 tool help).
REVIEW_OUTCOMES: Final = {"A": "amend", "C": "cease", "M": "maintain"}
TRUE_FLAGS: Final = ("1", "TRUE", "Y", "YES")

MODULES: Final = {
    "person": ("persontableid", "personbirthdate", "upn"),
    "requests": ("requeststableid", "persontableid", "receiveddate", "requestoutcome",
                 "requestoutcomedate"),
    "assessment": ("assessmenttableid", "requeststableid", "assessmentoutcome",
                   "assessmentoutcomedate", "week20"),
    "namedplan": ("namedplantableid", "assessmenttableid", "startdate"),
    "activeplans": ("activeplanstableid", "requeststableid", "reviewmeeting", "reviewoutcome",
                    "lastreview"),
    "senneed": ("activeplanstableid", "sentype", "sentyperank"),
}  # fmt: skip
REQUIRED_MODULES: Final = ("person", "requests")
DATES: Final = {
    "person": ("personbirthdate",), "requests": ("receiveddate", "requestoutcomedate"),
    "assessment": ("assessmentoutcomedate",), "namedplan": ("startdate",),
    "activeplans": ("reviewmeeting", "lastreview"),
}  # fmt: skip
CODES: Final[dict[tuple[str, str], Mapping[str, str]]] = {
    ("requests", "requestoutcome"): REQUEST_OUTCOMES,
    ("assessment", "assessmentoutcome"): ASSESSMENT_OUTCOMES,
    ("activeplans", "reviewoutcome"): REVIEW_OUTCOMES,
}


def find_module_files(directory: Path) -> dict[str, Path]:
    """The module CSVs in ``directory``, by module name (``…_requests.csv`` or ``requests.csv``)."""
    found: dict[str, Path] = {}
    for path in sorted(directory.glob("*.csv")):
        module = path.stem.lower().rsplit("_", 1)[-1]
        if module in MODULES or module in ("sen2", "plandetail", "placementdetail"):
            found[module] = path
    return found


def read_sen2(
    directory: Path, la_code: str, codes: Mapping[tuple[str, str], Mapping[str, str]] = CODES
) -> fr.EhcFrames:
    """Read the Blade export in ``directory`` for LA ``la_code``, or raise ``InputRejected``.

    ``codes`` maps (module, column) to the letter codes read there; pass corrected mappings
    if DfE's specification turns out to use different letters from :data:`CODES`.
    """
    files = find_module_files(directory)
    problems = [Problem(f"{m}.csv", f"Add the SEN2 {m} module export to the folder")
                for m in REQUIRED_MODULES if m not in files]  # fmt: skip
    tables = {m: _read_module(m, files[m], problems, codes) for m in MODULES if m in files}
    if problems:
        raise InputRejected(problems)
    parsed = {m: t for m, t in tables.items() if t is not None}
    requests = _requests(parsed).with_columns(pl.lit(la_code).alias("la_code"))
    reviews = _reviews(parsed).with_columns(pl.lit(la_code).alias("la_code"))
    return fr.assemble(requests, fr.empty(fr.ADVICE_SCHEMA), reviews)


def _blade_date(column: str) -> pl.Expr:
    first = pl.col(column).str.split(" ").list.first()
    english = first.str.strptime(pl.Date, "%Y-%b-%d", strict=False)
    return pl.coalesce(english, first.str.strptime(pl.Date, "%Y-%m-%d", strict=False)).alias(column)


def _read_module(
    module: str,
    path: Path,
    problems: list[Problem],
    codes: Mapping[tuple[str, str], Mapping[str, str]],
) -> pl.DataFrame | None:
    raw, found = cc.read_text_csv(path, path.name)
    if raw is None:
        problems.extend(found)
        return None
    missing = cc.missing_columns(raw, path.name, MODULES[module])
    if missing:
        problems.extend(missing)
        return None
    frame = cc.keep_raw(raw, raw.columns)
    rules = [cc.Rule(c, cc.unparsed(c), "Enter a date as YYYY-Mon-DD or YYYY-MM-DD")
             for c in DATES.get(module, ())]  # fmt: skip
    frame = frame.with_columns(_blade_date(c) for c in DATES.get(module, ()))
    for (owner, column), mapping in codes.items():
        if owner == module:
            code = pl.col(column).str.to_uppercase().replace_strict(dict(mapping), default=None)
            frame = frame.with_columns(code.alias(column))
            allowed = ", ".join(k for k in mapping if len(k) == 1)
            rules.append(
                cc.Rule(column, cc.unparsed(column), f"Enter one of {allowed}, or leave it blank")
            )
    problems.extend(cc.problems_for(frame, path.name, rules))
    return frame


def _requests(t: dict[str, pl.DataFrame]) -> pl.DataFrame:
    person = t["person"].select(
        "persontableid", pl.col("personbirthdate").alias("date_of_birth"),
        pl.col("upn").str.to_uppercase(),
    )  # fmt: skip
    source = pl.col("requestsource") if "requestsource" in t["requests"].columns else pl.lit(None)
    frame = t["requests"].select(
        pl.col("requeststableid").alias("request_id"), "persontableid",
        pl.col("persontableid").alias("person_id"), source.cast(pl.String).alias("request_source"),
        pl.col("receiveddate").alias("received_on"), pl.col("requestoutcome").alias("decision"),
        pl.col("requestoutcomedate").alias("decision_on"),
    ).join(person, on="persontableid", how="left")  # fmt: skip
    frame = _join_assessment(frame, t)
    return _join_need(frame, t)


def _join_assessment(frame: pl.DataFrame, t: dict[str, pl.DataFrame]) -> pl.DataFrame:
    if "assessment" not in t:
        return frame.with_columns(pl.lit(False).alias("exceptions_apply"))
    assessment = t["assessment"].unique("requeststableid", keep="first", maintain_order=True)
    assessment = assessment.select(
        pl.col("requeststableid").alias("request_id"), "assessmenttableid",
        pl.col("assessmentoutcome").alias("assessment_outcome"),
        pl.col("assessmentoutcomedate").alias("assessment_outcome_on"),
        pl.col("week20").str.to_uppercase().is_in(TRUE_FLAGS).alias("exceptions_apply"),
    )  # fmt: skip
    frame = frame.join(assessment, on="request_id", how="left")
    if "namedplan" in t:
        plans = (
            t["namedplan"]
            .group_by("assessmenttableid")
            .agg(pl.col("startdate").min().alias("final_issued_on"))
        )
        frame = frame.join(plans, on="assessmenttableid", how="left")
    return frame.with_columns(pl.col("exceptions_apply").fill_null(False))


def _join_need(frame: pl.DataFrame, t: dict[str, pl.DataFrame]) -> pl.DataFrame:
    if "activeplans" not in t or "senneed" not in t:
        return frame
    primary = (
        t["senneed"]
        .filter(pl.col("sentyperank") == "1")
        .unique("activeplanstableid", keep="first", maintain_order=True)
    )
    needs = (
        t["activeplans"]
        .join(primary, on="activeplanstableid", how="inner")
        .select(
            pl.col("requeststableid").alias("request_id"),
            pl.col("sentype").str.to_uppercase().alias("primary_need"),
        )
    )
    return frame.join(needs.unique("request_id", keep="first", maintain_order=True),
                      on="request_id", how="left")  # fmt: skip


def _reviews(t: dict[str, pl.DataFrame]) -> pl.DataFrame:
    if "activeplans" not in t:
        return fr.empty(fr.REVIEWS_SCHEMA)
    people = t["requests"].select(pl.col("requeststableid"), pl.col("persontableid"))
    plans = t["activeplans"].filter(pl.col("reviewmeeting").is_not_null())
    return plans.join(people, on="requeststableid", how="left").select(
        pl.col("activeplanstableid").alias("plan_id"), pl.col("persontableid").alias("person_id"),
        pl.col("reviewmeeting").alias("review_meeting_on"),
        pl.col("reviewoutcome").alias("decision"), pl.col("lastreview").alias("decision_on"),
    )  # fmt: skip


@dataclass(frozen=True)
class Check:
    """One pre-submission data-quality check: what it finds, how many, which records, what to do."""

    label: str
    count: int
    record_ids: tuple[str, ...]
    action: str


def data_quality_checks(frames: fr.EhcFrames, reference_date: date) -> list[Check]:
    """Checks a council should clear before submitting SEN2, as at ``reference_date``.

    Every check is returned, in a fixed order, even when it finds nothing (count 0).
    """
    req, rev = frames.requests, frames.reviews
    bad_upns = cc.invalid_values(req, "upn", is_valid_upn)
    col, ref = pl.col, pl.lit(reference_date)
    decision_late = clock.last_day_expr("received_on", clock.DECISION_WEEKS) < ref
    plan_late = clock.last_day_expr("received_on", clock.FINAL_PLAN_WEEKS) < ref
    review_late = clock.last_day_expr("review_meeting_on", clock.REVIEW_DECISION_WEEKS) < ref
    specs = [
        (req, "request_id", "UPN check letter is wrong", col("upn").is_in(bad_upns),
         "Correct the UPN from the school's records, or leave it blank and give the reason"),
        (req, "request_id", "Decision is dated before the request was received",
         col("decision_on") < col("received_on"), "Correct the request or decision date"),
        (req, "request_id", "Plan issued without a decision to assess",
         col("final_issued_on").is_not_null() & col("decision").fill_null("").ne("assess"),
         "Record the decision to assess and its date, or remove the plan"),
        (req, "request_id", "Plan start date is before the request was received",
         col("final_issued_on") < col("received_on"), "Correct the plan start date"),
        (req, "request_id", "No decision recorded more than 6 weeks after the request",
         col("decision").is_null() & decision_late,
         "Record the decision and its date, or confirm it is still outstanding"),
        (req, "request_id", "Assessing, with no outcome more than 20 weeks after the request",
         (col("decision") == "assess") & col("assessment_outcome").is_null()
         & col("final_issued_on").is_null() & plan_late,
         "Record the assessment outcome or the plan start date"),
        (req, "request_id", "Plan issued with no primary need recorded",
         col("final_issued_on").is_not_null() & col("primary_need").is_null(),
         "Record the SEN type with rank 1 in the senneed module"),
        (req, "request_id", "Date after the reference date",
         pl.any_horizontal(col(c) > ref for c in ("received_on", "decision_on", "final_issued_on")),
         "Correct the date: activity after the reference date is not returned"),
        (rev, "plan_id", "Review decision is dated before the review meeting",
         col("decision_on") < col("review_meeting_on"), "Correct the review or decision date"),
        (rev, "plan_id", "No review decision more than 4 weeks after the meeting",
         col("decision").is_null() & review_late, "Record the review outcome (A, C or M) and date"),
    ]  # fmt: skip
    return [
        _check(frame, id_col, label, mask, action) for frame, id_col, label, mask, action in specs
    ]


def _check(frame: pl.DataFrame, id_col: str, label: str, mask: pl.Expr, action: str) -> Check:
    ids = frame.filter(mask.fill_null(False)).get_column(id_col).unique().sort().to_list()
    return Check(label=label, count=len(ids), record_ids=tuple(ids), action=action)
