"""What every joint commissioning page shares: the blueprint, the reader's partnership and LA,
and the labels and formatters the templates use. The pages are in ``commissioning`` (the cycle,
the ledger, contracts, personal budgets, uploads) and ``commissioning_figures`` (needs against
provision, health waits, the cost ahead)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort

from sendsight.commissioning.money import pounds, year_label
from sendsight.commissioning.needs import NEED_LABELS
from sendsight.commissioning.vocab import (
    AGE_BANDS,
    AGENCIES,
    ARRANGEMENTS,
    BUDGET_HOLDING,
    CATEGORIES,
    ELEMENTS,
    LEVELS,
    RESPONSE_LABELS,
)
from sendsight.web import current

bp = Blueprint("commissioning", __name__, url_prefix="/commissioning")


def la() -> tuple[str, str]:
    """The partnership id and its first LA (404 for an account with no LA)."""
    who = current.principal()
    if not who.la_codes:
        abort(404)
    return who.partnership_id, who.la_codes[0]


def count(n: int) -> str:
    """A count of plans as this reader may see it (through disclosure control without
    case-level access)."""
    return str(current.viewpoint().count(n))


def labels() -> dict[str, Any]:
    """The vocabularies and formatters every commissioning template uses."""
    return {
        "agencies": AGENCIES,
        "arrangements": ARRANGEMENTS,
        "categories": CATEGORIES,
        "elements": ELEMENTS,
        "holding": BUDGET_HOLDING,
        "levels": LEVELS,
        "age_bands": AGE_BANDS,
        "need_labels": NEED_LABELS,
        "response_labels": RESPONSE_LABELS,
        "pounds": pounds,
        "year_label": year_label,
        "count": count,
    }
