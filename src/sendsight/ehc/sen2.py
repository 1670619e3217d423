"""Read an LA's SEN2 person-level return (the DfE COLLECT "Blade" CSV export) into EHC frames.

A folder holding one XML file instead (the return as sent to DfE) is read by
:mod:`sendsight.ehc.sen2_xml`, which turns it into these module tables and the same checks.

COLLECT exports one CSV per module (``Blade-Export_<DD-MM-YYYY>_<module>.csv``); each row has
its own ``<module>tableid`` and its parent's id (person → requests → assessment → namedplan;
requests → activeplans → senneed). Dates look like ``2022-Sep-28 00:00:00`` (ISO dates are
accepted too). The export carries no advice records and no draft-plan dates, so ``advice`` is
empty and ``draft_issued_on`` is null.

The letter codes of ``requestoutcome`` and ``assessmentoutcome`` are not confirmed from the DfE
specification (docs/decisions/0201-ehc-clock.md); the mappings below also accept the words.
Structural faults (a module or column missing, a bad date, an unknown code) and the rules the
template reader applies too (:mod:`sendsight.ehc.caserules`: ids unique, a person or request that
is not in its module, a decision before its request, a request before the child's birth, a wrong
UPN check letter, text too long for the database) raise ``InputRejected``;
:func:`data_quality_checks` then lists what a council should fix before submitting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Final

import polars as pl
from sqlalchemy import ColumnElement

from sendsight.core.errors import InputRejected, Problem
from sendsight.ehc import caserules as rules
from sendsight.ehc import clock
from sendsight.ehc import csvcheck as cc
from sendsight.ehc import frames as fr
from sendsight.ehc.models import EhcRequest, EhcReview

# UNCONFIRMED letter codes (DfE SEN2 guide items 2.4 and 3.1); words accepted as well.
REQUEST_OUTCOMES: Final = {
    "A": "assess",
    "N": "not_assess",
    "W": "withdrawn",
    "ASSESS": "assess",
    "NOT_ASSESS": "not_assess",
    "WITHDRAWN": "withdrawn",
}
ASSESSMENT_OUTCOMES: Final = {
    "Y": "issue",
    "I": "issue",
    "N": "not_issue",
    "W": "withdrawn",
    "ISSUE": "issue",
    "NOT_ISSUE": "not_issue",
    "WITHDRAWN": "withdrawn",
}
# SEN2 item 5.5 <ReviewOutcome>: A amend, C cease, M maintain (Capita One SEN2 tool help).
REVIEW_OUTCOMES: Final = {"A": "amend", "C": "cease", "M": "maintain"}
TRUE_FLAGS: Final = ("1", "TRUE", "Y", "YES")

MODULES: Final = {
    "person": ("persontableid", "personbirthdate", "upn"),
    "requests": (
        "requeststableid",
        "persontableid",
        "receiveddate",
        "requestoutcome",
        "requestoutcomedate",
    ),
    "assessment": (
        "assessmenttableid",
        "requeststableid",
        "assessmentoutcome",
        "assessmentoutcomedate",
        "week20",
    ),
    "namedplan": ("namedplantableid", "assessmenttableid", "startdate"),
    "activeplans": (
        "activeplanstableid",
        "requeststableid",
        "reviewmeeting",
        "reviewoutcome",
        "lastreview",
    ),
    "senneed": ("activeplanstableid", "sentype", "sentyperank"),
}
REQUIRED_MODULES: Final = ("person", "requests")
DATES: Final = {
    "person": ("personbirthdate",),
    "requests": ("receiveddate", "requestoutcomedate"),
    "assessment": ("assessmentoutcomedate",),
    "namedplan": ("startdate",),
    "activeplans": ("reviewmeeting", "lastreview"),
}
CODES: Final[dict[tuple[str, str], Mapping[str, str]]] = {
    ("requests", "requestoutcome"): REQUEST_OUTCOMES,
    ("assessment", "assessmentoutcome"): ASSESSMENT_OUTCOMES,
    ("activeplans", "reviewoutcome"): REVIEW_OUTCOMES,
}
DATE_MESSAGE: Final = "Enter a real date as YYYY-Mon-DD or YYYY-MM-DD, for example 2024-Mar-31"
# Each module's own id: COLLECT's key for the row, so it appears once.
OWN_IDS: Final = {m: columns[0] for m, columns in MODULES.items() if m != "senneed"}
VALUES_REQUIRED: Final = {
    "person": ("persontableid",),
    "requests": ("requeststableid", "persontableid", "receiveddate"),
    "activeplans": ("activeplanstableid", "requeststableid"),
}
_REQUEST, _REVIEW = EhcRequest.__table__.c, EhcReview.__table__.c
STORED_AS: Final[dict[str, dict[str, ColumnElement[Any]]]] = {
    "person": {"persontableid": _REQUEST.person_id},
    "requests": {
        "requeststableid": _REQUEST.request_id,
        "persontableid": _REQUEST.person_id,
        "requestsource": _REQUEST.request_source,
    },
    "activeplans": {"activeplanstableid": _REVIEW.plan_id},
}
BIRTH: Final = "_personbirthdate"


def find_module_files(directory: Path) -> dict[str, Path]:
    """The module CSVs in ``directory``, by module name (``…_requests.csv`` or ``requests.csv``)."""
    found: dict[str, Path] = {}
    for path in sorted(directory.glob("*.csv")):
        module = path.stem.lower().rsplit("_", 1)[-1]
        if module in MODULES or module in ("sen2", "plandetail", "placementdetail"):
            found[module] = path
    return found


def source_files(directory: Path) -> list[Path]:
    """The files a SEN2 folder is read from: its module CSVs, or else its XML return."""
    files = find_module_files(directory)
    return sorted(files.values()) if files else sorted(directory.glob("*.xml"))


def read_sen2(
    directory: Path, la_code: str, codes: Mapping[tuple[str, str], Mapping[str, str]] = CODES
) -> fr.EhcFrames:
    """Read the Blade export (or the XML return) in ``directory`` for LA ``la_code``, or raise
    ``InputRejected``.

    ``codes`` maps (module, column) to the letter codes read there; pass corrected mappings
    if DfE's specification turns out to use different letters from :data:`CODES`.
    """
    files = find_module_files(directory)
    returns = sorted(directory.glob("*.xml"))
    if returns and not files:
        if len(returns) > 1:
            raise InputRejected([Problem(returns[1].name, "Upload one SEN2 XML return at a time")])
        from sendsight.ehc.sen2_xml import read_sen2_xml

        return read_sen2_xml(returns[0], la_code, codes=codes)
    problems = [Problem(f"{m}.csv", f"Add the SEN2 {m} module export to the folder")
                for m in REQUIRED_MODULES if m not in files]  # fmt: skip
    tables = {m: _read_module(m, files[m], problems, codes) for m in MODULES if m in files}
    parsed = {m: t for m, t in tables.items() if t is not None}
    problems += _cross_module_problems(parsed, files)
    if problems:
        raise InputRejected(problems)
    requests = _requests(parsed).with_columns(pl.lit(la_code).alias("la_code"))
    reviews = _reviews(parsed).with_columns(pl.lit(la_code).alias("la_code"))
    return fr.assemble(requests, fr.empty(fr.ADVICE_SCHEMA), reviews)


def _blade_date(text: pl.Expr) -> pl.Expr:
    first = text.str.split(" ").list.first()
    english = first.str.strptime(pl.Date, "%Y-%b-%d", strict=False)
    return pl.coalesce(english, first.str.strptime(pl.Date, "%Y-%m-%d", strict=False))


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
    dates = DATES.get(module, ())
    frame = frame.with_columns(cc.parse_date(c, _blade_date) for c in dates)
    checks = [r for c in dates for r in cc.date_rules(c, DATE_MESSAGE, _blade_date)]
    for (owner, column), mapping in codes.items():
        if owner == module:
            code = pl.col(column).str.to_uppercase().replace_strict(dict(mapping), default=None)
            frame = frame.with_columns(code.alias(column))
            allowed = ", ".join(k for k in mapping if len(k) == 1)
            checks.append(
                cc.Rule(column, cc.unparsed(column), f"Enter one of {allowed}, or leave it blank")
            )
    checks += _module_rules(module, frame)
    problems.extend(cc.problems_for(frame, path.name, checks))
    return frame


def _module_rules(module: str, frame: pl.DataFrame) -> list[cc.Rule]:
    """The template's rules on one module's own rows: values present, ids unique, UPNs and
    SEN types valid, text short enough for the database, no decision before its request."""
    found = [rules.required(c, f"the {c}") for c in VALUES_REQUIRED.get(module, ())]
    if module in OWN_IDS:
        own = OWN_IDS[module]
        found.append(rules.unique([own], f"Each {own} must appear only once in the file"))
    found += rules.length_rules(frame, STORED_AS.get(module, {}))
    if module == "person":
        found.append(rules.valid_upn(frame.with_columns(pl.col("upn").str.to_uppercase()), "upn"))
    if module == "requests":
        found.append(
            rules.not_before(
                "requestoutcomedate",
                "requestoutcomedate",
                "receiveddate",
                rules.DECISION_BEFORE_REQUEST,
            )
        )
    if module == "senneed":
        need = pl.col("sentype").str.to_uppercase()
        message = "Enter a SEN type code such as ASD, SEMH or SLCN"
        found.append(cc.Rule("sentype", ~need.is_in(fr.SEN_TYPES), message))
    return found


def _cross_module_problems(t: dict[str, pl.DataFrame], files: dict[str, Path]) -> list[Problem]:
    """Rows that name a person or request missing from its module, and requests received
    before the person was born (reported on the requests file's line)."""
    found: list[Problem] = []
    if "person" in t and "requests" in t:
        person = t["person"].unique("persontableid", keep="first", maintain_order=True)
        births = person.select("persontableid", pl.col("personbirthdate").alias(BIRTH))
        requests = t["requests"].join(births, on="persontableid", how="left", maintain_order="left")
        checks = [
            rules.known(
                "persontableid",
                _ids(person, "persontableid"),
                "The persontableid must match a persontableid in the person module",
            ),
            rules.born_before(
                "receiveddate",
                BIRTH,
                "receiveddate",
                "The request must be received after the person's date of birth "
                "(personbirthdate in the person module)",
            ),
        ]
        found += cc.problems_for(requests, files["requests"].name, checks)
    if "requests" in t and "activeplans" in t:
        message = "The requeststableid must match a requeststableid in the requests module"
        check = rules.known("requeststableid", _ids(t["requests"], "requeststableid"), message)
        found += cc.problems_for(t["activeplans"], files["activeplans"].name, [check])
    return found


def _ids(frame: pl.DataFrame, column: str) -> set[str]:
    return set(frame.get_column(column).drop_nulls().to_list())


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

    Every check is returned, in a fixed order, even when it finds nothing (count 0). A wrong
    UPN check letter or a decision dated before its request is not a check: :func:`read_sen2`
    refuses the file, as the template reader does.
    """
    req, rev = frames.requests, frames.reviews
    col, ref = pl.col, pl.lit(reference_date)
    decision_late = clock.last_day_expr("received_on", clock.DECISION_WEEKS) < ref
    plan_late = clock.last_day_expr("received_on", clock.FINAL_PLAN_WEEKS) < ref
    review_late = clock.last_day_expr("review_meeting_on", clock.REVIEW_DECISION_WEEKS) < ref
    specs = [
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
