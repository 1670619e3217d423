"""Page numbers from the query string: one rule for every paged view.

A page number that is not a whole number from 1 to ``MAX_PAGE`` is refused with a 400 page
saying so (``params.BadQueryParameter``), never guessed at: a huge number would otherwise
reach the database as an offset it cannot hold. A number in range but past the last page is
the view's business (an empty list, or "page not found").
"""

from __future__ import annotations

from sendsight.web import params

MAX_PAGE = 100_000
MAX_PER_PAGE = 500


def page_arg(name: str = "page") -> int:
    """The page asked for, counting from 1 (1 when absent or blank)."""
    return params.int_arg(name, 1, low=1, high=MAX_PAGE)


def per_page_arg(default: int, name: str = "per_page") -> int:
    """How many rows a page shows, from 1 to ``MAX_PER_PAGE`` (``default`` when absent)."""
    return params.int_arg(name, default, low=1, high=MAX_PER_PAGE)
