"""Each demo role signs in, reaches the pages its work needs, is refused one it does not, and
signs out. Which role may do what is the access design (``docs`` and ``access/roles.py``);
the lists here restate it from the outside, so a change to a role shows up as a failing test.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import assert_accessible, visit
from tests.e2e.pages import SignInPage, follow, heading

pytestmark = pytest.mark.e2e

SCORECARD, EHC, AT_RISK = "/scorecard", "/ehc/", "/ehc/at-risk"
FORECASTS, ADMIN = "/forecasts", "/admin/"
TURN_THE_CURVE = "turn the curve"  # stands for a measure page reached from the scorecard

ALLOWED: dict[str, tuple[str, ...]] = {
    "admin": (SCORECARD, TURN_THE_CURVE, EHC, FORECASTS, ADMIN),
    "analyst": (SCORECARD, TURN_THE_CURVE, EHC, FORECASTS),
    "caseworker": (SCORECARD, TURN_THE_CURVE, EHC, AT_RISK, FORECASTS),
    "partner": (SCORECARD, TURN_THE_CURVE, EHC, FORECASTS),
    "school": (),
}
FORBIDDEN = {
    "admin": AT_RISK,
    "analyst": ADMIN,
    "caseworker": ADMIN,
    "partner": AT_RISK,
    "school": SCORECARD,
}


def _open_a_measure(page: Any, base: str) -> None:
    """From the scorecard, open the first measure's turn-the-curve page."""
    visit(page, base + SCORECARD)
    first = page.get_by_role("table").first.get_by_role("rowheader").first.get_by_role("link")
    name = first.inner_text().strip()
    follow(page, first.click)
    assert heading(page).startswith(name)
    assert page.get_by_role("heading", name="History, baseline and target").count() == 1


def _assert_forbidden(page: Any, url: str) -> None:
    response = page.goto(url)
    status = response.status if response is not None else None
    assert status == 403, f"{url} -> {status}"
    assert heading(page) == "You do not have permission to see this page"
    assert_accessible(page)


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_each_role_reaches_its_pages_is_refused_others_and_signs_out(
    server_url: str, page: Any, role: str
) -> None:
    account = SignInPage(page, server_url)
    account.sign_in(role)
    menu = page.get_by_role("navigation", name="Menu")
    assert menu.get_by_role("button", name="Sign out").count() == 1

    for where in ALLOWED[role]:
        if where == TURN_THE_CURVE:
            _open_a_measure(page, server_url)
        else:
            visit(page, server_url + where)
    _assert_forbidden(page, server_url + FORBIDDEN[role])

    account.sign_out()
    assert page.get_by_text("You have been signed out.").count() == 1
    response = page.goto(server_url + SCORECARD)
    assert response is not None and response.ok
    assert "/sign-in" in page.url, "a signed-out visitor must be sent to sign in"
