"""ID token validation: signature, issuer, audience, expiry, nonce (OpenID Connect Core 3.1.3.7)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from sendsight.access.oidc import (
    OidcClient,
    SingleSignOnFailed,
    email_of,
    pkce_challenge,
    validate_id_token,
)

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
CLIENT = OidcClient("https://login.example.test/tenant/v2.0", "client-1", None)
NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _jwks() -> dict[str, Any]:
    numbers = KEY.public_key().public_numbers()
    return {
        "keys": [
            {
                "kty": "RSA",
                "kid": "k1",
                "n": _b64(numbers.n.to_bytes(256, "big")),
                "e": _b64(numbers.e.to_bytes(3, "big")),
            }
        ]
    }


def _token(alg: str = "RS256", **changes: Any) -> str:
    moment = int(NOW.timestamp())
    claims = {
        "iss": CLIENT.issuer,
        "aud": "client-1",
        "sub": "s",
        "iat": moment,
        "exp": moment + 600,
        "nonce": "n-1",
        "preferred_username": "Jo@Example.test",
    }
    claims.update(changes)
    head = _b64(json.dumps({"alg": alg, "kid": "k1"}).encode())
    body = _b64(json.dumps(claims).encode())
    signature = KEY.sign(f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{head}.{body}.{_b64(signature)}"


def _validate(token: str) -> dict[str, Any]:
    return validate_id_token(token, jwks=_jwks(), client=CLIENT, nonce="n-1", now=NOW)


def test_valid_token_gives_its_claims_and_entra_style_email() -> None:
    assert email_of(_validate(_token())) == "jo@example.test"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"iss": "https://evil.example.test"}, "issued by someone else"),
        ({"aud": "another-client"}, "meant for another service"),
        ({"exp": int(NOW.timestamp()) - 600}, "expired"),
        ({"nonce": "n-2"}, "does not match this sign-in"),
    ],
)
def test_token_with_a_wrong_claim_is_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(SingleSignOnFailed, match=message):
        _validate(_token(**changes))


def test_token_not_signed_with_rs256_is_refused() -> None:
    with pytest.raises(SingleSignOnFailed, match="RS256"):
        _validate(_token(alg="none"))


def test_token_with_an_altered_body_is_refused() -> None:
    head, _body, signature = _token().split(".")
    forged = _b64(json.dumps({"iss": CLIENT.issuer, "aud": "client-1"}).encode())
    with pytest.raises(SingleSignOnFailed, match="signature"):
        _validate(f"{head}.{forged}.{signature}")


def test_pkce_challenge_matches_rfc_7636_appendix_b() -> None:
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert pkce_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
