"""Single sign-on with OpenID Connect: authorisation code flow with PKCE, state and nonce.

Written for Microsoft Entra ID (what most councils and NHS bodies use) but standard: discovery
document, token endpoint with client secret, ID token signed RS256 and checked against the
provider's JWKS (OpenID Connect Core 1.0 §3.1.3.7). Accounts are never created here: the email
in the token must belong to an account an administrator invited.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from sendsight.core.errors import SendsightError

TIMEOUT_SECONDS = 10
CLOCK_SKEW_SECONDS = 120


class SingleSignOnFailed(SendsightError):
    """The identity provider's answer could not be trusted or used."""


@dataclass(frozen=True, slots=True)
class OidcClient:
    """This service as registered with the identity provider."""

    issuer: str
    client_id: str
    client_secret: str | None


@dataclass(frozen=True, slots=True)
class PendingSignIn:
    """What is kept in the user's session between leaving for the provider and coming back."""

    state: str
    nonce: str
    code_verifier: str


def _fetch_json(url: str, data: dict[str, str] | None = None) -> dict[str, Any]:
    if not url.startswith(("https://", "http://")):
        raise SingleSignOnFailed(f"Refusing to fetch {url!r}")
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            loaded = json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise SingleSignOnFailed(f"The sign-in provider did not answer properly: {exc}") from exc
    if not isinstance(loaded, dict):
        raise SingleSignOnFailed("The sign-in provider sent something unexpected")
    return loaded


def discover(issuer: str) -> dict[str, Any]:
    """The provider's discovery document (its endpoints), checked to name the same issuer."""
    document = _fetch_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if document.get("issuer") != issuer:
        raise SingleSignOnFailed("The discovery document names a different issuer")
    return document


def begin(client: OidcClient, redirect_uri: str) -> tuple[str, PendingSignIn]:
    """The provider URL to send the user to, and what to remember until they come back."""
    pending = PendingSignIn(
        state=secrets.token_urlsafe(24),
        nonce=secrets.token_urlsafe(24),
        code_verifier=secrets.token_urlsafe(48),
    )
    query = {
        "response_type": "code",
        "client_id": client.client_id,
        "redirect_uri": redirect_uri,
        "scope": "openid email profile",
        "state": pending.state,
        "nonce": pending.nonce,
        "code_challenge": pkce_challenge(pending.code_verifier),
        "code_challenge_method": "S256",
    }
    endpoint = discover(client.issuer)["authorization_endpoint"]
    return f"{endpoint}?{urllib.parse.urlencode(query)}", pending


def pkce_challenge(verifier: str) -> str:
    """The S256 code challenge for ``verifier`` (RFC 7636 §4.2)."""
    return _b64encode(hashlib.sha256(verifier.encode("ascii")).digest())


def complete(
    client: OidcClient,
    *,
    redirect_uri: str,
    params: dict[str, str],
    pending: PendingSignIn,
    now: datetime,
) -> dict[str, Any]:
    """Exchange the returned code for tokens and return the validated ID token's claims."""
    if "error" in params:
        raise SingleSignOnFailed(f"The sign-in provider refused: {params['error']}")
    if not secrets.compare_digest(params.get("state", ""), pending.state):
        raise SingleSignOnFailed("The sign-in response does not match this browser's request")
    document = discover(client.issuer)
    form = {
        "grant_type": "authorization_code",
        "code": params.get("code", ""),
        "redirect_uri": redirect_uri,
        "client_id": client.client_id,
        "code_verifier": pending.code_verifier,
    }
    if client.client_secret:
        form["client_secret"] = client.client_secret
    tokens = _fetch_json(document["token_endpoint"], form)
    jwks = _fetch_json(document["jwks_uri"])
    return validate_id_token(
        str(tokens.get("id_token", "")), jwks=jwks, client=client, nonce=pending.nonce, now=now
    )


def validate_id_token(
    token: str, *, jwks: dict[str, Any], client: OidcClient, nonce: str, now: datetime
) -> dict[str, Any]:
    """The claims of an RS256 ID token after checking signature, issuer, audience, times, nonce."""
    header, claims, signing_input, signature = _split(token)
    if header.get("alg") != "RS256":
        raise SingleSignOnFailed("The ID token is not signed with RS256")
    _verify_signature(_public_key(jwks, header.get("kid")), signing_input, signature)
    _check_claims(claims, client=client, nonce=nonce, now=now)
    return claims


def _split(token: str) -> tuple[dict[str, Any], dict[str, Any], bytes, bytes]:
    parts = token.split(".")
    if len(parts) != 3:
        raise SingleSignOnFailed("The ID token is not a signed JWT")
    try:
        header = json.loads(_b64decode(parts[0]))
        claims = json.loads(_b64decode(parts[1]))
        signature = _b64decode(parts[2])
    except ValueError as exc:
        raise SingleSignOnFailed("The ID token could not be read") from exc
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise SingleSignOnFailed("The ID token could not be read")
    return header, claims, f"{parts[0]}.{parts[1]}".encode("ascii"), signature


def _public_key(jwks: dict[str, Any], kid: Any) -> rsa.RSAPublicKey:
    for key in jwks.get("keys", []):
        if key.get("kty") == "RSA" and (kid is None or key.get("kid") == kid):
            numbers = rsa.RSAPublicNumbers(
                e=int.from_bytes(_b64decode(key["e"]), "big"),
                n=int.from_bytes(_b64decode(key["n"]), "big"),
            )
            return numbers.public_key()
    raise SingleSignOnFailed("The ID token was signed with a key the provider does not publish")


def _verify_signature(key: rsa.RSAPublicKey, signing_input: bytes, signature: bytes) -> None:
    try:
        key.verify(signature, signing_input, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as exc:
        raise SingleSignOnFailed("The ID token's signature is not valid") from exc


def _check_claims(claims: dict[str, Any], *, client: OidcClient, nonce: str, now: datetime) -> None:
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    moment = now.timestamp()
    if claims.get("iss") != client.issuer:
        raise SingleSignOnFailed("The ID token was issued by someone else")
    if client.client_id not in audiences:
        raise SingleSignOnFailed("The ID token is meant for another service")
    expires = claims.get("exp")
    if not isinstance(expires, int | float) or expires + CLOCK_SKEW_SECONDS < moment:
        raise SingleSignOnFailed("The ID token has expired")
    if isinstance(claims.get("iat"), int | float) and claims["iat"] - CLOCK_SKEW_SECONDS > moment:
        raise SingleSignOnFailed("The ID token was issued in the future")
    if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise SingleSignOnFailed("The ID token does not match this sign-in")


def email_of(claims: dict[str, Any]) -> str | None:
    """The email address in the claims (Entra ID puts it in ``email`` or ``preferred_username``)."""
    for name in ("email", "preferred_username", "upn"):
        value = claims.get(name)
        if isinstance(value, str) and "@" in value:
            return value.strip().lower()
    return None


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
