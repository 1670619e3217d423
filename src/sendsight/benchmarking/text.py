"""Plain-English text for benchmarks: ordinals, figures, rank sentences, bands and arrows.

British English throughout, in the voice of GOV.UK content ("ranks 23rd of 150 local areas").
"""

from __future__ import annotations

from typing import Literal

from sendsight.core.rounding import format_number

Polarity = Literal["high_is_good", "low_is_good", "neither"]
Direction = Literal["up", "down", "flat"]

POLARITY_PHRASE: dict[str, str] = {
    "high_is_good": "higher is better",
    "low_is_good": "lower is better",
    "neither": "neither higher nor lower is better in itself",
}

# GSS symbols (analysts-guide "Data symbols"): why a local area has no figure to rank.
_SYMBOL_REASON: dict[str, str] = {
    "c": "its figure is withheld to protect confidentiality",
    "x": "its figure is not available",
    "z": "the figure does not apply to it",
    "low": "its figure rounds to zero",
    "k": "its figure rounds to zero",
}

_BAND_JUDGED = {
    "A": "the best quarter of local areas",
    "B": "the second-best quarter of local areas",
    "C": "the second-worst quarter of local areas",
    "D": "the worst quarter of local areas",
}
_BAND_UNJUDGED = {
    "A": "the quarter of local areas with the lowest values",
    "B": "the quarter of local areas with the second-lowest values",
    "C": "the quarter of local areas with the second-highest values",
    "D": "the quarter of local areas with the highest values",
}


def ordinal(number: int) -> str:
    """The English ordinal of ``number``: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 101st."""
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def rank_label(rank: int, *, tied: bool) -> str:
    """A rank as shown in a table: ``12th``, or ``=12th`` when another local area shares it."""
    return ("=" if tied else "") + ordinal(rank)


def format_value(value: float, *, unit: str = "", decimals: int = 1) -> str:
    """A figure for reading: thousands separated, ``unit`` "%" and "£" placed as people write them.

    Any other unit follows the number after a space ("12.5 weeks").
    """
    number = format_number(abs(value), decimals)
    sign = "-" if value < 0 and number.strip("0.,") else ""
    if unit == "%":
        return f"{sign}{number}%"
    if unit == "£":
        return f"{sign}£{number}"
    return f"{sign}{number} {unit}" if unit else f"{sign}{number}"


def rank_sentence(
    name: str,
    rank: int | None,
    rank_of: int,
    *,
    tied: bool,
    polarity: Polarity,
    symbol: str | None = None,
) -> str:
    """One sentence saying where a local area ranks, and which way is better."""
    if rank is None:
        reason = _SYMBOL_REASON.get(symbol or "", "it has no figure for this period")
        return f"{name} is not ranked because {reason}."
    areas = "local area" if rank_of == 1 else "local areas"
    phrase = POLARITY_PHRASE[polarity]
    label = rank_label(rank, tied=tied)
    if polarity != "neither":
        return f"{name} ranks {label} of {rank_of} {areas} with data; {phrase}."
    position = "the highest value" if rank == 1 and not tied else f"the {label} highest value"
    return f"{name} has {position} of {rank_of} {areas}; {phrase}."


def band_text(band: str | None, *, polarity: Polarity, no_quartile: bool = False) -> str:
    """What a quartile band means for this indicator, or why there is none."""
    if no_quartile:
        return "Quartile bands are not used for this indicator."
    if band is None and polarity == "neither":
        return "No quartile band: neither higher nor lower is better for this indicator."
    if band is None:
        return "No quartile band: no figure to compare, or fewer than 4 local areas have data."
    if polarity == "neither":
        return f"Band {band}: {_BAND_UNJUDGED[band]}; this is not a judgement of better or worse."
    return f"Band {band}: {_BAND_JUDGED[band]} ({POLARITY_PHRASE[polarity]})."


def change_text(
    direction: Direction,
    previous: float,
    *,
    polarity: Polarity,
    unit: str = "",
    decimals: int = 1,
    previous_period: str | None = None,
) -> str:
    """The text alternative for a trend arrow: "Up from 41.0% in 2023; higher is better"."""
    when = f"in {previous_period}" if previous_period else "in the previous period"
    shown = format_value(previous, unit=unit, decimals=decimals)
    if direction == "flat":
        return f"About the same as {shown} {when} (a change of 5% or less)"
    verb = "Up" if direction == "up" else "Down"
    return f"{verb} from {shown} {when}; {POLARITY_PHRASE[polarity]}"


def neighbours_label(count: int) -> str:
    """The name of the neighbours' figure, as LAIT's: "Statistical neighbours (mean of 10)"."""
    return f"Statistical neighbours (mean of {count})" if count else "Statistical neighbours (mean)"


def neighbours_coverage(with_data: int, count: int) -> str | None:
    """Why a neighbours' mean is of fewer areas than its label says, or None when all count."""
    if with_data >= count or with_data == 0:
        return None
    return (
        f"The statistical neighbours' mean and median are of the {with_data} of {count} "
        "neighbours with a figure."
    )


def total_note(
    name: str,
    total: float,
    total_release: str | None,
    la_sum: float,
    la_releases: tuple[str, ...],
    *,
    without_figure: int = 0,
    decimals: int = 0,
) -> str:
    """Why a regional or England total is not the sum of its local areas' figures shown:
    "Yorkshire and The Humber's total is 6,078 (2025 release); the figures of its local areas
    shown add up to 6,109 (from the 2025 sendsight correction release)."."""
    shown_total = format_value(total, decimals=decimals)
    shown_sum = format_value(la_sum, decimals=decimals)
    where = f" ({total_release} release)" if total_release else ""
    plural = "s" if len(la_releases) > 1 else ""
    sources = f" (from the {' and '.join(la_releases)} release{plural})" if la_releases else ""
    sentence = (
        f"{name}'s total is {shown_total}{where}; the figures of its local areas shown add up "
        f"to {shown_sum}{sources}."
    )
    if without_figure:
        areas = "local area has" if without_figure == 1 else "local areas have"
        sentence += f" {without_figure} {areas} no figure to add."
    return sentence
