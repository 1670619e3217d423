"""The self-evaluation, structured by the areas of the area SEND inspection framework (Ofsted
and CQC, 2023, updated June 2025), pre-filled with the evidence the system holds.

Each section gathers claims: scorecard indicators and measures (latest value, trend, England
and statistical-neighbour benchmarks where published) placed in an area by what they measure
(``AREA_WORDS``), plus, when those domains ship them, self-assessment ratings and co-production
entries mapped to the framework (``optional_module``). Each claim carries an evidence-strength
flag: *strong* (a current figure with a benchmark and a trend), *moderate* (a current figure with
a trend or a benchmark), *weak* (otherwise). A section with fewer than two claims of at least
moderate strength is listed as thin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final

from sqlalchemy.orm import Session

AREAS: Final[tuple[tuple[str, str], ...]] = (
    (
        "identified",
        "Children and young people's needs are identified accurately and assessed "
        "in a timely and effective way",
    ),
    (
        "participate",
        "Children, young people and their families participate in decision-making "
        "about their individual plans and support",
    ),
    ("right_help", "Children and young people receive the right help at the right time"),
    (
        "next_steps",
        "Children and young people are well prepared for their next steps and "
        "achieve strong outcomes",
    ),
    (
        "included",
        "Children and young people with SEND are valued, visible and included in their communities",
    ),
    (
        "leaders",
        "Leaders are ambitious for children and young people with SEND, and jointly "
        "plan, evaluate and improve, including commissioning and the oversight of alternative "
        "provision",
    ),
)
# Words in a measure's key or name that place it in an area (first match wins, in area order).
AREA_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "identified": ("ehcp", "20_weeks", "20 weeks", "assessment", "request", "identif", "decision"),
    "participate": (
        "appeal",
        "tribunal",
        "coproduc",
        "co-produc",
        "listened",
        "survey",
        "voice",
        "participat",
        "satisf",
    ),
    "right_help": ("wait", "therapy", "health", "early", "support", "review", "speech"),
    "next_steps": (
        "ks2",
        "ks4",
        "att8",
        "attainment",
        "destination",
        "neet",
        "employment",
        "expected standard",
        "adulthood",
        "outcome",
    ),
    "included": ("absence", "exclusion", "suspension", "inclus", "mainstream", "attend"),
    "leaders": (
        "forecast",
        "place",
        "sufficien",
        "commission",
        "alternative",
        "budget",
        "high_needs",
        "high needs",
        "spend",
    ),
}
THIN_BELOW: Final = 2


@dataclass(frozen=True)
class Claim:
    """One piece of evidence in a section."""

    text: str
    source: str
    strength: str  # strong, moderate or weak


@dataclass
class Section:
    """One framework area and its claims."""

    key: str
    title: str
    claims: list[Claim] = field(default_factory=list)

    @property
    def thin(self) -> bool:
        """Fewer than two claims of at least moderate strength."""
        return sum(c.strength != "weak" for c in self.claims) < THIN_BELOW


def area_of(key: str, name: str) -> str:
    """The framework area a measure belongs in (``leaders`` when nothing matches: planning)."""
    text = f"{key} {name}".lower()
    for area, words in AREA_WORDS.items():
        if any(word in text for word in words):
            return area
    return "leaders"


def strength(*, current: bool, trend: bool, benchmark: bool) -> str:
    """The evidence-strength flag (see the module docstring)."""
    if current and trend and benchmark:
        return "strong"
    if current and (trend or benchmark):
        return "moderate"
    return "weak"


def _measure_claim(row: Any) -> tuple[str, Claim]:
    measure = row.measure
    parts = [
        f"{measure.name}: {row.shown}" + (f" ({row.latest_label})" if row.latest_label else "")
    ]
    if row.trend is not None:
        parts.append(row.trend.text)
    if row.england is not None:
        parts.append(f"England {row.england:g}")
    if row.sn_median is not None:
        parts.append(f"statistical neighbours' median {row.sn_median:g}")
    flag = strength(
        current=row.latest is not None and not row.stale,
        trend=row.trend is not None,
        benchmark=row.england is not None or row.sn_median is not None,
    )
    source = "Published statistics" if measure.level == "indicator" else measure.owner_organisation
    return area_of(measure.key, measure.name), Claim("; ".join(parts), source or "Scorecard", flag)


def _optional_claims(name: str, session: Session, partnership_id: str) -> list[tuple[str, Claim]]:
    """Claims another domain offers (``selfeval_evidence``), when it ships them."""
    from sendsight.wiring import optional_module

    module = optional_module(name)
    reader = getattr(module, "selfeval_evidence", None) if module is not None else None
    if reader is None:
        return []
    found = []
    for item in reader(session=session, partnership_id=partnership_id):
        area = item.get("area")
        if area in dict(AREAS):
            found.append(
                (
                    area,
                    Claim(
                        str(item["text"]),
                        str(item.get("source", name)),
                        str(item.get("strength", "moderate")),
                    ),
                )
            )
    return found


def build(session: Session, *, partnership_id: str, today: date) -> list[Section]:
    """Every framework area with its evidence, as the partnership's records stand."""
    from sendsight.disclosure.viewpoint import PROTECTED
    from sendsight.governance.pack import Loaded
    from sendsight.outcomes import scorecard as sc

    sections = {key: Section(key, title) for key, title in AREAS}
    # Judged as the pack judges them (trend baselines), figures after disclosure control.
    loaded = Loaded(session, partnership_id)
    for measure in sorted(loaded.measures, key=lambda m: (m.level != "indicator", m.position)):
        view = sc.MeasureView.of(measure)
        row = sc.build_row(
            view,
            sc.history_of(view, loaded.histories, loaded.context),
            loaded.context,
            today=today,
            viewpoint=PROTECTED,
        )
        area, claim = _measure_claim(row)
        sections[area].claims.append(claim)
    for name in ("sendsight.assessment.queries", "sendsight.coproduction.queries"):
        for area, claim in _optional_claims(name, session, partnership_id):
            sections[area].claims.append(claim)
    return list(sections.values())


def thin_sections(sections: list[Section]) -> list[Section]:
    """The sections with thin evidence."""
    return [s for s in sections if s.thin]
