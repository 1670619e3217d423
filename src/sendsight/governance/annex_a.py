"""The person-level lists inspectors ask for (Annex A): List 1 (EHC plans), List 2 (SEN support),
the data-quality report an inspector's analyst would run on them, and the workbook.

Pure frame-in, frame-out functions (unit-tested on tiny frames); :func:`build_lists` is the one
that reads the store. List 1 has one row per person with a current EHC plan: a final plan issued
(from their EHC request) or an annual review of a plan, and no later decision to cease it. Fields
the EHC case record does not hold (gender, ethnicity, ULN, phase, exclusions, absence, Pupil
Premium, social care, disability) come from the pupil-level census row matched by the LA's person
id, else by UPN; with no match they are left blank (``docs/governance.md`` lists every column's
source). List 2 has one row per census pupil with SEN provision K (SEN support); its frame keeps the
census's elective home education flag for the checks, though the list does not show it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import IO, Any, Final

import polars as pl

from sendsight.governance import codes

# Column names used while building (the workbook headers are in ``codes``).
L1: Final = (
    "unique_id",
    "upn",
    "uln",
    "date_of_birth",
    "gender",
    "ethnicity",
    "initial_issued_on",
    "updated_issued_on",
    "last_reviewed_on",
    "primary_need",
    "urn",
    "phase",
    "subsidiary_phase",
    "elective_home_education",
    "suspensions",
    "permanent_exclusions",
    "absence_pct",
    "pupil_premium",
    "known_to_csc",
    "csc_team",
    "disability",
)
L2: Final = tuple(
    c
    for c in L1
    if c
    not in ("initial_issued_on", "updated_issued_on", "last_reviewed_on", "elective_home_education")
)
DATE_COLUMNS: Final = (
    "date_of_birth",
    "initial_issued_on",
    "updated_issued_on",
    "last_reviewed_on",
)
# Compulsory school age: from the term after a child's 5th birthday to the last Friday in June of
# the school year they turn 16 (Education Act 1996 s8); taken here as ages 5 to 15 completed.
SCHOOL_AGE: Final = (5, 15)
# Annex A asks for identifiers at 6 and over (a UPN, or a ULN past school).
IDENTIFIER_AGE: Final = 6
MAX_AGE: Final = 25  # EHC plans run to 25 (Children and Families Act 2014 s46)


@dataclass(frozen=True)
class Check:
    """One data-quality check: what it looks for and the Unique IDs (by list) it found."""

    key: str
    label: str
    action: str
    found: dict[str, list[str]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """How many records the check found, over both lists."""
        return sum(len(ids) for ids in self.found.values())


@dataclass(frozen=True)
class AnnexA:
    """Both lists as frames (columns ``L1`` and ``L2``) and the data-quality checks."""

    la_code: str
    as_of: date
    list_1: pl.DataFrame
    list_2: pl.DataFrame
    checks: list[Check]

    @property
    def problems(self) -> int:
        """Records found by any check (a record in two checks counts twice)."""
        return sum(c.count for c in self.checks)


def current_plans(requests: pl.DataFrame, reviews: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """One row per person with a current EHC plan at ``as_of`` (see the module docstring)."""
    issued = (
        requests.filter(
            pl.col("final_issued_on").is_not_null() & (pl.col("final_issued_on") <= as_of)
        )
        .sort("final_issued_on")
        .group_by("person_id", maintain_order=True)
        .agg(
            pl.col("final_issued_on").min().alias("initial_issued_on"),
            pl.col("upn").drop_nulls().last(),
            pl.col("date_of_birth").drop_nulls().last(),
            pl.col("primary_need").drop_nulls().last(),
            pl.col("setting_urn").drop_nulls().last(),
        )
    )
    held = (
        reviews.filter(pl.col("review_meeting_on") <= as_of)
        .group_by("person_id", maintain_order=True)
        .agg(
            pl.col("review_meeting_on").max().alias("last_reviewed_on"),
            pl.col("amended_plan_issued_on")
            .filter(pl.col("amended_plan_issued_on") <= as_of)
            .max()
            .alias("updated_issued_on"),
            pl.col("decision_on")
            .filter((pl.col("decision") == "cease") & (pl.col("decision_on") <= as_of))
            .max()
            .alias("ceased_on"),
        )
    )
    both = issued.join(held, on="person_id", how="full", coalesce=True)
    ceased = pl.col("ceased_on").is_not_null() & (
        pl.col("initial_issued_on").is_null() | (pl.col("initial_issued_on") <= pl.col("ceased_on"))
    )
    return both.filter(~ceased).drop("ceased_on").sort("person_id")


def _census_fields(census: pl.DataFrame) -> pl.DataFrame:
    return census.select(
        "upn",
        "person_id",
        "uln",
        "date_of_birth",
        "gender",
        "ethnicity",
        "primary_need",
        "urn",
        "phase",
        "subsidiary_phase",
        "elective_home_education",
        "suspensions",
        "permanent_exclusions",
        "absence_pct",
        "pupil_premium",
        "csc_team",
        "disability",
    )


def list_one(plans: pl.DataFrame, census: pl.DataFrame) -> pl.DataFrame:
    """List 1 from the current plans and the census rows (matched by person id, else UPN)."""
    fields = _census_fields(census.filter(pl.col("sen_provision") == "E")).with_columns(
        pl.lit(True).alias("matched")
    )
    by_person = fields.filter(pl.col("person_id").is_not_null()).unique("person_id", keep="first")
    by_person = by_person.rename({c: f"{c}__p" for c in by_person.columns if c != "person_id"})
    by_upn = fields.drop("person_id").rename(
        {c: f"{c}__u" for c in fields.columns if c not in ("upn", "person_id")}
    )
    joined = plans.join(by_person, on="person_id", how="left").join(by_upn, on="upn", how="left")

    def from_census(name: str) -> pl.Expr:
        return pl.coalesce(pl.col(f"{name}__p"), pl.col(f"{name}__u"))

    matched = from_census("matched").fill_null(False)
    return joined.select(
        pl.col("person_id").alias("unique_id"),
        pl.coalesce("upn", "upn__p").alias("upn"),
        from_census("uln").alias("uln"),
        pl.coalesce("date_of_birth", from_census("date_of_birth")).alias("date_of_birth"),
        from_census("gender").alias("gender"),
        from_census("ethnicity").alias("ethnicity"),
        "initial_issued_on",
        "updated_issued_on",
        "last_reviewed_on",
        pl.coalesce("primary_need", from_census("primary_need")).alias("primary_need"),
        # The census is the later record of where the child is; the EHC request's setting is
        # where they were when the request was made.
        pl.coalesce(from_census("urn"), "setting_urn").alias("urn"),
        from_census("phase").alias("phase"),
        from_census("subsidiary_phase").alias("subsidiary_phase"),
        from_census("elective_home_education").alias("elective_home_education"),
        from_census("suspensions").alias("suspensions"),
        from_census("permanent_exclusions").alias("permanent_exclusions"),
        from_census("absence_pct").alias("absence_pct"),
        from_census("pupil_premium").alias("pupil_premium"),
        pl.when(matched)
        .then(from_census("csc_team").is_not_null())
        .otherwise(None)
        .alias("known_to_csc"),
        from_census("csc_team").alias("csc_team"),
        from_census("disability").alias("disability"),
    ).sort("unique_id")


def pseudonym(la_code: str, upn: str) -> str:
    """A stable Unique ID for a census pupil the LA has given no person id."""
    return "SS-" + hashlib.sha256(f"{la_code}:{upn}".encode()).hexdigest()[:12].upper()


def list_two(census: pl.DataFrame, la_code: str) -> pl.DataFrame:
    """List 2: every census pupil on SEN support (provision K)."""
    support = census.filter(pl.col("sen_provision") == "K")
    ids = [pseudonym(la_code, u) for u in support.get_column("upn").to_list()]
    return (
        support.with_columns(
            pl.coalesce(pl.col("person_id"), pl.Series("ids", ids, pl.String)).alias("unique_id"),
            pl.col("csc_team").is_not_null().alias("known_to_csc"),
        )
        .select(*L2, "elective_home_education")
        .sort("unique_id")
    )


def _age(as_of: date) -> pl.Expr:
    dob = pl.col("date_of_birth")
    # Month and day are Int8 in Polars: widen before multiplying (12 * 100 overflows Int8).
    month_day = dob.dt.month().cast(pl.Int32) * 100 + dob.dt.day().cast(pl.Int32)
    before = month_day > (as_of.month * 100 + as_of.day)
    return pl.lit(as_of.year) - dob.dt.year() - before.cast(pl.Int32)


def _dates(frame: pl.DataFrame) -> list[str]:
    return [c for c in DATE_COLUMNS if c in frame.columns]


CHECKS: Final[tuple[tuple[str, str, str], ...]] = (
    ("missing_dob", "No date of birth", "Add the date of birth to the case or census record"),
    ("missing_gender", "No gender", "Add the pupil's gender to the census record"),
    ("missing_ethnicity", "No ethnicity", "Add the ethnicity code (or REFU) to the census record"),
    ("missing_need", "No SEN primary need", "Record the primary need"),
    ("age_25_plus", "Aged 25 or over", "Check the date of birth, or cease the plan"),
    ("future_dates", "A date in the future", "Correct the date"),
    (
        "dates_out_of_order",
        "Dates out of order",
        "Check the dates: birth, then the plan issued, then its update and reviews",
    ),
    ("no_identifier", "No UPN or ULN at 6 or over", "Add the UPN (or ULN after school)"),
    (
        "no_establishment",
        "School age with no establishment and not home educated",
        "Record the school's URN, or elective home education",
    ),
    ("duplicate_upn", "UPN on more than one record", "Keep one record per child"),
)


def _found(frame: pl.DataFrame, condition: pl.Expr) -> list[str]:
    return frame.filter(condition.fill_null(False)).get_column("unique_id").to_list()


def _conditions(frame: pl.DataFrame, as_of: date) -> dict[str, pl.Expr]:
    age = _age(as_of)
    dates = _dates(frame)
    future = pl.any_horizontal([pl.col(c) > as_of for c in dates])
    order = [pl.col("date_of_birth") > pl.col(c) for c in dates if c != "date_of_birth"]
    if "initial_issued_on" in frame.columns:
        order += [
            pl.col("updated_issued_on") < pl.col("initial_issued_on"),
            pl.col("last_reviewed_on") < pl.col("initial_issued_on"),
        ]
    # A column-shaped False (a bare literal predicate trips Polars on chunked frames).
    never = pl.col("unique_id").is_null() & pl.lit(False)
    ehe = pl.col("elective_home_education") if "elective_home_education" in frame.columns else never
    return {
        "missing_dob": pl.col("date_of_birth").is_null(),
        "missing_gender": pl.col("gender").is_null(),
        "missing_ethnicity": pl.col("ethnicity").is_null(),
        "missing_need": pl.col("primary_need").is_null(),
        "age_25_plus": age >= MAX_AGE,
        "future_dates": future,
        "dates_out_of_order": pl.any_horizontal([o.fill_null(False) for o in order])
        if order
        else never,
        "no_identifier": (age >= IDENTIFIER_AGE)
        & pl.col("upn").is_null()
        & pl.col("uln").is_null(),
        "no_establishment": age.is_between(*SCHOOL_AGE)
        & pl.col("urn").is_null()
        & ~ehe.fill_null(False),
    }


def quality_checks(list_1: pl.DataFrame, list_2: pl.DataFrame, as_of: date) -> list[Check]:
    """Every check on both lists; a UPN held by two records (in either list) is a duplicate."""
    found: dict[str, dict[str, list[str]]] = {key: {} for key, _, _ in CHECKS}
    for name, frame in (("List_1", list_1), ("List_2", list_2)):
        for key, condition in _conditions(frame, as_of).items():
            ids = _found(frame, condition)
            if ids:
                found[key][name] = ids
    upns = pl.concat(
        [
            list_1.select("upn", "unique_id").with_columns(pl.lit("List_1").alias("l")),
            list_2.select("upn", "unique_id").with_columns(pl.lit("List_2").alias("l")),
        ]
    )
    twice = upns.filter(pl.col("upn").is_not_null() & pl.col("upn").is_duplicated())
    for name in ("List_1", "List_2"):
        ids = twice.filter(pl.col("l") == name).get_column("unique_id").to_list()
        if ids:
            found["duplicate_upn"][name] = ids
    return [Check(key, label, action, found[key]) for key, label, action in CHECKS]


def assemble(
    la_code: str,
    as_of: date,
    requests: pl.DataFrame,
    reviews: pl.DataFrame,
    census: pl.DataFrame,
) -> AnnexA:
    """Both lists and their checks from the EHC frames and the census frame."""
    one = list_one(current_plans(requests, reviews, as_of), census)
    two = list_two(census, la_code)
    return AnnexA(la_code, as_of, one, two, quality_checks(one, two, as_of))


def _labels(frame: pl.DataFrame) -> pl.DataFrame:
    def yes_no(name: str) -> pl.Expr:
        return pl.when(pl.col(name)).then(pl.lit("Y")).when(~pl.col(name)).then(pl.lit("N"))

    phases = codes.PHASES
    out = [
        pl.col(c).replace_strict(phases, default=None).alias(c)
        for c in ("phase", "subsidiary_phase")
    ]
    out.append(pl.col("csc_team").replace_strict(codes.CSC_TEAMS, default=None).alias("csc_team"))
    flags = ["pupil_premium", "known_to_csc", "disability", "elective_home_education"]
    out += [yes_no(c).alias(c) for c in flags if c in frame.columns]
    return frame.with_columns(out)


def write_workbook(annex: AnnexA, out: Path | IO[bytes]) -> None:
    """Write the workbook: sheets ``List_1`` and ``List_2``, the handbook's headers in order.

    Dates are real dates, counts and the absence percentage numbers, flags ``Y``/``N``, gender and
    ethnicity the census codes, phases and social care teams in words; blanks where the source
    holds nothing.
    """
    from sendsight.governance.xlsx import write_book

    write_book(
        out,
        [
            ("List_1", codes.LIST_1_HEADERS, _labels(annex.list_1).select(L1)),
            ("List_2", codes.LIST_2_HEADERS, _labels(annex.list_2).select(L2)),
        ],
    )


def workbook_bytes(annex: AnnexA) -> bytes:
    """The workbook as bytes (for a download)."""
    buffer = BytesIO()
    write_workbook(annex, buffer)
    return buffer.getvalue()


def check_rows(checks: Sequence[Check]) -> list[dict[str, Any]]:
    """The checks as rows for a page or the command line: label, count, ids (first 20), action."""
    return [
        {
            "key": c.key,
            "label": c.label,
            "count": c.count,
            "action": c.action,
            "lists": {name: ids[:20] for name, ids in c.found.items()},
            "more": max(0, c.count - sum(min(20, len(i)) for i in c.found.values())),
        }
        for c in checks
    ]
