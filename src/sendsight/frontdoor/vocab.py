"""The front door's fixed vocabularies: who asks, what for, the areas of need, the routes a
request can take, statuses, panel types and each panel question's criteria checklist.

Areas of need: the four broad areas of the SEND Code of Practice 0 to 25 (2015), paragraphs
6.28 to 6.35. Panel criteria paraphrase the tests the law sets where there is one (the
Children and Families Act 2014 s36(8) test for whether to assess; s37(1) for whether to issue a
plan) and the partnership's own terms of reference otherwise.
"""

from __future__ import annotations

from typing import Final

SOURCES: Final = {
    "school": "School or setting",
    "health": "Health professional",
    "social_care": "Social care professional",
    "family": "Family member",
    "other": "Other professional",
}
NEED_AREAS: Final = {
    "communication_interaction": "Communication and interaction",
    "cognition_learning": "Cognition and learning",
    "semh": "Social, emotional and mental health",
    "sensory_physical": "Sensory and/or physical needs",
}
ASKED_FOR: Final = {
    "advice": "Information and advice",
    "outreach": "Outreach or specialist teaching",
    "service": "A Local Offer service",
    "ehc_assessment": "An EHC needs assessment",
}
ROUTES: Final = {
    "information_advice": "Information and advice",
    "local_offer_service": "A Local Offer service",
    "outreach": "Outreach or specialist teaching",
    "panel": "Panel",
    "statutory_assessment": "Statutory EHC needs assessment",
}
STATUSES: Final = {
    "received": "Received",
    "acknowledged": "Acknowledged",
    "routed": "Route decided",
    "at_panel": "Waiting for panel",
    "decided": "Panel decided",
    "closed": "Closed",
}
NEXT_STEP: Final = {
    "received": "The front door team will acknowledge the request within the target time.",
    "acknowledged": "A triage officer will decide which route fits and tell you.",
    "routed": "The service named in the route will contact you.",
    "at_panel": "The panel will consider the request at its next meeting and write to you.",
    "decided": "You will receive the panel's decision letter with its reasons.",
    "closed": "Nothing more will happen on this request.",
}
AGENCIES: Final = {
    "education": "Education",
    "health": "Health",
    "social_care": "Social care",
    "parent_carers": "Parent carer forum",
    "other": "Other",
}
PANEL_TYPES: Final = {
    "assess": "Whether to assess",
    "issue": "Whether to issue a plan",
    "placement": "Placement and top-up funding",
    "personal_budget": "Personal budget",
    "post16": "Post-16",
}
# Question → (criterion key, the criterion in plain words). Every criterion met → agree.
CRITERIA: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "assess": (
        ("may_have_send", "the child or young person has or may have special educational needs"),
        ("may_need_plan", "special educational provision may need to be made through a plan"),
        (
            "graduated_approach",
            "the setting has tried at least two cycles of assess, plan, do and review",
        ),
    ),
    "issue": (
        ("needs_identified", "the assessment identified the child's needs"),
        (
            "beyond_resources",
            "the provision needed is beyond what the setting can make from its own resources",
        ),
    ),
    "placement": (
        ("needs_met", "the placement can meet the needs in the plan"),
        ("efficient_use", "the placement is an efficient use of resources"),
    ),
    "personal_budget": (
        ("provision_suitable", "the provision can be secured through a personal budget"),
        ("no_adverse_impact", "a budget would not harm provision for other children"),
    ),
    "post16": (
        ("in_education", "the young person is staying in education or training"),
        ("outcomes_progress", "the plan's outcomes are still being worked towards"),
    ),
}
LOCALITIES: Final = ("North", "South", "East", "West", "Central")
