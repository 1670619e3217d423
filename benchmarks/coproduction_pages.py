"""p50/p95 latency of the co-production log and the public "You said, we did" page: 8
concurrent clients against `sendsight serve` on the demo (SQLite). Reference: `/healthz` in the
same run. The log is read signed in as the demo partner (session cookie from the sign-in form).

Usage: .venv/bin/python benchmarks/coproduction_pages.py [--seconds 20]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import urllib.parse
import urllib.request

from _load import load, served, sqlite_url

PASSWORD = "benchmark password 1234"
PUBLIC = ["/you-said-we-did/", "/you-said-we-did/download.csv"]
SIGNED_IN = ["/coproduction/", "/coproduction/coverage"]


def session_cookie(base: str, role: str) -> str:
    """Sign in through the form; returns the Cookie header for that session."""
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with browser.open(base + "/sign-in") as page:
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.read().decode())
    assert match, "no CSRF token on the sign-in page"
    form = {"email": f"{role}@demo.sendsight.test", "password": PASSWORD, "csrf_token": match[1]}
    with browser.open(base + "/sign-in", data=urllib.parse.urlencode(form).encode()) as answer:
        assert "/sign-in" not in answer.url, f"could not sign in as {role}"
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    seconds = parser.parse_args().seconds
    with served(sqlite_url()) as base:
        cookie = {"Cookie": session_cookie(base, "partner")}
        load(base, PUBLIC, clients=2, seconds=2)
        load(base, SIGNED_IN, clients=2, seconds=2, headers=cookie)
        reference = load(base, ["/healthz"], clients=8, seconds=seconds / 3)[0]
        results = load(base, PUBLIC, clients=8, seconds=seconds)
        results += load(base, SIGNED_IN, clients=8, seconds=seconds, headers=cookie)
    print(reference.line())
    for r in results:
        print(r.line() + f"  ratio_p95_to_healthz={r.p95 / reference.p95:.1f}")
    worst = max(r.p95 for r in results)
    print(f"worst p95={worst:.1f} ms; errors={sum(r.errors for r in results)}")


if __name__ == "__main__":
    main()
