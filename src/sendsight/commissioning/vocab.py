"""The words the commissioning domain stores, with the labels pages show."""

from __future__ import annotations

#: Who pays: the three statutory partners of a tripartite agreement.
AGENCIES = {"education": "Education", "health": "Health", "social_care": "Social care"}

#: How a budget is held. Pooled and aligned budgets are section 75 arrangements (National
#: Health Service Act 2006, section 75; Children and Families Act 2014, section 26).
ARRANGEMENTS = {
    "pooled": "Pooled (section 75)",
    "aligned": "Aligned (section 75)",
    "separate": "Separate",
}

#: High-needs categories the ledger reconciles to: the forecast's placement groups, and
#: services (support, therapies, outreach) that are not placements.
CATEGORIES = {
    "mainstream": "Mainstream and resourced provision",
    "special": "Maintained special schools and academies",
    "independent_special": "Non-maintained and independent special schools",
    "post16": "Post-16",
    "other": "Other placements and alternative provision",
    "services": "Services (not placements)",
}

#: The published cost-per-place indicator for each placement category.
PUBLISHED_COST = {
    "mainstream": "hn-cost-mainstream-plan",
    "special": "hn-cost-special-place",
    "independent_special": "hn-cost-independent-special-place",
    "post16": "hn-cost-post16-place",
    # No published figure for other placements: the mainstream cost per plan stands in.
    "other": "hn-cost-mainstream-plan",
}

#: Section J personal budget elements (SEND Regulations 2014, regulations 11 and 12;
#: Children and Families Act 2014, section 49).
ELEMENTS = {
    "education": "Education",
    "health": "Health",
    "social_care": "Social care",
    "integrated": "Integrated",
}
#: How the personal budget is held (SEND (Personal Budgets) Regulations 2014).
BUDGET_HOLDING = {
    "direct_payment": "Direct payment",
    "organised": "Organised by the local authority",
    "third_party": "Held by a third party",
}

#: Levels of the continuum of provision.
LEVELS = {"universal": "Universal", "targeted": "Targeted", "specialist": "Specialist"}

#: Age bands of the needs-against-provision matrix.
AGE_BANDS = {
    "all": "All ages",
    "0-4": "0 to 4",
    "5-10": "5 to 10",
    "11-15": "11 to 15",
    "16-19": "16 to 19",
    "20-25": "20 to 25",
}


def age_band(age: int) -> str:
    """The matrix's age band for an age in whole years."""
    for band, (low, high) in (
        ("0-4", (0, 4)),
        ("5-10", (5, 10)),
        ("11-15", (11, 15)),
        ("16-19", (16, 19)),
    ):
        if low <= age <= high:
            return band
    return "20-25"


#: How the partnership answered a co-production "you said" item (the co-production domain's
#: response kinds), as the cycle view words them.
RESPONSE_LABELS = {"did": "We did", "will": "We will", "cannot": "We cannot"}
