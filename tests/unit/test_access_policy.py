"""Object-level checks: whose cases, which setting, whose items."""

from __future__ import annotations

import pytest

from sendsight.access.policy import (
    can_edit_org_item,
    can_view_cases,
    can_view_identifiable,
    can_view_setting,
    require_view_cases,
    require_view_setting,
)
from sendsight.access.principal import Principal
from sendsight.core.errors import NotFound, PermissionDenied


def person(
    role: str,
    *,
    la_codes: tuple[str, ...] = ("901",),
    urn: str | None = None,
    organisation_id: str = "org-1",
) -> Principal:
    return Principal(
        id="u",
        email="u@example.test",
        name="U",
        role=role,
        organisation_id=organisation_id,
        organisation_kind="local_authority",
        partnership_id="p",
        la_codes=la_codes,
        urn=urn,
    )


def test_analyst_sees_their_own_las_cases_but_not_anothers() -> None:
    analyst = person("analyst")
    assert can_view_cases(analyst, "901")
    assert not can_view_cases(analyst, "902")


def test_analyst_never_sees_names_and_identifiers() -> None:
    assert not can_view_identifiable(person("analyst"), "901")
    assert can_view_identifiable(person("caseworker"), "901")


def test_another_las_cases_are_not_found_rather_than_forbidden() -> None:
    with pytest.raises(NotFound):
        require_view_cases(person("caseworker"), "902")


def test_role_without_case_access_is_forbidden() -> None:
    with pytest.raises(PermissionDenied):
        require_view_cases(person("partner"), "901")
    with pytest.raises(PermissionDenied):
        require_view_cases(None, "901")


def test_school_sees_only_itself() -> None:
    school = person("school", urn="900001")
    assert can_view_setting(school, "900001")
    assert not can_view_setting(school, "900002")
    with pytest.raises(NotFound):
        require_view_setting(school, "900002")


def test_partner_edits_only_their_own_organisations_items() -> None:
    partner = person("partner", organisation_id="icb")
    assert can_edit_org_item(partner, "icb")
    assert not can_edit_org_item(partner, "council")
    assert not can_edit_org_item(person("caseworker"), "org-1")
    assert not can_edit_org_item(None, "icb")
