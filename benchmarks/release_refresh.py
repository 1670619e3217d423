"""A new DfE release imported into the demo database, with every page that depends on it, against
the import alone.

Issue #11's figure: `sendsight import dfe-stats` of next year's release plus the whole refresh must
take at most 10 s on the demo database. Nothing is refreshed by a separate command: every figure
read from the statistics store (area benchmarks, scorecard indicators, forecasts and the accuracy
beside them) is cached under the store's version, so the first request after an import rebuilds
it. "Refresh" here is that first request for each dependent page, signed in as the analyst: the
area overview, an indicator page, the scorecard, the forecast page and England's forecast. Each run
imports a synthetic January 2026 caseload (the 2025 counts × 1.05, built the way
`tests/integration/test_statistics_next_release.py` builds it) into a fresh copy of one demo
database (SQLite), so every run starts from the same state.

    .venv/bin/python benchmarks/release_refresh.py [--runs 3]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask.testing import FlaskClient  # noqa: E402
from tests.integration.test_statistics_next_release import next_release  # noqa: E402

from sendsight.config import Settings  # noqa: E402
from sendsight.db.session import transaction  # noqa: E402
from sendsight.statistics.loader import import_release  # noqa: E402
from sendsight.web import create_app  # noqa: E402

PASSWORD = "benchmark password 1234"
PAGES = (
    "/areas/354",
    "/areas/354/indicators/ehc-plans-january",
    "/scorecard",
    "/forecasts/354",
    "/forecasts",
)


def build_demo(folder: Path) -> Path:
    """The demo database, built by the real command for a fixed day."""
    path = folder / "demo.db"
    env = {
        "PATH": "/usr/bin:/bin",
        "SENDSIGHT_DATABASE_URL": f"sqlite:///{path}",
        "SENDSIGHT_DEMO_PASSWORD": PASSWORD,
        "SENDSIGHT_ENVIRONMENT": "development",
    }
    command = [sys.executable, "-m", "sendsight", "demo", "--no-serve", "--today", "2026-12-03"]
    subprocess.run(command, env=env, check=True, capture_output=True, cwd=folder)
    return path


def signed_in(url: str) -> FlaskClient:
    settings = Settings(database_url=url, environment="test", secret_key="b" * 40)
    client = create_app(settings).test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token, "no CSRF token on the sign-in page"
    form = {"email": "analyst@demo.sendsight.test", "password": PASSWORD,
            "csrf_token": token.group(1)}  # fmt: skip
    assert client.post("/sign-in", data=form).status_code in (302, 303)
    return client


def one_run(base: Path, release: Path) -> tuple[float, float]:
    """(seconds for the import alone, seconds for the import and every dependent page)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "copy.db"
        shutil.copy(base, copy)
        url = f"sqlite:///{copy}"
        client = signed_in(url)
        for page in PAGES:  # warm: the pages as they were before the release
            assert client.get(page).status_code == 200, page
        started = time.perf_counter()
        with transaction(url) as session:
            report = import_release(session, release, "ehcp_caseload", "2026")
        imported = time.perf_counter() - started
        assert not report.unchanged
        for page in PAGES:
            assert client.get(page).status_code == 200, page
        refreshed = time.perf_counter() - started
        forecast = client.get("/forecasts/354").get_data(as_text=True)
        assert "up to January 2026" in forecast, "the forecast origin did not move"
        return imported, refreshed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = build_demo(folder)
        release = next_release(folder)
        runs = [one_run(base, release) for _ in range(args.runs)]
    imported = statistics.median(r[0] for r in runs)
    refreshed = statistics.median(r[1] for r in runs)
    print(f"New release (January 2026 caseload) into the demo database, median of {args.runs}")
    print(f"  import alone:                    {imported:6.2f} s")
    print(f"  import + every dependent page:   {refreshed:6.2f} s   (goal <= 10 s)")
    print(f"  ratio to the import alone:       {refreshed / imported:6.2f}")


if __name__ == "__main__":
    main()
