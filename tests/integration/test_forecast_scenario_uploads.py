"""Random and hostile scenario files, read directly and through the web upload: always the
scenarios or a refusal naming the file, never a crash, a hang or a server error."""

from __future__ import annotations

import io
import re

import yaml
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sendsight.forecasting.scenario_files import CSV_COLUMNS, read_scenario_file
from tests.conftest import sign_in
from tests.unit.test_fuzz_importers import accepts_or_rejects, any_bytes, json_values

names = st.sampled_from(["s.csv", "s.yaml", "s.yml", "s.txt", "S.YAML", "=1+1.csv"])
yaml_like = st.fixed_dictionaries(
    {
        "scenarios": st.lists(
            st.dictionaries(
                st.sampled_from(["name", "from_year", "levers", "colour"]),
                st.one_of(json_values, st.dictionaries(st.sampled_from(CSV_COLUMNS), json_values)),
                max_size=4,
            ),
            max_size=8,
        )
    }
).map(lambda data: yaml.safe_dump(data).encode())
HOSTILE = [
    b"a: &a [*a, *a]\nscenarios: *a\n",  # an alias inside itself
    b"scenarios: " + b"[" * 3000 + b"]" * 3000,  # deep nesting
    b"x: &x ['lol','lol']\ny: &y [*x,*x,*x,*x,*x,*x,*x,*x]\nz: &z [*y,*y,*y,*y,*y,*y,*y,*y]\n"
    b"scenarios: [*z, *z, *z, *z, *z, *z, *z, *z]\n",  # aliases that multiply
    b"!!python/object/apply:os.system ['echo hi']\n",
]
BYTES = st.one_of(any_bytes(CSV_COLUMNS), yaml_like, st.sampled_from(HOSTILE))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(BYTES, names)
def test_reading_any_scenario_file_gives_scenarios_or_a_refusal(raw: bytes, name: str) -> None:
    accepts_or_rejects(lambda: read_scenario_file(raw, name, years=(2025, 2029)), [name])


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(BYTES, names)
def test_posting_any_scenario_file_never_gives_a_server_error(
    client: FlaskClient, raw: bytes, name: str
) -> None:
    if not getattr(client, "_signed_in", False):
        sign_in(client, "analyst")
        client._signed_in = True  # type: ignore[attr-defined]
    page = client.get("/forecasts/354/scenarios").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token
    data = {"csrf_token": token.group(1), "file": (io.BytesIO(raw), name)}
    response = client.post("/forecasts/354/scenarios", data=data,
                           content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert "Traceback" not in response.get_data(as_text=True)
