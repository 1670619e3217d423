"""The tenancy matrix, on the self-assessment routes only: quick to run while working on them."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from tests.integration.test_tenancy_matrix import Side, probe_domain
from tests.integration.test_tenancy_matrix import sides as sides  # the fixture
from tests.tenancy import assessment

PROBE = {
    "name": "Probe",
    "level": "high",
    "confidence": "high",
    "reason": "Probe",
    "c-level": "high",
    "c-reason": "Probe",
    "a-title": "Probe",
    "duty_met": "yes",
}


@pytest.mark.parametrize(("attacker", "victim"), [("other", "demo"), ("demo", "other")])
def test_self_assessment_routes_keep_partnerships_apart(
    app: Flask, seeded_session: Session, sides: dict[str, Side], attacker: str, victim: str
) -> None:
    target = sides[victim]
    before = assessment.held(seeded_session, partnership_id=target.partnership_id)
    wrong = []
    for role, (email, password) in sides[attacker].people.items():
        wrong += [
            f"{role}: {w}"
            for w in probe_domain(
                app, email, password, target, prefixes=("assessment.",), form=PROBE
            )
        ]
    assert wrong == []
    seeded_session.expire_all()
    assert assessment.held(seeded_session, partnership_id=target.partnership_id) == before
