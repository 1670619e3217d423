"""The normalised EHC case frames: the contract between importers, metrics and the database.

Both importers (:mod:`sendsight.ehc.template` and :mod:`sendsight.ehc.sen2`) return an
:class:`EhcFrames` whose three Polars frames have exactly these columns, in this order, with these
dtypes. Codes are lower-case strings; a null means "not recorded / not happened yet".

``requests`` — one row per request for an EHC needs assessment (key: ``la_code, request_id``)

=====================  ========  ==========================================================
column                 dtype     meaning
=====================  ========  ==========================================================
la_code                String    DfE 3-digit LA code of the authority that received it
request_id             String    the LA's id for the request, unique within the LA
person_id              String    pseudonymous id of the child or young person
date_of_birth          Date      their date of birth
upn                    String    Unique Pupil Number (check letter verified) or null
request_source         String    who made the request (free code, e.g. ``parent``) or null
received_on            Date      date the request was received: the clock start
decision               String    ``assess`` / ``not_assess`` / ``withdrawn`` / null (not yet)
decision_on            Date      date of that decision
assessment_outcome     String    ``issue`` / ``not_issue`` / ``withdrawn`` / null
assessment_outcome_on  Date      date of the decision whether to issue a plan
exceptions_apply       Boolean   a reg 10(4) exception to the 20-week limit applies
draft_issued_on        Date      date the draft plan was served
final_issued_on        Date      date the final plan was issued: the 20-week clock stop
primary_need           String    SEN type code (``ASD``, ``SEMH`` … upper case) or null
setting_urn            String    6-digit URN of the school or setting the child attends, or null
=====================  ========  ==========================================================

``advice`` — one row per request for advice made during an assessment

==============  ======  ========================================================================
la_code         String  as above
request_id      String  the request the advice belongs to
advice_type     String  ``education`` / ``health`` / ``social_care`` / ``educational_psychology``
                        / ``other``
requested_on    Date    date the LA asked for the advice: the reg 8 clock start
received_on     Date    date the advice came back, or null while outstanding
==============  ======  ========================================================================

``reviews`` — one row per annual review meeting (a plan may predate the data)

======================  ======  ================================================================
la_code                 String  as above
plan_id                 String  the LA's id for the EHC plan
person_id               String  pseudonymous id of the child or young person
review_meeting_on       Date    date of the review meeting: the 4-week clock start
decision                String  ``maintain`` / ``amend`` / ``cease`` / null (not yet)
decision_on             Date    date the LA notified its decision
amended_plan_issued_on  Date    date the amended plan was issued (decision ``amend``)
======================  ======  ================================================================

Rows are sorted by ``la_code`` then their id columns, so equal input gives equal frames.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import polars as pl

REQUESTS_SCHEMA: Final[dict[str, pl.DataType]] = {
    "la_code": pl.String(),
    "request_id": pl.String(),
    "person_id": pl.String(),
    "date_of_birth": pl.Date(),
    "upn": pl.String(),
    "request_source": pl.String(),
    "received_on": pl.Date(),
    "decision": pl.String(),
    "decision_on": pl.Date(),
    "assessment_outcome": pl.String(),
    "assessment_outcome_on": pl.Date(),
    "exceptions_apply": pl.Boolean(),
    "draft_issued_on": pl.Date(),
    "final_issued_on": pl.Date(),
    "primary_need": pl.String(),
    "setting_urn": pl.String(),
}
ADVICE_SCHEMA: Final[dict[str, pl.DataType]] = {
    "la_code": pl.String(),
    "request_id": pl.String(),
    "advice_type": pl.String(),
    "requested_on": pl.Date(),
    "received_on": pl.Date(),
}
REVIEWS_SCHEMA: Final[dict[str, pl.DataType]] = {
    "la_code": pl.String(),
    "plan_id": pl.String(),
    "person_id": pl.String(),
    "review_meeting_on": pl.Date(),
    "decision": pl.String(),
    "decision_on": pl.Date(),
    "amended_plan_issued_on": pl.Date(),
}

DECISIONS: Final = ("assess", "not_assess", "withdrawn")
ASSESSMENT_OUTCOMES: Final = ("issue", "not_issue", "withdrawn")
ADVICE_TYPES: Final = ("education", "health", "social_care", "educational_psychology", "other")
REVIEW_DECISIONS: Final = ("maintain", "amend", "cease")
# SEN2 2025 item 5.8a <SENtype> (DfE person-level SEN2 guide); NSA is school-census only.
SEN_TYPES: Final = (
    "SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "DS", "OTH",
)  # fmt: skip

REQUEST_KEY: Final = ("la_code", "request_id")
ADVICE_KEY: Final = ("la_code", "request_id", "advice_type", "requested_on")
REVIEW_KEY: Final = ("la_code", "plan_id", "review_meeting_on")


@dataclass(frozen=True)
class EhcFrames:
    """The three normalised case frames for one or more local authorities."""

    requests: pl.DataFrame
    advice: pl.DataFrame
    reviews: pl.DataFrame


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """An empty frame with the given schema."""
    return pl.DataFrame(schema=schema)


def conform(
    frame: pl.DataFrame, schema: dict[str, pl.DataType], key: tuple[str, ...]
) -> pl.DataFrame:
    """``frame`` with exactly ``schema``'s columns (missing ones null), sorted by ``key``."""
    columns = [
        (pl.col(name) if name in frame.columns else pl.lit(None)).cast(dtype).alias(name)
        for name, dtype in schema.items()
    ]
    return frame.select(columns).sort(list(key), nulls_last=True, maintain_order=True)


def concat(parts: list[EhcFrames]) -> EhcFrames:
    """Several LAs' frames as one (for national fact builds)."""
    return EhcFrames(
        requests=pl.concat([p.requests for p in parts]) if parts else empty(REQUESTS_SCHEMA),
        advice=pl.concat([p.advice for p in parts]) if parts else empty(ADVICE_SCHEMA),
        reviews=pl.concat([p.reviews for p in parts]) if parts else empty(REVIEWS_SCHEMA),
    )
