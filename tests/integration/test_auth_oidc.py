"""Single sign-on against a local OpenID Connect provider stub issuing real RS256-signed tokens."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from flask import Flask, jsonify, redirect, request
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from sendsight.access.models import AuditEvent
from tests.integration import test_access_support as support
from tests.integration.test_access_support import World

clock, make_app, world = support.clock, support.make_app, support.world
CLIENT_ID = "sendsight-test"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class Provider:
    """The stub's state: its key, who "signs in" next, and codes it has issued."""

    issuer: str = ""
    email: str = "caseworker@example.test"
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    tamper: bool = False

    def id_token(self, nonce: str) -> str:
        header = _b64(json.dumps({"alg": "RS256", "kid": "k1", "typ": "JWT"}).encode())
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": "subject-123",
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "email": self.email,
        }
        body = _b64(json.dumps(claims).encode())
        signature = self.key.sign(f"{header}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
        if self.tamper:
            body = _b64(json.dumps({**claims, "email": "admin@example.test"}).encode())
        return f"{header}.{body}.{_b64(signature)}"


def _stub_app(provider: Provider) -> Flask:
    stub = Flask("oidc_stub")

    @stub.get("/.well-known/openid-configuration")
    def discovery() -> Any:
        return jsonify(
            issuer=provider.issuer,
            authorization_endpoint=provider.issuer + "/authorize",
            token_endpoint=provider.issuer + "/token",
            jwks_uri=provider.issuer + "/jwks",
        )

    @stub.get("/authorize")
    def authorize() -> Any:
        code = f"code-{len(provider.codes)}"
        provider.codes[code] = dict(request.args)
        query = urllib.parse.urlencode({"code": code, "state": request.args["state"]})
        return redirect(f"{request.args['redirect_uri']}?{query}")

    @stub.post("/token")
    def token() -> Any:
        asked = provider.codes.pop(request.form["code"])
        challenge = _b64(hashlib.sha256(request.form["code_verifier"].encode()).digest())
        if challenge != asked["code_challenge"]:
            return jsonify(error="invalid_grant"), 400
        return jsonify(id_token=provider.id_token(asked["nonce"]), token_type="Bearer")

    @stub.get("/jwks")
    def jwks() -> Any:
        numbers = provider.key.public_key().public_numbers()
        return jsonify(
            keys=[
                {
                    "kty": "RSA",
                    "kid": "k1",
                    "alg": "RS256",
                    "use": "sig",
                    "n": _b64(numbers.n.to_bytes(256, "big")),
                    "e": _b64(numbers.e.to_bytes(3, "big")),
                }
            ]
        )

    return stub


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    provider = Provider()
    server = make_server("127.0.0.1", 0, _stub_app(provider))
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield provider
    server.shutdown()
    thread.join()


@pytest.fixture
def sso_client(
    make_app: Callable[..., Flask], world: World, provider: Provider, clock: support.Clock
) -> Iterator[FlaskClient]:
    provider.email, provider.tamper = "caseworker@example.test", False
    clock.now = datetime.now(UTC)  # the stub signs tokens with the real time
    app = make_app(
        oidc_issuer=provider.issuer, oidc_client_id=CLIENT_ID, oidc_client_secret="stub-secret"
    )
    yield app.test_client()


def _round_trip(client: FlaskClient) -> Any:
    start = client.get("/sign-in/sso")
    assert start.status_code == 302
    request_to_provider = urllib.request.Request(start.headers["Location"])
    opener = urllib.request.build_opener(_NoRedirect())
    with pytest.raises(urllib.error.HTTPError) as back:
        opener.open(request_to_provider, timeout=10)
    callback = urllib.parse.urlsplit(back.value.headers["Location"])
    back.value.close()
    return client.get(f"{callback.path}?{callback.query}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def test_invited_user_signs_in_through_the_provider(
    sso_client: FlaskClient, db_session: Session
) -> None:
    response = _round_trip(sso_client)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert sso_client.get("/admin/").status_code == 403  # signed in as a caseworker
    detail = db_session.scalar(
        select(AuditEvent.detail).where(AuditEvent.actor_email == "caseworker@example.test")
    )
    assert detail == {"method": "sso"}


def test_provider_account_without_an_invitation_is_refused(
    sso_client: FlaskClient, provider: Provider
) -> None:
    provider.email = "stranger@example.test"
    response = _round_trip(sso_client)
    assert response.status_code == 403
    assert sso_client.get("/admin/").status_code == 302


def test_token_altered_after_signing_is_refused(
    sso_client: FlaskClient, provider: Provider
) -> None:
    provider.tamper = True
    response = _round_trip(sso_client)
    assert response.status_code == 403
    assert "signature is not valid" in response.get_data(as_text=True)


def test_callback_with_a_forged_state_is_refused(sso_client: FlaskClient) -> None:
    sso_client.get("/sign-in/sso")
    response = sso_client.get("/sign-in/sso/callback?code=code-x&state=forged")
    assert response.status_code == 403


def test_single_sign_on_is_off_unless_configured(
    make_app: Callable[..., Flask], world: World
) -> None:
    assert make_app().test_client().get("/sign-in/sso").status_code == 404
