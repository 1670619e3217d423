"""Random files through the web upload and random framework documents into a real database:
always a clear refusal or a clean import, never a server error or a traceback."""

from __future__ import annotations

import io
import re

from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from sendsight.core.errors import InputRejected
from sendsight.outcomes.framework import import_framework
from sendsight.outcomes.value_import import OPTIONAL, REQUIRED
from tests.conftest import sign_in
from tests.unit.test_fuzz_importers import any_bytes, json_values

WITH_FIXTURES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
filenames = st.sampled_from(["values.csv", "values.xlsx", "values.txt", "v.CSV", "=1+1.csv"])


def _csrf(client: FlaskClient) -> str:
    page = client.get("/scorecard/values/import").get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match
    return match.group(1)


@WITH_FIXTURES
@given(st.one_of(st.binary(max_size=400), any_bytes([*REQUIRED, *OPTIONAL])), filenames)
def test_posting_random_files_to_the_value_import_never_gives_a_server_error(
    client: FlaskClient, seeded_session: Session, raw: bytes, filename: str
) -> None:
    if not getattr(client, "_signed_in", False):
        sign_in(client, "analyst")
        client._signed_in = True  # type: ignore[attr-defined]
    data = {"csrf_token": _csrf(client), "file": (io.BytesIO(raw), filename)}
    # Whatever is imported stays in the test's transaction, rolled back after the test.
    response = client.post(
        "/scorecard/values/import", data=data, content_type="multipart/form-data"
    )
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    assert "Traceback" not in response.get_data(as_text=True)


fields = st.sampled_from(
    [
        "key",
        "statement",
        "name",
        "frequency",
        "outcome",
        "unit",
        "level",
        "decimals",
        "coproduced_on",
        "last_updated_on",
        "quotes",
        "values",
        "targets",
        "notes",
        "actions",
        "period",
        "value",
        "text",
        "entered_at_utc",
        "section",
        "version",
        "body",
        "saved_at_utc",
    ]
)
parts = st.dictionaries(
    fields,
    json_values | st.lists(st.dictionaries(fields, json_values, max_size=5), max_size=2),
    max_size=8,
)
valid_outcome = st.fixed_dictionaries({"key": st.just("o1"), "statement": st.just("Children")})
valid_measure = st.fixed_dictionaries(
    {
        "key": st.text(min_size=1, max_size=70),
        "name": st.just("Measure"),
        "frequency": st.sampled_from(["monthly", "termly", "often"]),
        "level": st.just("outcome"),
    },
    optional={
        "outcome": st.just("o1"),
        "values": st.lists(st.dictionaries(fields, json_values, max_size=4), max_size=2),
        "decimals": json_values,
        "unit": json_values,
        "last_updated_on": json_values,
    },
)
documents = st.fixed_dictionaries(
    {
        "format": st.just("sendsight-outcomes"),
        "outcomes": st.lists(valid_outcome, min_size=1, max_size=1)
        | st.lists(valid_outcome | parts, max_size=2),
        "measures": st.lists(valid_measure | parts, max_size=3),
    },
)


@WITH_FIXTURES
@given(documents)
def test_importing_random_framework_documents_refuses_or_imports_cleanly(
    db_session: Session, document: dict[str, object]
) -> None:
    savepoint = db_session.begin_nested()
    try:
        import_framework(db_session, document, filename="framework.yaml")
    except InputRejected as rejected:
        assert rejected.problems and {p.file for p in rejected.problems} == {"framework.yaml"}
    finally:
        savepoint.rollback()
