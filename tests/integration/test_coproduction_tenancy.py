"""The tenancy matrix, on the co-production routes only: quick to run while working on them."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from tests.integration.test_tenancy_matrix import OBJECT_ARGUMENTS, Side, _sign_in, _values
from tests.integration.test_tenancy_matrix import sides as sides  # the fixture
from tests.tenancy import coproduction

PROBE = {
    "topic": "Probe",
    "said": "Probe",
    "response_kind": "did",
    "response": "Probe",
    "status": "done",
}


def _probe(app: Flask, email: str, password: str, victim: Side) -> list[str]:
    client = app.test_client()
    token = _sign_in(client, email, password)
    values, wrong = _values(victim), []
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(("coproduction.", "you_said.")):
            continue
        path = adapter.build(rule.endpoint, {a: values[a] for a in rule.arguments})
        for method in [m for m in ("GET", "POST") if m in (rule.methods or set())]:
            response = (
                client.get(path)
                if method == "GET"
                else client.post(path, data={**PROBE, "csrf_token": token})
            )
            body = response.get_data(as_text=True)
            if rule.arguments & OBJECT_ARGUMENTS and response.status_code not in (403, 404):
                wrong.append(f"{method} {path} -> {response.status_code}")
            wrong += [f"{method} {path} shows {s!r}" for s in victim.secrets if s in body]
    return wrong


@pytest.mark.parametrize(("attacker", "victim"), [("other", "demo"), ("demo", "other")])
def test_co_production_routes_keep_partnerships_apart(
    app: Flask, seeded_session: Session, sides: dict[str, Side], attacker: str, victim: str
) -> None:
    target = sides[victim]
    before = coproduction.held(seeded_session, partnership_id=target.partnership_id)
    wrong = []
    for role, (email, password) in sides[attacker].people.items():
        wrong += [f"{role}: {w}" for w in _probe(app, email, password, target)]
    assert wrong == []
    seeded_session.expire_all()
    assert coproduction.held(seeded_session, partnership_id=target.partnership_id) == before
