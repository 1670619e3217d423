"""The page chrome (menu, sign-out form, phase banner) is rendered once per kind of reader
(web/chrome.py): what is kept must never carry one person's session into another's page."""

from __future__ import annotations

import re

from sendsight.access.roles import Role
from tests.integration import test_access_support as support
from tests.integration.test_access_support import World, sign_in

app, client, clock, make_app, world = (
    support.app,
    support.client,
    support.clock,
    support.make_app,
    support.world,
)


def _sign_out_token(body: str) -> str:
    form = re.search(r'<form method="post" action="/sign-out".*?</form>', body, re.S)
    assert form, "no sign-out form in the menu"
    token = re.search(r'name="csrf_token" value="([^"]+)"', form[0])
    assert token
    return token[1]


def _menu(body: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Menu".*?</nav>', body, re.S)
    assert nav
    return [" ".join(t.split()) for t in re.findall(r'href="([^"]+)"', nav[0])]


def test_each_session_gets_its_own_sign_out_token(app, world: World) -> None:  # type: ignore[no-untyped-def]
    first, second = app.test_client(), app.test_client()
    sign_in(first, "admin@example.test")
    sign_in(second, "admin@example.test")
    one, two = (_sign_out_token(c.get("/").get_data(as_text=True)) for c in (first, second))
    assert one != two
    # and the token works: the kept menu did not freeze an old one
    assert first.post("/sign-out", data={"csrf_token": one}).status_code in (302, 303)


def test_the_menu_follows_the_role_and_the_page(app, world: World) -> None:  # type: ignore[no-untyped-def]
    admin, partner, anonymous = app.test_client(), app.test_client(), app.test_client()
    sign_in(admin, "admin@example.test")
    sign_in(partner, f"{Role.PARTNER.value}@example.test")
    admin_menu = _menu(admin.get("/").get_data(as_text=True))
    partner_menu = _menu(partner.get("/").get_data(as_text=True))
    assert "/admin/" in admin_menu and "/admin/" not in partner_menu
    # the partner's page straight after the admin's still has no admin item (and vice versa)
    assert "/admin/" in _menu(admin.get("/").get_data(as_text=True))
    signed_out = anonymous.get("/areas").get_data(as_text=True)
    assert "/sign-in" in _menu(signed_out) and "/sign-out" not in signed_out
    # the active item moves with the page
    body = admin.get("/admin/").get_data(as_text=True)
    active = re.search(
        r'--active">\s*<a class="govuk-service-navigation__link" href="([^"]+)"', body
    )
    assert active and active[1] == "/admin/"
