"""The tenancy matrix, on the co-production routes only: quick to run while working on them."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from tests.integration.test_tenancy_matrix import Side, probe_domain
from tests.integration.test_tenancy_matrix import sides as sides  # the fixture
from tests.tenancy import coproduction

PROBE = {
    "topic": "Probe",
    "said": "Probe",
    "response_kind": "did",
    "response": "Probe",
    "status": "done",
}


@pytest.mark.parametrize(("attacker", "victim"), [("other", "demo"), ("demo", "other")])
def test_co_production_routes_keep_partnerships_apart(
    app: Flask, seeded_session: Session, sides: dict[str, Side], attacker: str, victim: str
) -> None:
    target = sides[victim]
    before = coproduction.held(seeded_session, partnership_id=target.partnership_id)
    wrong = []
    for role, (email, password) in sides[attacker].people.items():
        wrong += [
            f"{role}: {w}"
            for w in probe_domain(
                app, email, password, target, prefixes=("coproduction.", "you_said."), form=PROBE
            )
        ]
    assert wrong == []
    seeded_session.expire_all()
    assert coproduction.held(seeded_session, partnership_id=target.partnership_id) == before
