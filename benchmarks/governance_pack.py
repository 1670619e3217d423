"""Board pack PDF for the demo partnership: time and size.

Issue #17 figure: the board pack PDF (WeasyPrint, charts, page numbers, contents) for the demo
partnership in at most 15 s and at most 5 MB. Builds the demo in a temporary SQLite database,
then, signed in as a partner through the app's test client, times a pack as an HTML page (the
reference, measured in the same run) and as a PDF, each twice (the first after a cold start,
the second warm), for the next meeting's draft (built on request) and for an issued pack (read
from the archive). Prints the times, the PDF's size and
the ratio of PDF time to HTML time.

Usage: .venv/bin/python benchmarks/governance_pack.py
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

PASSWORD = "benchmark password 1234"


def main() -> None:
    """Build the demo, time HTML and PDF for the next meeting's pack, print the figures."""
    from sendsight.cli.setup import load_shipped_data
    from sendsight.config import Settings
    from sendsight.db.migrate import upgrade
    from sendsight.db.session import transaction
    from sendsight.demo.build import build_demo
    from sendsight.governance import queries
    from sendsight.web import create_app

    url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'pack.db'}"
    upgrade(url)
    with transaction(url) as session:
        load_shipped_data(session)
        build_demo(session, la_code="354", password=PASSWORD, today=date(2026, 12, 3))
    with transaction(url) as session:
        from sendsight.demo.access import demo_partnership

        pid = demo_partnership(session, la_code="354").id
        meetings = queries.list_meetings(session=session, partnership_id=pid)
        draft = next(m.id for m in meetings if m.issued_at_utc is None)
        issued = next(m.id for m in meetings if m.issued_at_utc is not None)
    app = create_app(Settings(database_url=url, environment="test", secret_key="bench"))
    client = app.test_client()
    token = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/sign-in").get_data(as_text=True)
    ).group(1)  # type: ignore[union-attr]
    client.post(
        "/sign-in",
        data={"email": "partner@demo.sendsight.test", "password": PASSWORD, "csrf_token": token},
    )
    for name, meeting_id in (("draft (built now)", draft), ("issued (archived)", issued)):
        times: dict[str, list[float]] = {"html": [], "pdf": []}
        pdf = b""
        for _ in range(2):
            for kind, path in (
                ("html", f"/governance/meetings/{meeting_id}"),
                ("pdf", f"/governance/meetings/{meeting_id}/pack.pdf"),
            ):
                start = time.perf_counter()
                response = client.get(path)
                times[kind].append(time.perf_counter() - start)
                assert response.status_code == 200, (path, response.status_code)
                if kind == "pdf":
                    pdf = response.data
        print(
            f"{name}: HTML page cold {times['html'][0]:.2f} s, warm {times['html'][1]:.2f} s; "
            f"PDF cold {times['pdf'][0]:.2f} s, warm {times['pdf'][1]:.2f} s, "
            f"{len(pdf) / 1e6:.2f} MB (goal <= 15 s, <= 5 MB); "
            f"ratio PDF / HTML (warm) {times['pdf'][1] / times['html'][1]:.1f}"
        )


if __name__ == "__main__":
    main()
