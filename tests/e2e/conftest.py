"""End-to-end: the real server in a subprocess, driven by Playwright in Debian's Chromium.

axe-core runs on every page a test visits (`visit`): no serious or critical violations allowed.
With ``SENDSIGHT_REQUIRE_BROWSER=1`` (CI) a missing browser fails instead of skipping.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("SENDSIGHT_CHROMIUM", "/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("SENDSIGHT_REQUIRE_BROWSER") == "1"
PASSWORD = "e2e demo password 2468"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("server did not start")


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A demo database built with `sendsight demo --no-serve`, served by `sendsight serve`."""
    db_path = Path(tmp_path_factory.mktemp("e2e")) / "e2e.db"
    env = {
        **os.environ,
        "SENDSIGHT_DATABASE_URL": f"sqlite:///{db_path}",
        "SENDSIGHT_DEMO_PASSWORD": PASSWORD,
        "SENDSIGHT_ENVIRONMENT": "development",
    }
    cli = [sys.executable, "-m", "sendsight"]
    subprocess.run([*cli, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    port = _free_port()
    process = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        if REQUIRE_BROWSER:
            pytest.fail(f"Chromium not found at {CHROMIUM}")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_no_js(browser: Any) -> Iterator[Any]:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    NO_JS_PAGES.add(page)
    yield page
    context.close()


# Pages whose context has JavaScript turned off. axe-core cannot finish there (its timers never
# fire, so `Axe().run` waits for ever), so they are checked through `_no_js_snapshot`.
NO_JS_PAGES: weakref.WeakSet[Any] = weakref.WeakSet()


def assert_accessible(page: Any) -> None:
    """axe-core finds no serious or critical violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    if page in NO_JS_PAGES:
        with _no_js_snapshot(page) as snapshot:
            results = Axe().run(snapshot)
    else:
        results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    report = "; ".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
        f"{', '.join(' '.join(n['target']) for n in v['nodes'][:3])})"
        for v in bad
    )
    assert not bad, f"{page.url}: {report}"


@contextmanager
def _no_js_snapshot(page: Any) -> Iterator[Any]:
    """The no-JavaScript page as rendered, in a context where axe-core can run: the same HTML
    at the same address (so its stylesheets load), with every script taken out so none runs."""
    html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.DOTALL | re.IGNORECASE)
    context = page.context.browser.new_context(java_script_enabled=True)
    try:
        copy = context.new_page()
        url = page.url.split("#")[0]
        copy.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
        copy.goto(url)
        yield copy
    finally:
        context.close()


def visit(page: Any, url: str) -> Any:
    """Go to ``url``, check the response is OK and the page is accessible."""
    response = page.goto(url)
    assert response is not None and response.ok, f"{url} -> {response and response.status}"
    assert_accessible(page)
    return response


def sign_in_as(page: Any, base: str, role: str) -> None:
    """Sign in through the form as the demo user for ``role``."""
    visit(page, f"{base}/sign-in")
    page.get_by_label("Email address").fill(f"{role}@demo.sendsight.test")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
