"""Panel rules: quorum and reasons in plain English."""

from __future__ import annotations

from sendsight.frontdoor.models import FdPanel
from sendsight.frontdoor.panels import quorum_problem, reasons


def _panel() -> FdPanel:
    return FdPanel(
        name="Assessment panel",
        panel_type="assess",
        quorum=3,
        required_agencies=["education", "health"],
    )


def test_a_meeting_with_too_few_members_is_not_quorate() -> None:
    assert "3 members" in (quorum_problem(_panel(), ["education", "health"]) or "")


def test_a_meeting_without_health_is_not_quorate() -> None:
    assert "health" in (quorum_problem(_panel(), ["education", "education", "social_care"]) or "")


def test_a_full_meeting_is_quorate() -> None:
    assert quorum_problem(_panel(), ["education", "health", "social_care"]) is None


def test_reasons_name_the_criteria_met_and_not_met_and_the_chairs_words() -> None:
    text = reasons("assess", {"may_have_send": True, "may_need_plan": False}, "Try outreach.")
    assert text.startswith("The panel did not agree: whether to assess.")
    assert "It found that the child or young person has or may have special" in text
    assert "It did not find that special educational provision may need" in text
    assert text.endswith("The chair added: Try outreach.")
