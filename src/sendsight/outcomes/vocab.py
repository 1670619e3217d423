"""The words of Outcomes-Based Accountability as closed lists (stored as their values)."""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    """Population accountability (indicator) or performance accountability (measure)."""

    INDICATOR = "indicator"
    PERFORMANCE = "performance"


class Kind(StrEnum):
    """Friedman's three performance-measure questions."""

    HOW_MUCH = "how_much"
    HOW_WELL = "how_well"
    BETTER_OFF = "better_off"


KIND_LABELS = {
    Kind.HOW_MUCH: "How much did we do?",
    Kind.HOW_WELL: "How well did we do it?",
    Kind.BETTER_OFF: "Is anyone better off?",
}


class Polarity(StrEnum):
    """Which way is better: ``up`` (higher is better), ``down`` or ``neither`` (context only)."""

    UP = "up"
    DOWN = "down"
    NEITHER = "neither"


class Unit(StrEnum):
    """How a value is read: a count, a percentage, a rate per 10,000, a score or a ratio."""

    COUNT = "count"
    PERCENT = "percent"
    RATE = "rate"
    SCORE = "score"


class SourceKind(StrEnum):
    """Where values come from."""

    DFE_STATISTIC = "dfe_statistic"
    FACT = "fact"
    MANUAL = "manual"
    SURVEY = "survey"


SOURCE_LABELS = {
    SourceKind.DFE_STATISTIC: "Published DfE statistic",
    SourceKind.FACT: "Calculated from case records",
    SourceKind.MANUAL: "Entered by hand",
    SourceKind.SURVEY: "Local survey",
}


class NoteSection(StrEnum):
    """The turn-the-curve questions a partnership answers for each indicator or measure."""

    STORY = "story"
    PARTNERS = "partners"
    WHAT_WORKS = "what_works"
    ACTION_PLAN = "action_plan"


NOTE_LABELS = {
    NoteSection.STORY: "Story behind the curve",
    NoteSection.PARTNERS: "Partners with a role to play",
    NoteSection.WHAT_WORKS: "What works",
    NoteSection.ACTION_PLAN: "Action plan",
}


class ActionStatus(StrEnum):
    """Where an action has got to."""

    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    COMPLETE = "complete"
    STOPPED = "stopped"


OPEN_STATUSES = frozenset({ActionStatus.NOT_STARTED, ActionStatus.ON_TRACK, ActionStatus.AT_RISK})
