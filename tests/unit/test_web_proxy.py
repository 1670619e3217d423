"""Behind a reverse proxy the app trusts exactly the configured number of X-Forwarded-* hops."""

from __future__ import annotations

from flask import request

from sendsight.config import Settings
from sendsight.web import create_app


def _seen(hops: int, headers: dict[str, str]) -> tuple[str | None, str]:
    settings = Settings(
        database_url="sqlite://", environment="test", secret_key="x" * 40, trusted_proxy_hops=hops
    )
    app = create_app(settings)
    seen: dict[str, object] = {}

    @app.before_request
    def _capture() -> None:
        seen["addr"] = request.remote_addr
        seen["scheme"] = request.scheme

    app.test_client().get("/healthz", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    return seen["addr"], str(seen["scheme"])  # type: ignore[return-value]


FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}


def test_no_proxy_trusted_by_default_so_a_visitor_cannot_claim_an_address() -> None:
    assert _seen(0, FORWARDED) == ("127.0.0.1", "http")


def test_one_trusted_proxy_gives_the_clients_address_and_scheme() -> None:
    assert _seen(1, FORWARDED) == ("203.0.113.7", "https")


def test_only_the_configured_number_of_hops_is_trusted() -> None:
    # A visitor's own forged X-Forwarded-For comes first; the proxy appends the real address.
    headers = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7", "X-Forwarded-Proto": "https"}
    assert _seen(1, headers)[0] == "203.0.113.7"
