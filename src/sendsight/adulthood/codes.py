"""The code lists of preparing-for-adulthood records.

Activity codes follow the NCCIS current-activity codes that local authorities return to DfE
(*NCCIS management information requirement*, annex of activity codes): 1xx education, 2xx
employment and apprenticeships, 3xx training (supported internships and traineeships), 5xx and
6xx not in education, employment or training (NEET), 7xx custody, 8xx activity not known. A
record keeps the three-digit code, so it can be matched to the LA's own NCCIS return.
"""

from __future__ import annotations

from typing import Final

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

#: code: (description, group)
ACTIVITY_CODES: Final[dict[str, tuple[str, str]]] = {
    "110": ("Full-time education: school sixth form", EDUCATION),
    "120": ("Full-time education: sixth form college", EDUCATION),
    "130": ("Full-time education: further education", EDUCATION),
    "140": ("Full-time education: higher education", EDUCATION),
    "150": ("Part-time education", EDUCATION),
    "160": ("Gap year", OTHER),
    "170": ("Full-time education: other, including specialist post-16 institutions", EDUCATION),
    "210": ("Apprenticeship", APPRENTICESHIP),
    "220": ("Employment with study towards a regulated qualification", EMPLOYMENT),
    "230": ("Employment without training", EMPLOYMENT),
    "240": ("Employment with other training", EMPLOYMENT),
    "250": ("Temporary employment", EMPLOYMENT),
    "260": ("Part-time employment", EMPLOYMENT),
    "270": ("Self-employment", EMPLOYMENT),
    "280": ("Voluntary work", EMPLOYMENT),
    "310": ("Traineeship", TRAINING),
    "320": ("Supported internship", SUPPORTED_INTERNSHIP),
    "330": ("Other training", TRAINING),
    "410": ("Re-engagement provision", NEET),
    "510": ("NEET: seeking employment, education or training", NEET),
    "520": ("NEET: not yet ready for work or learning", NEET),
    "530": ("NEET: start date agreed", NEET),
    "610": ("NEET, not available: young carer", NEET),
    "620": ("NEET, not available: teenage parent", NEET),
    "630": ("NEET, not available: illness", NEET),
    "640": ("NEET, not available: pregnancy", NEET),
    "650": ("NEET, not available: other reason", NEET),
    "710": ("In custody", OTHER),
    "810": ("Current situation not known", NOT_KNOWN),
    "820": ("Cannot be contacted", NOT_KNOWN),
}

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
