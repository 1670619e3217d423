"""Sign-in latency under load: p50/p95 with 8 concurrent clients against `sendsight serve`.

Starts the real server on a free port against a temporary SQLite database, signs in repeatedly
from 8 threads (each sign-in: fetch the form for its CSRF token, then post it; only the post is
timed) and compares with a bare `/healthz` request measured the same way. Prints the Argon2id
settings so the cost is visible: deliberately slow, but bounded so it cannot be used to tie up
the server (one thread, fixed memory per hash, passwords capped at 256 characters).

Run: .venv/bin/python benchmarks/sign_in.py
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CLIENTS = 8
ROUNDS = 12
PASSWORD = "benchmark lantern quartz meadow"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(url: str) -> None:
    from sendsight.access import queries
    from sendsight.access.models import OrganisationKind
    from sendsight.access.passwords import hash_password, hasher
    from sendsight.access.roles import Role
    from sendsight.config import Settings
    from sendsight.db.models import metadata
    from sendsight.db.session import get_engine, transaction

    settings = Settings(database_url=url)
    metadata.create_all(get_engine(url))
    ph = hasher(settings.argon2_time_cost, settings.argon2_memory_kib)
    with transaction(url) as session:
        partnership = queries.create_partnership(session=session, name="Bench", la_codes=["901"])
        council = queries.create_organisation(
            session=session,
            partnership=partnership,
            name="Council",
            kind=OrganisationKind.LOCAL_AUTHORITY,
            la_code="901",
        )
        for number in range(CLIENTS):
            queries.create_user(
                session=session,
                email=f"user{number}@example.test",
                name="Bench",
                organisation=council,
                role=Role.ANALYST,
                password_hash=hash_password(PASSWORD, ph),
            )
    print(
        f"argon2id time_cost={settings.argon2_time_cost} "
        f"memory={settings.argon2_memory_kib} KiB parallelism=1"
    )


def wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise SystemExit("sendsight serve stopped while starting")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("sendsight serve did not start")


def sign_in_once(base: str, number: int) -> float:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    with opener.open(base + "/sign-in", timeout=30) as page:
        html = page.read().decode()
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "no CSRF token on the sign-in page"
    body = urllib.parse.urlencode(
        {"email": f"user{number}@example.test", "password": PASSWORD, "csrf_token": match.group(1)}
    ).encode()
    started = time.perf_counter()
    try:
        opener.open(base + "/sign-in", data=body, timeout=30).close()
        raise AssertionError("sign-in did not redirect (wrong password or throttled?)")
    except urllib.error.HTTPError as redirect:
        redirect.close()
        assert redirect.code == 302, redirect.code
    return time.perf_counter() - started


def healthz_once(base: str, _number: int) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(base + "/healthz", timeout=30) as response:
        response.read()
    return time.perf_counter() - started


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def measure(task: object, base: str) -> list[float]:
    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [
            pool.submit(task, base, n % CLIENTS)  # type: ignore[arg-type]
            for n in range(CLIENTS * ROUNDS)
        ]
        return [f.result() for f in futures]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        prepare(url)
        port = free_port()
        env = {**os.environ, "SENDSIGHT_DATABASE_URL": url, "SENDSIGHT_ENVIRONMENT": "test"}
        command = [sys.executable, "-m", "sendsight", "serve", "--port", str(port)]
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, process)
            health = measure(healthz_once, base)
            sign_ins = measure(sign_in_once, base)
        finally:
            process.terminate()
            process.wait(timeout=10)
    for name, values in (("healthz", health), ("sign-in", sign_ins)):
        print(
            f"{name:8} n={len(values)} p50={statistics.median(values) * 1000:.1f} ms "
            f"p95={p95(values) * 1000:.1f} ms"
        )
    print(f"ratio sign-in p95 / healthz p95 = {p95(sign_ins) / p95(health):.1f}")


if __name__ == "__main__":
    main()
