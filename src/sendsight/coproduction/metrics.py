"""What the co-production log adds up to, as pure functions over plain values.

- *Days to a response*: from the day something was said (the activity's date) to the day the
  response to it was published, the median for responses published in each calendar year.
- *Share at co-design or above*: activities in the year on the top two rungs of the ladder.
- *Reach*: children and young people taking part in the year as a share of those with an EHC
  plan in the January census of that year (the published count of children with SEND that
  the statistics store holds for every LA).
- *Coverage gaps*: groups and partners that took part in some activity, or are on the fixed
  lists, but in none in the last twelve months.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median

from sendsight.coproduction import vocab
from sendsight.coproduction.records import ActivityRecord, CountKey


@dataclass(frozen=True, slots=True)
class YearFigure:
    """One calendar year's figure, with its parts when it is a percentage."""

    year: int
    value: float
    numerator: int | None = None
    denominator: int | None = None


def days_to_response(pairs: Iterable[tuple[date, date]]) -> list[YearFigure]:
    """Median days from said to published, by year published, from (said, published) pairs."""
    by_year: dict[int, list[int]] = defaultdict(list)
    for said_on, published_on in pairs:
        by_year[published_on.year].append(max(0, (published_on - said_on).days))
    return [YearFigure(y, float(median(days))) for y, days in sorted(by_year.items())]


def share_co_design(activities: Iterable[tuple[date, str]]) -> list[YearFigure]:
    """Percentage of each year's activities at co-design or co-production, from (held on,
    ladder level) pairs."""
    top: dict[int, int] = defaultdict(int)
    every: dict[int, int] = defaultdict(int)
    for held_on, level in activities:
        every[held_on.year] += 1
        top[held_on.year] += level in vocab.CO_DESIGN_OR_ABOVE
    return [_percent(y, top[y], n) for y, n in sorted(every.items())]


def young_people(counts: Mapping[CountKey, int]) -> int:
    """Children and young people at one activity: the age-band total, or where no ages were
    recorded the largest total of another cut of them (need, ethnicity, locality)."""
    totals: dict[str, int] = defaultdict(int)
    for (group, _), n in counts.items():
        if group != "parents_carers":
            totals[group] += n
    return totals.get("age_band") or max(totals.values(), default=0)


def reach(activities: Iterable[tuple[date, int]], plans: Mapping[int, int]) -> list[YearFigure]:
    """Young people taking part per 100 with an EHC plan, by year, from (held on, young people)
    pairs and the EHC plans counted each January: the year's own count, or the latest before
    it while the year's is not yet published (years before any count are left out)."""
    taking_part: dict[int, int] = defaultdict(int)
    for held_on, n in activities:
        taking_part[held_on.year] += n
    figures = []
    for year, n in sorted(taking_part.items()):
        known = [y for y in plans if y <= year and plans[y]]
        if known:
            figures.append(_percent(year, n, plans[max(known)]))
    return figures


def _percent(year: int, numerator: int, denominator: int) -> YearFigure:
    value = round(100.0 * numerator / denominator, 1) if denominator else 0.0
    return YearFigure(year, value, numerator, denominator)


@dataclass(frozen=True, slots=True)
class Gap:
    """A group category or partner with no activity in the last twelve months."""

    kind: str
    name: str
    last_on: date | None


def coverage_gaps(activities: Sequence[ActivityRecord], *, today: date) -> list[Gap]:
    """Every group category (the fixed lists, plus ethnicities and localities seen before) and
    every partner named before, that took part in nothing in the twelve months to ``today``."""
    since = today - timedelta(days=365)
    last: dict[tuple[str, str], date] = {}
    for activity in activities:
        seen = [(g, c) for (g, c), n in activity.counts.items() if n > 0]
        seen += [("partner", p) for p in activity.partners]
        for key in seen:
            last[key] = max(last.get(key, activity.held_on), activity.held_on)
    wanted = {(g, c) for g, cats in vocab.FIXED_CATEGORIES.items() for c in cats} | set(last)
    return [
        Gap(kind, name, last.get((kind, name)))
        for kind, name in sorted(wanted)
        if last.get((kind, name)) is None or last[(kind, name)] < since
    ]


def totals_by_group(activities: Sequence[ActivityRecord]) -> dict[CountKey, int]:
    """People taking part by group and category, summed over ``activities``."""
    totals: dict[CountKey, int] = defaultdict(int)
    for activity in activities:
        for key, n in activity.counts.items():
            totals[key] += n
    return dict(sorted(totals.items()))


@dataclass(frozen=True, slots=True)
class NeedReach:
    """Children and young people taking part with one primary need, against the children with
    an EHC plan for that need."""

    need: str
    taking_part: int
    plans: int


def reach_by_need(
    activities: Sequence[ActivityRecord], plans: Mapping[str, int]
) -> list[NeedReach]:
    """People taking part by primary need over ``activities`` beside the EHC plans by primary
    need, one row per need on the SEN2 list (needs outside it are counted under "OTH")."""
    taking_part: dict[str, int] = defaultdict(int)
    for activity in activities:
        for (group, need), n in activity.counts.items():
            if group == "need":
                taking_part[need if need in vocab.NEEDS else "OTH"] += n
    return [NeedReach(need, taking_part[need], plans.get(need, 0)) for need in vocab.NEEDS]
