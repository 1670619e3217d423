"""Reflow (WCAG 2.2, 1.4.10): at 320 CSS pixels no page scrolls sideways.

Each demo role visits every page type it can reach, at 320 and 375 pixels wide (phones) and at
400% zoom on a 1280 × 720 desktop window. Browser zoom at 400% leaves 320 × 180 CSS pixels, each
drawn with 4 device pixels, so it is modelled as that viewport with a device scale factor of 4
(CSS ``zoom`` on the body would not change the viewport that media queries see). A data table
may scroll sideways inside its own labelled scroll container: that overflow stays inside the
container, so it does not widen the document. axe-core checks each page at 320 pixels.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.e2e.conftest import PASSWORD, assert_accessible

pytestmark = pytest.mark.e2e

LA = "354"  # the demo partnership's area (Rochdale)
INDICATOR = "pct-20-weeks-excl-exceptions"


@dataclass(frozen=True)
class Screen:
    name: str
    width: int
    height: int
    scale: float = 1


PHONE_320 = Screen("320 px", 320, 640)
SCREENS = (PHONE_320, Screen("375 px", 375, 667), Screen("1280 px at 400% zoom", 320, 180, 4))

PUBLIC = (
    "/",
    "/areas",
    f"/areas/{LA}",
    f"/areas/{LA}/indicators/{INDICATOR}",
    f"/areas/{LA}/neighbours",
    "/indicators",
    f"/indicators/{INDICATOR}/all",
    "/accessibility",
    "/cookies",
    "/privacy",
    "/data-sources",
    "/api",
    "/sign-in",
    "/no-such-page",  # the error page
)
SCORECARD = (
    "/",
    "/scorecard",
    "/scorecard/services",
    "/scorecard/health",
    "/scorecard/report",
    "/account",
    "link:/scorecard:table a[href^='/scorecard/measures/']",
)
FORECASTS = (
    "/forecasts",
    f"/forecasts/{LA}",
    f"/forecasts/{LA}/places",
    f"/forecasts/{LA}?slower_new_plans=10&more_ceasing_19plus=&resourced_mainstream=&from_year=2026",
    f"/forecasts/{LA}?seek_lever=slower_new_plans&seek_year=2029&seek_goal=100&from_year=2026",
    "scenario-file",
)
EHC = ("/ehc/", "/ehc/pinch-points", "/ehc/imports")
ROLE_PAGES: dict[str, tuple[str, ...]] = {
    "caseworker": (
        *SCORECARD,
        *EHC,
        "/ehc/at-risk",
        "link:/ehc/at-risk:a[href^='/ehc/cases/']",
        *FORECASTS,
    ),
    "analyst": (
        *SCORECARD,
        "/scorecard/measures/new",
        "/scorecard/values/import",
        "link-measure:/edit",
        "link-measure:/targets",
        "link-measure:/values",
        "link-measure:/actions",
        *EHC,
        "/ehc/import",
        "/ehc/import/sen2",
        *FORECASTS,
        "/forecasts/places/import",
    ),
    "admin": (
        *SCORECARD,
        "/scorecard/outcomes/new",
        "/admin/",
        "/admin/users",
        "link:/admin/users:table a[href^='/admin/users/']",
        "/admin/users/invite",
        "/admin/audit",
        "/admin/audit?actor=&action=&object_type=&object_id=&from_on=&to_on=",
        "/admin/role-changes/",
        "/settings/",
        "link:/settings/:ul a[href^='/settings/']",
        "/ehc/at-risk",  # the page refusing access
    ),
    "partner": (*SCORECARD, *EHC, *FORECASTS),
    "school": ("/", "/account", "/settings/"),  # a school's own setting
    "": PUBLIC,
}
ERROR_PAGES = {("", "/no-such-page"): 404, ("admin", "/ehc/at-risk"): 403}


def _sign_in(page: Any, base: str, role: str) -> None:
    page.goto(f"{base}/sign-in")
    page.get_by_label("Email address").fill(f"{role}@demo.sendsight.test")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def _href(page: Any, base: str, spec: str, measure: list[str]) -> str | None:
    """A page found by following a link: ``link:<from>:<css>`` or ``link-measure:<suffix>``."""
    if spec.startswith("link-measure:"):
        return measure[0] + spec.removeprefix("link-measure:") if measure else None
    _, start, css = spec.split(":", 2)
    page.goto(base + start)
    links = page.locator(f"main {css}")
    href = links.first.get_attribute("href") if links.count() else None
    if href and start == "/scorecard" and "/measures/" in href:
        measure.append(href)
    return str(href) if href else None


def _pages(page: Any, base: str, role: str) -> Iterator[str]:
    """The address of every page type the role's list names (links followed to find them)."""
    measure: list[str] = []
    for spec in ROLE_PAGES[role]:
        if spec == "scenario-file":
            yield spec
        elif spec.startswith("link"):
            href = _href(page, base, spec, measure)
            assert href, f"{role}: no link found for {spec}"
            yield href
        else:
            yield spec


def _open(page: Any, base: str, where: str, role: str) -> None:
    """Go to the page (a scenario file comparison is reached by uploading the example file)."""
    if where == "scenario-file":
        page.goto(f"{base}/forecasts/{LA}")
        with page.expect_download() as started:
            page.get_by_role("link", name="example CSV file").click()
        page.get_by_label("Scenario file (CSV or YAML)").set_input_files(started.value.path())
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Compare scenarios").click()
        response = navigation.value
    else:
        response = page.goto(base + where)
    expected = ERROR_PAGES.get((role, where), 200)
    assert response is not None and response.status == expected, f"{role} {where}"


# The document's width against the viewport's, and the outermost elements that stick out
# past the right edge (not counting those inside a container that clips or scrolls them).
OVERFLOW_JS = """() => {
  const limit = document.documentElement.clientWidth;
  const sticksOut = (el) => el.getBoundingClientRect().right > limit + 0.5;
  const contained = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + (el.id ? '#' + el.id : '');
  const wide = [...document.body.querySelectorAll('*')].filter(
    (el) => sticksOut(el) && !(el.parentElement && sticksOut(el.parentElement)) && !contained(el));
  const right = (el) => Math.round(el.getBoundingClientRect().right);
  return {scroll: document.documentElement.scrollWidth, width: limit,
          wide: wide.slice(0, 4).map((el) => name(el) + ' ' + right(el))};
}"""


def _overflow(page: Any) -> str | None:
    """Why the page scrolls sideways (its widest elements), or None when it does not."""
    found = page.evaluate(OVERFLOW_JS)
    if found["scroll"] <= found["width"]:
        return None
    return f"scrollWidth {found['scroll']} > {found['width']}: {', '.join(found['wide'])}"


def _contexts(browser: Any, base: str, role: str) -> dict[Screen, Any]:
    """A browser context per screen, signed in once (the others share its cookies)."""
    first = browser.new_context()
    if role:
        _sign_in(first.new_page(), base, role)
    signed_in = first.storage_state()
    first.close()
    return {
        screen: browser.new_context(
            viewport={"width": screen.width, "height": screen.height},
            device_scale_factor=screen.scale,
            storage_state=signed_in,
        )
        for screen in SCREENS
    }


def _check_role(browser: Any, base: str, role: str) -> tuple[list[str], list[str]]:
    """The pages the role visited, and every sideways scroll or accessibility failure found."""
    contexts = _contexts(browser, base, role)
    who, checked, problems = role or "visitor", [], []
    try:
        pages = {screen: context.new_page() for screen, context in contexts.items()}
        for where in list(_pages(pages[PHONE_320], base, role)):
            checked.append(where)
            for screen, page in pages.items():
                _open(page, base, where, role)
                why = _overflow(page)
                if why:
                    problems.append(f"{who} {where} at {screen.name}: {why}")
            try:
                assert_accessible(pages[PHONE_320])
            except AssertionError as failure:
                problems.append(f"{who} {where}: {str(failure).splitlines()[0][:300]}")
    finally:
        for context in contexts.values():
            context.close()
    return checked, problems


@pytest.mark.parametrize("role", sorted(ROLE_PAGES), ids=lambda r: r or "signed-out")
def test_no_page_scrolls_sideways_at_320_or_375_pixels_or_at_400_percent_zoom(
    server_url: str, browser: Any, role: str
) -> None:
    checked, problems = _check_role(browser, server_url, role)
    assert len(checked) == len(ROLE_PAGES[role])
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
