"""The first scorecard after the server starts, against the same page warm.

Builds the demo database (`sendsight demo --no-serve`), starts the real server
(`sendsight serve`) on a free port and, as soon as the port accepts a connection (no request
before the timed ones), signs in through the form and times the first `/scorecard`, then the
same page again (median of the warm repeats), for a role that sees case-level figures
(analyst) and one that sees them after disclosure control (partner): each is its own cached
scorecard. The reference is the warm page in the same run. Also prints how long the server
took to accept connections (it warms its caches first).

Run: .venv/bin/python benchmarks/first_request.py [--repeats 7]
Goal (issue 11 item 5): first request <= 2x the warm one.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from _load import free_port, sqlite_url

PASSWORD = "benchmark password 1234"
ROLES = ("analyst", "partner")


@contextmanager
def started_server() -> Iterator[tuple[str, float]]:
    """A demo database served by `sendsight serve`: its base URL and the seconds it took to
    accept a connection. Nothing is requested before the caller's first request."""
    env = {
        **os.environ,
        "SENDSIGHT_DATABASE_URL": sqlite_url(),
        "SENDSIGHT_DEMO_PASSWORD": PASSWORD,
        "SENDSIGHT_ENVIRONMENT": "development",
    }
    cli = [sys.executable, "-m", "sendsight"]
    subprocess.run([*cli, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    port = free_port()
    began = time.perf_counter()
    process = subprocess.Popen(
        [*cli, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL
    )
    try:
        while True:
            assert process.poll() is None, "the server stopped"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", time.perf_counter() - began
    finally:
        process.terminate()
        process.wait(timeout=10)


def opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )


def sign_in(browser: urllib.request.OpenerDirector, base: str, role: str) -> None:
    with browser.open(base + "/sign-in") as page:
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.read().decode())
    assert match, "no CSRF token on the sign-in page"
    form = urllib.parse.urlencode(
        {"email": f"{role}@demo.sendsight.test", "password": PASSWORD, "csrf_token": match[1]}
    ).encode()
    with browser.open(base + "/sign-in", data=form) as answer:
        assert "/sign-in" not in answer.url, f"could not sign in as {role}"


def timed(browser: urllib.request.OpenerDirector, url: str) -> float:
    started = time.perf_counter()
    with browser.open(url) as response:
        body = response.read()
        assert response.status == 200 and response.url == url, response.url
        assert b"Alliance scorecard" in body
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    ratios = []
    with started_server() as (base, ready_after):
        print(f"server accepted connections {ready_after:.1f} s after it was started")
        started = time.perf_counter()
        browsers = {}
        for role in ROLES:
            browsers[role] = opener()
            sign_in(browsers[role], base, role)
        print(f"first two sign-ins took {(time.perf_counter() - started) * 1000:.0f} ms")
        for role in ROLES:
            first = timed(browsers[role], base + "/scorecard")
            warm = statistics.median(
                timed(browsers[role], base + "/scorecard") for _ in range(args.repeats)
            )
            ratios.append(first / warm)
            print(
                f"{role:<8} first /scorecard {first:8.1f} ms   warm median {warm:7.1f} ms   "
                f"ratio {first / warm:5.2f}"
            )
    worst = max(ratios)
    print(
        f"worst ratio first/warm = {worst:.2f} (goal <= 2) -> {'met' if worst <= 2 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
