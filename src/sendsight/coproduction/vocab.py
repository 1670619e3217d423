"""The words the co-production log is kept in: methods, the participation ladder, groups.

Codes are what files and the database hold; labels are what pages show.
"""

from __future__ import annotations

from typing import Final

METHODS: Final[dict[str, str]] = {
    "survey": "Survey",
    "forum": "Forum meeting",
    "focus_group": "Focus group",
    "event": "Event",
    "young_researchers": "Young researchers",
    "workshop": "Workshop",
    "interview": "Conversations one to one",
}

# The participation ladder, lowest rung first (order matters: "co-design or above").
LADDER: Final[dict[str, str]] = {
    "inform": "Inform",
    "consult": "Consult",
    "engage": "Engage",
    "co_design": "Co-design",
    "co_produce": "Co-produce",
}
CO_DESIGN_OR_ABOVE: Final = frozenset({"co_design", "co_produce"})

TYPES: Final[dict[str, str]] = {
    "co_commissioning": "Co-commissioning",
    "co_design": "Co-design",
    "co_delivery": "Co-delivery",
    "co_assessment": "Co-assessment",
}

ADJUSTMENTS: Final[dict[str, str]] = {
    "easy_read": "Easy read",
    "makaton": "Makaton",
    "bsl": "British Sign Language",
    "interpreter": "Community language interpreter",
    "quiet_space": "Quiet space",
    "online": "Online option",
    "childcare": "Childcare or respite",
    "travel": "Travel paid",
}

# Who took part, as counts by group. Parents and carers have one category ("all"); children
# and young people are counted by age band, primary need, ethnicity and locality (each of these
# is a separate cut of the same young people, so their counts are not added together).
GROUPS: Final[dict[str, str]] = {
    "parents_carers": "Parents and carers",
    "age_band": "Children and young people by age",
    "need": "Children and young people by primary need",
    "ethnicity": "Children and young people by ethnicity",
    "locality": "Children and young people by locality",
}
AGE_BANDS: Final = ("0-4", "5-10", "11-15", "16-19", "20-25")
# SEN2 primary need codes (DfE SEN2 guide), the same list the EHC domain uses.
NEEDS: Final[dict[str, str]] = {
    "ASD": "Autistic spectrum disorder",
    "SEMH": "Social, emotional and mental health",
    "SLCN": "Speech, language and communication needs",
    "MLD": "Moderate learning difficulty",
    "SLD": "Severe learning difficulty",
    "PMLD": "Profound and multiple learning difficulty",
    "SPLD": "Specific learning difficulty",
    "PD": "Physical disability",
    "HI": "Hearing impairment",
    "VI": "Vision impairment",
    "MSI": "Multi-sensory impairment",
    "OTH": "Other difficulty or disability",
}
# Groups whose categories are a fixed list (the others are the partnership's own words).
FIXED_CATEGORIES: Final[dict[str, tuple[str, ...]]] = {
    "parents_carers": ("all",),
    "age_band": AGE_BANDS,
    "need": tuple(NEEDS),
}

RESPONSES: Final[dict[str, str]] = {
    "did": "We did",
    "will": "We will",
    "cannot": "We have not been able to",
}
STATUSES: Final[dict[str, str]] = {
    "open": "Not started",
    "in_progress": "In progress",
    "done": "Done",
    "not_possible": "Not possible",
}
