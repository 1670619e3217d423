"""Code lists used across sendsight: SEN primary need types, placement categories, regions.

Sources: DfE SEN2 2025 guide and school census guide (primary need, setting codes) and the
placement columns of the DfE "Education, health and care plans" 2025 release (``caseload.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass

ENGLAND_CODE = "E92000001"
ENGLAND_NAME = "England"

# ONS region codes as used in DfE open data (``region_code``).
REGIONS: dict[str, str] = {
    "E12000001": "North East",
    "E12000002": "North West",
    "E12000003": "Yorkshire and The Humber",
    "E12000004": "East Midlands",
    "E12000005": "West Midlands",
    "E12000006": "East of England",
    "E12000007": "London",
    "E12000008": "South East",
    "E12000009": "South West",
}


@dataclass(frozen=True, slots=True)
class NeedType:
    """A SEN primary need: the main type of special educational need recorded for a child.

    ``stats_column`` is the DfE published-statistics column stem (``number_asd``) or None where
    DfE does not publish it separately (Down syndrome is counted within "other").
    """

    code: str
    label: str
    in_sen2: bool
    in_school_census: bool
    stats_column: str | None


SEN_PRIMARY_NEEDS: tuple[NeedType, ...] = (
    NeedType("SPLD", "Specific learning difficulty", True, True, "spld"),
    NeedType("MLD", "Moderate learning difficulty", True, True, "mld"),
    NeedType("SLD", "Severe learning difficulty", True, True, "sld"),
    NeedType("PMLD", "Profound and multiple learning difficulty", True, True, "pmld"),
    NeedType("SEMH", "Social, emotional and mental health", True, True, "semh"),
    NeedType("SLCN", "Speech, language and communication needs", True, True, "slcn"),
    NeedType("HI", "Hearing impairment", True, True, "hi"),
    NeedType("VI", "Vision impairment", True, True, "vi"),
    NeedType("MSI", "Multi-sensory impairment", True, True, "msi"),
    NeedType("PD", "Physical disability", True, True, "pd"),
    NeedType("ASD", "Autistic spectrum disorder", True, True, "asd"),
    # Added to the SEN2 list in 2025; DfE publishes it within "other difficulty/disability".
    NeedType("DS", "Down syndrome", True, False, None),
    NeedType("OTH", "Other difficulty or disability", True, True, "oth"),
    # School census only, and only with SEN provision K (SEN support).
    NeedType("NSA", "SEN support but no specialist assessment of type of need", False, True, None),
)
NEED_BY_CODE = {need.code: need for need in SEN_PRIMARY_NEEDS}


@dataclass(frozen=True, slots=True)
class PlacementCategory:
    """A published placement category: the kind of setting named in an EHC plan.

    ``code`` is the DfE ``caseload.csv`` column; ``group`` the published subtotal it rolls into
    (mainstream, special, alternative provision, further education, other).
    """

    code: str
    label: str
    group: str


PLACEMENT_GROUPS: dict[str, str] = {
    "mainstream": "Mainstream schools",
    "special": "Special schools",
    "ap_pru": "Alternative provision and pupil referral units",
    "fe": "Further education",
    "other": "Other settings and arrangements",
}

PLACEMENT_CATEGORIES: tuple[PlacementCategory, ...] = (
    PlacementCategory("mainstream_la_maintained", "Mainstream LA maintained school", "mainstream"),
    PlacementCategory(
        "mainstream_la_maintained_resourced_provision",
        "Mainstream LA maintained school: resourced provision",
        "mainstream",
    ),
    PlacementCategory(
        "mainstream_la_maintained_senunit",
        "Mainstream LA maintained school: SEN unit",
        "mainstream",
    ),
    PlacementCategory("mainstream_academy", "Mainstream academy", "mainstream"),
    PlacementCategory(
        "mainstream_academy_resourced_provision",
        "Mainstream academy: resourced provision",
        "mainstream",
    ),
    PlacementCategory("mainstream_academy_senunit", "Mainstream academy: SEN unit", "mainstream"),
    PlacementCategory("mainstream_free_school", "Mainstream free school", "mainstream"),
    PlacementCategory(
        "mainstream_free_school_resourced_provision",
        "Mainstream free school: resourced provision",
        "mainstream",
    ),
    PlacementCategory(
        "mainstream_free_school_senunit", "Mainstream free school: SEN unit", "mainstream"
    ),
    PlacementCategory("mainstream_independent", "Independent mainstream school", "mainstream"),
    PlacementCategory("special_la_maintained", "LA maintained special school", "special"),
    PlacementCategory("special_academy_free", "Special academy or free school", "special"),
    PlacementCategory("special_independent", "Independent special school", "special"),
    PlacementCategory("special_non_maintained", "Non-maintained special school", "special"),
    PlacementCategory("ap_pru_academy", "Alternative provision academy", "ap_pru"),
    PlacementCategory("ap_pru_free_school", "Alternative provision free school", "ap_pru"),
    PlacementCategory("ap_pru_la_maintained", "Pupil referral unit", "ap_pru"),
    PlacementCategory(
        "general_fe_tertiary_colleges",
        "General FE and tertiary colleges and sixth form colleges",
        "fe",
    ),
    PlacementCategory("specialist_post_16_institutions", "Specialist post-16 institution", "fe"),
    PlacementCategory("ukrlp_provider", "Other UKRLP-registered provider", "fe"),
    PlacementCategory("elective_home_education", "Elective home education", "other"),
    PlacementCategory("other_arrangements_la", "Other arrangements made by the LA", "other"),
    PlacementCategory("other_arrangements_parents", "Other arrangements made by parents", "other"),
    PlacementCategory("online_provider", "Online provider", "other"),
    PlacementCategory("w_settings", "Welsh setting", "other"),
    PlacementCategory("other_schools", "Other school type", "other"),
    PlacementCategory("other_placement_settings", "Other placement type", "other"),
    PlacementCategory("neet", "Not in education, employment or training (16 to 25)", "other"),
    PlacementCategory("neet_ntci", "Not in education: notice to cease issued", "other"),
    PlacementCategory("neet_other", "Not in education: other", "other"),
    PlacementCategory("neet_other_csa", "Not in education: compulsory school age", "other"),
    PlacementCategory("nm_early_years", "Non-maintained early years setting", "other"),
    PlacementCategory("placement_unknown", "Placement not recorded", "other"),
)
PLACEMENT_BY_CODE = {category.code: category for category in PLACEMENT_CATEGORIES}

# SEN2 ``SENsetting`` codes, used only where a placement has no URN or UKPRN (SEN2 2025 guide).
SEN_SETTINGS: dict[str, str] = {
    "OLA": "Other arrangements made by the LA (education otherwise than in school)",
    "OPA": "Other arrangements made by parents or the young person",
    "EHE": "Elective home education",
    "EYP": "Early years provider without a URN",
    "OTH": "Other, including a type of setting with no named setting",
    "NEET": "Not in education, employment or training (16 to 25)",
    "NIEC": "Not in education or training: notice to cease issued",
    "NIEO": "Not in education or training: other",
}

# The placement groups forecasts break plans down by (``sendsight.forecasting.breakdowns``) and
# the forecast's "need not recorded" row; DfE's own wording where it has one.
PLACEMENT_GROUP_LABELS: dict[str, str] = {
    **PLACEMENT_GROUPS,
    # Forecasts count independent special schools apart from the others.
    "special": "Special schools (not independent)",
    "independent_special": "Independent special schools",
    "post16": "Further education and post-16",
    "all": "All placements",
}
NEED_UNKNOWN = "need_unknown"
_NEED_EXTRA: dict[str, str] = {NEED_UNKNOWN: "Primary need not recorded", "all": "All needs"}


def need_label(code: str) -> str:
    """The words for a primary need code in any case ("asd" → "Autistic spectrum disorder");
    a code outside the list is returned as it is."""
    key = code.strip()
    need = NEED_BY_CODE.get(key.upper())
    return need.label if need else _NEED_EXTRA.get(key.lower(), code)


def placement_label(code: str) -> str:
    """The words for a placement category, placement group or SEN2 setting code
    ("special_independent" → "Independent special school"); any other code as it is."""
    key = code.strip()
    if key.lower() in PLACEMENT_BY_CODE:
        return PLACEMENT_BY_CODE[key.lower()].label
    return PLACEMENT_GROUP_LABELS.get(key.lower()) or SEN_SETTINGS.get(key.upper(), code)
