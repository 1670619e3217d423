"""The SEND taxonomies sendsight publishes with its Local Offer, as data.

Each partnership gets its own copy (ORUK ids are per dataset), with ids derived from the
partnership and the term's stable code, so the same term always has the same UUID.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Final

NAMESPACE: Final = uuid.UUID("6f0c5a8e-3c1d-4f7b-9a55-2b4e0d9c7e11")
TAXONOMY_URI: Final = "https://sendsight.example/taxonomies/{key}"


@dataclass(frozen=True)
class TaxonomyDef:
    """A taxonomy: its key, name, description and terms as (code, name, description)."""

    key: str
    name: str
    description: str
    terms: tuple[tuple[str, str, str], ...]


# The SEN2 / school census primary need codes (DfE SEN2 guide), in plain words.
NEED = TaxonomyDef(
    "need",
    "Special educational need",
    "The kind of need a service supports, in plain words (the SEN2 primary need types).",
    (
        ("ASD", "Autism", "Autistic children and young people"),
        ("SLCN", "Speech, language and communication", "Talking, understanding and being heard"),
        ("SEMH", "Social, emotional and mental health", "Feelings, behaviour and wellbeing"),
        ("MLD", "Moderate learning difficulty", "Learning at a slower pace than others"),
        ("SLD", "Severe learning difficulty", "Significant help with learning and daily life"),
        ("PMLD", "Profound and multiple learning difficulty", "Complex learning and care needs"),
        ("SPLD", "Specific learning difficulty", "Dyslexia, dyspraxia and dyscalculia"),
        ("HI", "Hearing", "Deaf children and children with hearing loss"),
        ("VI", "Sight", "Blind children and children with sight loss"),
        ("MSI", "Hearing and sight", "Children with both hearing and sight loss"),
        ("PD", "Physical disability", "Moving, getting about and physical care"),
        ("OTH", "Other need", "Needs not described by the other types"),
    ),
)
AGE_BAND = TaxonomyDef(
    "age_band",
    "Age band",
    "The ages a service is for.",
    (
        ("0-4", "Early years (0 to 4)", "Babies, toddlers and nursery age"),
        ("5-10", "Primary age (5 to 10)", "Reception to year 6"),
        ("11-15", "Secondary age (11 to 15)", "Year 7 to year 11"),
        ("16-19", "Post-16 (16 to 19)", "Sixth form, college and training"),
        ("20-25", "Young adults (20 to 25)", "Preparing for and starting adult life"),
    ),
)
LEVEL = TaxonomyDef(
    "level",
    "Level of support",
    "Where a service sits on the continuum of support.",
    (
        ("universal", "Universal", "Open to every family, no referral needed"),
        ("targeted", "Targeted", "For children with identified needs, often by referral"),
        ("specialist", "Specialist", "For children with complex needs, by referral or plan"),
    ),
)
LOCALITY = TaxonomyDef(
    "locality",
    "Locality",
    "The part of the area a service covers.",
    (
        ("north", "Rochdale North", "Made-up locality for the demonstration"),
        ("south", "Rochdale South", "Made-up locality for the demonstration"),
        ("heywood", "Heywood", "Made-up locality for the demonstration"),
        ("middleton", "Middleton", "Made-up locality for the demonstration"),
        ("pennines", "Pennines", "Made-up locality for the demonstration"),
    ),
)
PATHWAY = TaxonomyDef(
    "pathway",
    "Pathway stage",
    "Where a service sits on a family's journey through support.",
    (
        ("information", "Information and advice", "Finding out what is available"),
        ("early_help", "Early help", "Help as soon as a need is noticed"),
        ("sen_support", "SEN support", "Support in a school or setting"),
        ("assessment", "EHC needs assessment", "A statutory assessment of needs"),
        ("ehc_plan", "EHC plan", "Support set out in an EHC plan"),
        ("adulthood", "Preparing for adulthood", "Work, living, friends and health"),
    ),
)
TAXONOMIES: Final = (NEED, AGE_BAND, LEVEL, LOCALITY, PATHWAY)
BY_KEY: Final = {t.key: t for t in TAXONOMIES}
AGE_BANDS: Final = {"0-4": (0, 4), "5-10": (5, 10), "11-15": (11, 15), "16-19": (16, 19),
                    "20-25": (20, 25)}  # fmt: skip


def taxonomy_id(partnership_id: str, key: str) -> str:
    """The partnership's stable UUID for taxonomy ``key``."""
    return str(uuid.uuid5(NAMESPACE, f"{partnership_id}:{key}"))


def term_id(partnership_id: str, key: str, code: str) -> str:
    """The partnership's stable UUID for the term ``code`` of taxonomy ``key``."""
    return str(uuid.uuid5(NAMESPACE, f"{partnership_id}:{key}:{code}"))


def bands_for(minimum_age: int | None, maximum_age: int | None) -> list[str]:
    """The age bands a service for ``minimum_age`` to ``maximum_age`` overlaps."""
    low = 0 if minimum_age is None else minimum_age
    high = 25 if maximum_age is None else maximum_age
    return [code for code, (a, b) in AGE_BANDS.items() if a <= high and low <= b]
