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
request_index          UInt32    the row's own position, 0, 1, 2 … (see "Linking" below)
=====================  ========  ==========================================================

``advice`` — one row per request for advice made during an assessment

==============  ======  ========================================================================
la_code         String  as above
request_id      String  the request the advice belongs to
advice_type     Enum    ``education`` / ``health`` / ``social_care`` / ``educational_psychology``
                        / ``other`` (:data:`ADVICE_TYPE`)
requested_on    Date    date the LA asked for the advice: the reg 8 clock start
received_on     Date    date the advice came back, or null while outstanding
request_index   UInt32  the row of that request in ``requests``, or null if it is not there
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

**Linking.** ``request_index`` lets the metrics find an advice row's request by position instead
of matching two text columns over millions of rows. :func:`assemble` (used by every importer, the
store and the demo) and :func:`concat` set it; it is derived, never stored
(:data:`REQUESTS_SCHEMA` and :data:`ADVICE_SCHEMA` are the stored columns). Frames changed after
assembly keep a valid link as long as ``requests`` is not filtered, reordered or stacked (advice
rows may be sorted or filtered freely); :func:`linked` checks that cheaply and links afresh by
text when it no longer holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import polars as pl

DECISIONS: Final = ("assess", "not_assess", "withdrawn")
ASSESSMENT_OUTCOMES: Final = ("issue", "not_issue", "withdrawn")
ADVICE_TYPES: Final = ("education", "health", "social_care", "educational_psychology", "other")
# In alphabetical order, so sorting by the Enum sorts by name as sorting the text did.
ADVICE_TYPE: Final = pl.Enum(sorted(ADVICE_TYPES))
REQUEST_INDEX: Final = "request_index"

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
    "advice_type": ADVICE_TYPE,
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
    if not frame.width:  # no column to take the height from: a literal alone makes one row
        return empty(schema)
    columns = [
        (pl.col(name) if name in frame.columns else pl.lit(None)).cast(dtype).alias(name)
        for name, dtype in schema.items()
    ]
    return frame.select(columns).sort(list(key), nulls_last=True, maintain_order=True)


def assemble(requests: pl.DataFrame, advice: pl.DataFrame, reviews: pl.DataFrame) -> EhcFrames:
    """The normalised frames from three frames of stored columns (any order, extras dropped):
    each conformed to its schema and sorted by its key, and advice linked to its requests."""
    return link(
        EhcFrames(
            requests=conform(requests, REQUESTS_SCHEMA, REQUEST_KEY),
            advice=conform(advice, ADVICE_SCHEMA, ADVICE_KEY),
            reviews=conform(reviews, REVIEWS_SCHEMA, REVIEW_KEY),
        )
    )


def link(frames: EhcFrames) -> EhcFrames:
    """``frames`` with ``request_index`` set afresh: the row number of each request, and for
    each advice row the row of the request with its ``la_code`` and ``request_id``."""
    requests = frames.requests.drop(REQUEST_INDEX, strict=False).with_columns(
        pl.int_range(pl.len(), dtype=pl.UInt32).alias(REQUEST_INDEX)
    )
    rows = requests.select(*REQUEST_KEY, REQUEST_INDEX).unique(REQUEST_KEY, keep="first")
    advice = frames.advice.drop(REQUEST_INDEX, strict=False).join(
        rows, on=list(REQUEST_KEY), how="left", maintain_order="left"
    )
    return EhcFrames(requests=requests, advice=advice, reviews=frames.reviews)


def is_linked(frames: EhcFrames) -> bool:
    """Whether ``request_index`` is present and still consistent (see "Linking" above): the
    requests' own values are 0, 1, 2 … and every advice value names one of those rows."""
    requests, advice = frames.requests, frames.advice
    if REQUEST_INDEX not in requests.columns or REQUEST_INDEX not in advice.columns:
        return False
    own, theirs = requests.get_column(REQUEST_INDEX), advice.get_column(REQUEST_INDEX)
    if own.dtype != pl.UInt32 or theirs.dtype != pl.UInt32 or own.null_count():
        return False
    numbered = own.to_numpy()
    in_order = bool((numbered == np.arange(len(numbered), dtype=np.uint32)).all())
    largest = theirs.max()
    return in_order and (largest is None or int(largest) < len(numbered))  # type: ignore[arg-type]


def linked(frames: EhcFrames) -> EhcFrames:
    """``frames`` if :func:`is_linked`, else :func:`link` ed afresh."""
    return frames if is_linked(frames) else link(frames)


def stored(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` without the derived ``request_index`` (the columns the store keeps)."""
    return frame.drop(REQUEST_INDEX, strict=False)


def concat(parts: list[EhcFrames]) -> EhcFrames:
    """Several LAs' frames as one (for national fact builds), linked."""
    if not parts:
        return assemble(empty(REQUESTS_SCHEMA), empty(ADVICE_SCHEMA), empty(REVIEWS_SCHEMA))
    ready = [linked(p) for p in parts]
    offsets = np.cumsum([0] + [p.requests.height for p in ready[:-1]]).tolist()
    shift = [pl.col(REQUEST_INDEX) + pl.lit(n, pl.UInt32) for n in offsets]
    return EhcFrames(
        requests=pl.concat([p.requests.with_columns(s) for p, s in zip(ready, shift, strict=True)]),
        advice=pl.concat([p.advice.with_columns(s) for p, s in zip(ready, shift, strict=True)]),
        reviews=pl.concat([p.reviews for p in ready]),
    )
