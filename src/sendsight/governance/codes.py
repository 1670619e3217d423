"""Code lists for the census importer and the inspection lists (Annex A).

Ethnicity: DfE school census main ethnicity codes (Common Basic Data Set, CBDS item
"Ethnicity", 4-letter main codes). Gender: the census "Sex" item (M or F). SEN provision: census
codes K (SEN support) and E (EHC plan). Phases are those Get Information about Schools uses.
Annex A headers: Ofsted and CQC, "Area SEND inspection: framework and handbook" (2023, updated
June 2025), annex A, lists 1 and 2, copied as the handbook prints them (en dashes).
"""

from __future__ import annotations

from typing import Final

ETHNICITIES: Final[dict[str, str]] = {
    "WBRI": "White - British",
    "WIRI": "White - Irish",
    "WIRT": "Traveller of Irish heritage",
    "WOTH": "Any other White background",
    "WROM": "Gypsy/Roma",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "BCRB": "Black Caribbean",
    "BAFR": "Black - African",
    "BOTH": "Any other Black background",
    "CHNE": "Chinese",
    "OOTH": "Any other ethnic group",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}
GENDERS: Final[dict[str, str]] = {"M": "Male", "F": "Female"}
SEN_PROVISIONS: Final[dict[str, str]] = {"K": "SEN support", "E": "EHC plan"}
PHASES: Final[dict[str, str]] = {
    "nursery": "Nursery",
    "primary": "Primary",
    "middle_primary": "Middle deemed primary",
    "middle_secondary": "Middle deemed secondary",
    "secondary": "Secondary",
    "all_through": "All-through",
    "post16": "16 plus",
    "not_applicable": "Not applicable",
}
CSC_TEAMS: Final[dict[str, str]] = {
    "early_help": "Early help",
    "child_in_need": "Child in need",
    "child_protection": "Child protection",
    "looked_after": "Children looked after",
    "care_leaver": "Care leavers",
    "disabled_children": "Disabled children's team",
}

LIST_1_HEADERS: Final[tuple[str, ...]] = (
    "Unique ID",
    "UPN",
    "ULN",
    "Date of birth",
    "Gender",
    "Ethnicity",
    "Date initial EHC plan issued",
    "Date updated EHC plan issued",
    "Date EHC plan last reviewed",
    "SEN primary need",
    "Main education establishment \u2013 URN",
    "Main education establishment \u2013 phase",
    "Subsidiary education establishment \u2013 phase (dual registration)",
    "Elective home education",
    "Suspensions",
    "Permanent exclusions",
    "Absence",
    "Pupil Premium",
    "Known to children's social care?",
    "Which children's social care team?",
    "Does the child or young person have a disability?",
)
_EHC_ONLY: Final = {
    "Date initial EHC plan issued",
    "Date updated EHC plan issued",
    "Date EHC plan last reviewed",
    "Elective home education",
}
LIST_2_HEADERS: Final[tuple[str, ...]] = tuple(h for h in LIST_1_HEADERS if h not in _EHC_ONLY)
