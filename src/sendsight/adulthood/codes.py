"""The code lists of preparing-for-adulthood records.

Activity codes are the NCCIS current-activity codes that local authorities return to DfE
(*NCCIS management information requirement*, Appendix A "Current activity"; 2020 to 2021
edition, December 2019): 2xx education, 310 apprenticeship, 3xx employment, 4xx training (460
supported internship), 530 and 5xx/6xx not in education, employment or training (NEET), 710
custody, 8xx not known. They are data (``data/nccis_activity_codes.yaml``), checked against
public analyses of NCCIS extracts but not yet against DfE's own table (UNCONFIRMED, ADR 1501);
a record keeps the three-digit code, so it can be matched to the LA's own NCCIS return.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import yaml

from sendsight.core.errors import InputRejected, Problem

EDUCATION: Final = "education"
APPRENTICESHIP: Final = "apprenticeship"
SUPPORTED_INTERNSHIP: Final = "supported_internship"
TRAINING: Final = "training"
EMPLOYMENT: Final = "employment"
NEET: Final = "neet"
NOT_KNOWN: Final = "not_known"
OTHER: Final = "other"

#: Groups counted as education, employment or training (EET).
EET_GROUPS: Final = frozenset(
    {EDUCATION, APPRENTICESHIP, SUPPORTED_INTERNSHIP, TRAINING, EMPLOYMENT}
)
#: Groups that count as education for DfE's sustained-education rule (all of the two terms).
LEARNING_GROUPS: Final = frozenset({EDUCATION, APPRENTICESHIP, SUPPORTED_INTERNSHIP, TRAINING})

GROUP_NAMES: Final = {
    EDUCATION: "Education",
    APPRENTICESHIP: "Apprenticeship",
    SUPPORTED_INTERNSHIP: "Supported internship",
    TRAINING: "Training",
    EMPLOYMENT: "Employment",
    NEET: "Not in education, employment or training",
    NOT_KNOWN: "Not known",
    OTHER: "Other",
}

#: Where the shipped code list is (a council may replace the file; same shape, see its header).
CODES_FILE: Final = Path(__file__).with_name("data") / "nccis_activity_codes.yaml"


def load_activity_codes(path: Path = CODES_FILE) -> dict[str, tuple[str, str]]:
    """The activity codes of a code-list file as ``code: (label, group)``; a code with no
    label or a group that is not one of ``GROUP_NAMES`` is refused (``InputRejected``)."""
    held = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = held.get("codes") if isinstance(held, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise InputRejected([Problem(path.name, "List the activity codes under codes:", 1)])
    problems, codes = [], {}
    for code, entry in entries.items():
        label = entry.get("label") if isinstance(entry, dict) else None
        group = entry.get("group") if isinstance(entry, dict) else None
        if not label or group not in GROUP_NAMES:
            message = "Give each code a label and one of the groups " + ", ".join(GROUP_NAMES)
            problems.append(Problem(path.name, message, None, f"codes.{code}", str(entry)))
            continue
        codes[str(code)] = (str(label), str(group))
    if problems:
        raise InputRejected(problems)
    return codes


def _configured_codes() -> dict[str, tuple[str, str]]:
    from sendsight.config import get_settings

    return load_activity_codes(get_settings().nccis_codes_file or CODES_FILE)


#: code: (label, group), from the shipped NCCIS code list (UNCONFIRMED against DfE's annex:
#: see the file's header and ADR 1501) or the council's own (``SENDSIGHT_NCCIS_CODES_FILE``).
ACTIVITY_CODES: Final[dict[str, tuple[str, str]]] = _configured_codes()

#: The three pathways a young person may choose (North Yorkshire's model).
PATHWAYS: Final = {
    "personal_progress": "Personal progress",
    "independence": "Independence",
    "employment": "Employment",
}

#: How far a goal has come, as recorded at the review.
PROGRESS: Final = {
    "not_started": "Not started",
    "some": "Some progress",
    "good": "Good progress",
    "achieved": "Achieved",
}

#: The four preparing-for-adulthood areas (SEND Code of Practice 2015, paragraph 8.3).
AREAS: Final = {
    "employment": "Employment",
    "independent_living": "Independent living",
    "community": "Friends, relationships and community",
    "health": "Good health",
}

#: What a young person's aspiration is mostly about, for the commissioning signal.
THEMES: Final = {
    "paid_work": "A paid job",
    "college_course": "A college course",
    "university": "University",
    "apprenticeship": "An apprenticeship",
    "supported_internship": "A supported internship",
    "own_home": "A home of their own",
    "supported_living": "Supported living",
    "friends_leisure": "Friends, sport and leisure",
    "travel": "Travelling on their own",
    "health": "Staying healthy",
}

#: Why a plan ended: the SEN2 reasons a plan ceases (DfE SEN2 guidance), by short code.
CEASED_REASONS: Final = {
    "employment": "Moved into paid employment",
    "higher_education": "Moved into higher education",
    "needs_met": "Needs met without a plan",
    "max_age": "Reached 25 (maximum age)",
    "transfer": "Moved to another local authority",
    "no_engagement": "Young person no longer wished to engage in education or training",
    "moved_abroad": "Moved outside England",
    "other": "Other reason",
}


def activity_group(code: str) -> str:
    """The group of an activity code (``OTHER`` when unknown)."""
    return ACTIVITY_CODES.get(code, ("", OTHER))[1]
