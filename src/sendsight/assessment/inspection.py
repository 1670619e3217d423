"""The areas the Ofsted/CQC area SEND inspection framework (2023, updated 2024) judges.

Summarised in our own words from the framework's published structure: how well needs are
identified and assessed, families' part in decisions, the help children get, preparation for
next steps, inclusion, how leaders jointly plan and improve the system, and the oversight of
alternative provision. A framework's themes name the areas they give evidence for.
"""

from __future__ import annotations

INSPECTION_AREAS: dict[str, str] = {
    "identification": "Needs are identified accurately and assessed in good time",
    "participation": "Children, young people and families take part in decisions",
    "right_help": "Children and young people get the right help at the right time",
    "next_steps": "Children and young people are well prepared for their next steps",
    "included": "Children and young people are valued, visible and included",
    "leadership": "Leaders jointly plan, evaluate and develop the local area's arrangements",
    "alternative_provision": "The commissioning and oversight of alternative provision",
}
