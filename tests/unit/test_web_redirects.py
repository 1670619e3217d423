"""A redirect target from the address (``?next=``) stays on this site, however it is dressed up."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from sendsight.web.redirects import safe_redirect_target
from tests.data.security import open_redirect_payloads as payloads
from tests.data.security.open_redirect_payloads import PAYLOADS, SAFE_TARGETS

SITE = "https://sendsight.example/sign-in"
HOME = "/"


def stays_on_site(location: str) -> bool:
    return payloads.stays_on_site(location, SITE)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_open_redirect_payload_falls_back_to_the_home_page(payload: str) -> None:
    # Flask hands the view the query value percent-decoded once, as unquote does.
    assert safe_redirect_target(unquote(payload), HOME) == HOME


@pytest.mark.parametrize("target", SAFE_TARGETS)
def test_a_path_on_this_site_is_kept(target: str) -> None:
    assert safe_redirect_target(target, HOME) == target


def test_the_reported_tab_payload_would_have_left_the_site_without_the_check() -> None:
    # The security test's finding: "/\t/evil.example" starts with one slash, yet a browser
    # drops the tab and goes to //evil.example.
    assert not stays_on_site("/\t/evil.example")
    assert safe_redirect_target("/\t/evil.example", HOME) == HOME


@pytest.mark.parametrize("target", [None, 42, b"/admin"])
def test_a_target_that_is_not_text_falls_back(target: object) -> None:
    assert safe_redirect_target(target, HOME) == HOME
