"""Settings, declared once with their help text. Read from ``SENDSIGHT_*`` environment variables.

Every setting has a default that is safe on a developer's machine; ``docs/configuration.md`` is
generated from these declarations and a meta-test fails if the two drift apart.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRET = "dev-only-change-me"
DEFAULT_SQLITE_PATH = Path("instance") / "sendsight.db"


class Settings(BaseSettings):
    """All of sendsight's configuration."""

    model_config = SettingsConfigDict(env_prefix="SENDSIGHT_", extra="ignore")

    environment: Literal["development", "test", "production"] = Field(
        "development",
        description="Where sendsight runs. Outside `development` and `test` the secret key must be "
        "set and session cookies are sent only over HTTPS.",
    )
    database_url: str = Field(
        f"sqlite:///{DEFAULT_SQLITE_PATH}",
        description="SQLAlchemy URL of the store. SQLite by default; for a multi-user "
        "deployment use PostgreSQL, e.g. `postgresql+psycopg://user@host:5432/sendsight`.",
    )
    secret_key: str = Field(
        PLACEHOLDER_SECRET,
        description="Signs session cookies and CSRF tokens. Refused outside development if left at "
        "the placeholder.",
    )
    demo_password: str | None = Field(
        None,
        description="Password for the demo users (demo databases only). When unset, "
        "`sendsight demo` makes one up and prints it.",
    )
    session_idle_minutes: int = Field(
        30, ge=5, le=720, description="Sign users out after this many minutes without a request."
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
        "birth (IRMS schools toolkit: date of birth + 31 years for SEN files).",
    )
    max_upload_mb: int = Field(20, ge=1, description="Largest file a user may upload, in MB.")
    demo_la_code: str = Field(
        "354",
        description="DfE code of the local area the demo partnership is built around (Rochdale).",
    )

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> Settings:
        if self.environment == "production" and self.secret_key == PLACEHOLDER_SECRET:
            raise ValueError(
                "Set SENDSIGHT_SECRET_KEY to a long random value before running in production"
            )
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings (cached; tests clear the cache after changing the environment)."""
    return Settings()
