"""Settings, declared once with their help text. Read from ``SENDSIGHT_*`` environment variables.

Every setting has a default that is safe on a developer's machine; ``docs/configuration.md`` is
generated from these declarations and a meta-test fails if the two drift apart.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from sendsight.core.errors import SendsightError

PLACEHOLDER_SECRET = "dev-only-change-me"
INSTANCE_DIR = Path("instance")
DEFAULT_SQLITE_PATH = INSTANCE_DIR / "sendsight.db"
# 256 bits: the key signs session cookies, so it must not be guessable offline.
MIN_SECRET_BYTES = 32


class Settings(BaseSettings):
    """All of sendsight's configuration."""

    model_config = SettingsConfigDict(env_prefix="SENDSIGHT_", extra="ignore")

    environment: Literal["development", "test", "production"] = Field(
        "production",
        description="Where sendsight runs. In `production` (the default) the secret key must be "
        "set, session cookies are sent only over HTTPS and browsers are told to use HTTPS "
        "(HSTS). Set `development` explicitly on a developer's machine.",
    )
    database_url: str = Field(
        f"sqlite:///{DEFAULT_SQLITE_PATH}",
        description="SQLAlchemy URL of the store. SQLite by default; for a multi-user "
        "deployment use PostgreSQL, e.g. `postgresql+psycopg://user@host:5432/sendsight`.",
    )
    secret_key: str = Field(
        PLACEHOLDER_SECRET,
        description="Signs session cookies and CSRF tokens: a random value of at least 32 bytes, "
        "e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(48))'`. In production "
        "the server refuses to start with the placeholder or a shorter key. `sendsight demo` "
        "makes one up once and keeps it in `instance/secret_key`.",
    )
    demo_password: str | None = Field(
        None,
        description="Password for the demo users (demo databases only). When unset, "
        "`sendsight demo` makes one up, prints it and keeps it in `instance/demo_password` for "
        "the next start.",
    )
    session_idle_minutes: int = Field(
        30, ge=5, le=720, description="Sign users out after this many minutes without a request."
    )
    session_absolute_hours: int = Field(
        12,
        ge=1,
        le=168,
        description="Sign users out this many hours after they signed in, however active they "
        "are. Also how long a signed-out session is remembered, so that a copy of its cookie "
        "cannot be used again.",
    )
    sign_in_max_failures: int = Field(
        5, ge=1, description="Failed sign-ins for one account before it is locked for a while."
    )
    sign_in_lockout_minutes: int = Field(
        15, ge=1, description="How long an account stays locked after too many failed sign-ins."
    )
    sign_in_ip_max_failures: int = Field(
        20,
        ge=1,
        description="Failed sign-ins from one network address, within the window below, before "
        "that address is told to wait (kept in each server process's memory).",
    )
    sign_in_ip_window_minutes: int = Field(
        10, ge=1, description="Length of the window for counting failed sign-ins per address."
    )
    invitation_valid_hours: int = Field(
        72, ge=1, le=720, description="How long an invitation link to set a password stays valid."
    )
    case_role_grants_need_second_admin: bool = Field(
        True,
        description="Giving anyone a role with case-level access (one that may see case records "
        "or identifiers) waits for a second administrator of the partnership to approve it. "
        "Set to `false` only where a partnership has one administrator; nobody may ever change "
        "their own role.",
    )
    role_grant_valid_days: int = Field(
        7,
        ge=1,
        le=90,
        description="How long a role change waits for a second administrator before it lapses.",
    )
    password_min_length: int = Field(
        12, ge=8, description="Shortest password accepted (NCSC: length over complexity)."
    )
    argon2_time_cost: int = Field(
        2, ge=1, description="Argon2id iterations for password hashes (higher is slower and safer)."
    )
    argon2_memory_kib: int = Field(
        19456, ge=8192, description="Argon2id memory per hash, in KiB (OWASP minimum is 19 MiB)."
    )
    oidc_issuer: str | None = Field(
        None,
        description="OpenID Connect issuer URL for single sign-on (e.g. Microsoft Entra ID "
        "`https://login.microsoftonline.com/<tenant>/v2.0`). Unset: email and password only.",
    )
    oidc_client_id: str | None = Field(None, description="OpenID Connect client id.")
    oidc_client_secret: str | None = Field(None, description="OpenID Connect client secret.")
    disclosure_threshold: int = Field(
        5,
        ge=2,
        description="Counts from 1 to this number minus 1 are shown as `c` to anyone without "
        "case-level access.",
    )
    disclosure_round_to: int | None = Field(
        None,
        description="Round published counts to the nearest multiple of this (e.g. 5). "
        "Off by default.",
    )
    disclosure_modelled_round_to: int = Field(
        10,
        ge=1,
        description="Forecasts and the figures worked out from them are rounded to the nearest "
        "multiple of this for anyone without case-level access.",
    )
    ehc_deadline_boundary: Literal["on_or_before", "before"] = Field(
        "on_or_before",
        description="How a statutory deadline of N weeks is met: `on_or_before` day 7N after the "
        "start (a plan issued on day 140 is within 20 weeks), or strictly `before` day 7N.",
    )
    retention_years_after_birth: int = Field(
        31,
        ge=1,
        description="Case records are due for deletion this many years after the person's date of "
        "birth (IRMS schools toolkit: date of birth + 31 years for SEN files); a record without a "
        "date of birth, this many years after its latest case date.",
    )
    max_upload_mb: int = Field(20, ge=1, description="Largest file a user may upload, in MB.")
    trusted_proxy_hops: int = Field(
        0,
        ge=0,
        le=5,
        description="How many reverse proxies in front of sendsight to trust for the client's "
        "address, scheme and host (X-Forwarded-For, -Proto, -Host). 0: trust none (serving "
        "directly). 1: one proxy, such as nginx on the same machine. Never set it higher than the "
        "number of proxies you run, or a visitor could forge their address.",
    )
    import_max_mb: int = Field(
        50,
        ge=1,
        description="Largest case file `sendsight ehc import` reads, in MB. A gzip-compressed "
        "file is unzipped as it is read and refused as soon as it grows past this size.",
    )
    cli_error_log: Path = Field(
        DEFAULT_SQLITE_PATH.parent / "cli-errors.log",
        description="Where the command line writes the details of an unexpected error (the "
        "screen shows one line naming the error and this file). Exception messages are "
        "left out: they can quote a child's data.",
    )
    public_base_url: str = Field(
        "http://127.0.0.1:5000",
        description="The address people reach sendsight at, without a trailing slash (e.g. "
        "`https://sendsight.example.gov.uk`). Links in emails start with it.",
    )
    mail_transport: Literal["smtp", "outbox"] = Field(
        "outbox",
        description="How email leaves: `smtp` sends every message through the SMTP server "
        "below; `outbox` (the default, and always in the demo) only keeps it in the outbox, "
        "where administrators read it at Administration > Outbox. Either way every message is "
        "kept in the outbox first.",
    )
    mail_from: str = Field(
        "sendsight <no-reply@localhost>",
        description="The From address of every email, e.g. "
        "`SEND partnership <no-reply@example.gov.uk>`.",
    )
    smtp_host: str | None = Field(
        None, description="SMTP server that sends email (needed when `mail_transport` is `smtp`)."
    )
    smtp_port: int = Field(587, ge=1, le=65535, description="SMTP server port.")
    smtp_username: str | None = Field(
        None, description="SMTP user name (unset: send without signing in)."
    )
    smtp_password: str | None = Field(None, description="SMTP password.")
    smtp_starttls: bool = Field(
        True,
        description="Encrypt the SMTP connection with STARTTLS before signing in or sending. "
        "Turn off only for a server on the same machine.",
    )
    password_reset_valid_minutes: int = Field(
        60,
        ge=5,
        le=1440,
        description="How long a link from a 'Forgotten your password?' email stays valid.",
    )
    demo_la_code: str = Field(
        "354",
        description="DfE code of the local area the demo partnership is built around (Rochdale).",
    )
    nccis_codes_file: Path | None = Field(
        None,
        description="A YAML file of NCCIS activity codes to use instead of the shipped list "
        "(same shape as `src/sendsight/adulthood/data/nccis_activity_codes.yaml`), for a "
        "council whose NCCIS return uses codes the shipped list lacks. Read when the process "
        "starts.",
    )


class InsecureConfiguration(SendsightError):
    """The settings would make a server anyone could attack (the message says what to set)."""


def secret_key_problem(settings: Settings) -> str | None:
    """Why ``settings`` must not serve pages (one line saying what to set), or None.

    Outside ``development`` and ``test`` a known or short key would let anyone forge a session
    cookie, so the placeholder and keys under ``MIN_SECRET_BYTES`` bytes are refused.
    """
    if settings.environment in ("development", "test"):
        return None
    key = settings.secret_key
    if key != PLACEHOLDER_SECRET and len(key.encode("utf-8")) >= MIN_SECRET_BYTES:
        return None
    return (
        f"Set SENDSIGHT_SECRET_KEY to a random value of at least {MIN_SECRET_BYTES} bytes "
        "(python -c 'import secrets; print(secrets.token_urlsafe(48))'), "
        "or SENDSIGHT_ENVIRONMENT=development on a developer's machine"
    )


def require_safe_secret(settings: Settings) -> None:
    """Raise :class:`InsecureConfiguration` when ``settings`` must not serve pages."""
    problem = secret_key_problem(settings)
    if problem:
        raise InsecureConfiguration(problem)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings (cached; tests clear the cache after changing the environment)."""
    return Settings()
