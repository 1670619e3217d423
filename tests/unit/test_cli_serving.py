"""Starting a server: no default secrets outside development, a busy port is one clear line,
and the demo keeps the secret key and password it made up."""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from sendsight.cli import cli, serving
from sendsight.config import (
    PLACEHOLDER_SECRET,
    InsecureConfiguration,
    Settings,
    get_settings,
)
from sendsight.web import create_app

GOOD_KEY = "k" * 32


def _serve(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["serve", *args], prog_name="sendsight")
    return result.exit_code, result.output


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SENDSIGHT_ENVIRONMENT")
    monkeypatch.delenv("SENDSIGHT_SECRET_KEY", raising=False)
    get_settings.cache_clear()


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as other_program:
        other_program.bind(("127.0.0.1", 0))
        other_program.listen()
        yield other_program.getsockname()[1]


def test_the_environment_is_production_unless_said_otherwise(production: None) -> None:
    assert Settings().environment == "production"


@pytest.mark.parametrize("key", [PLACEHOLDER_SECRET, "k" * 31, "é" * 15])
def test_serve_refuses_a_placeholder_or_short_secret_in_production(
    production: None, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    monkeypatch.setenv("SENDSIGHT_SECRET_KEY", key)
    code, output = _serve("--port", "0")
    assert code == 1
    assert "Serving" not in output and "Traceback" not in output
    lines = output.strip().splitlines()
    assert len(lines) == 1 and "SENDSIGHT_SECRET_KEY" in lines[0] and "32 bytes" in lines[0]


def test_serve_refuses_when_no_secret_is_set_at_all(production: None) -> None:
    code, output = _serve("--port", "0")
    assert code == 1 and "SENDSIGHT_SECRET_KEY" in output


def test_the_app_refuses_a_placeholder_secret_in_production() -> None:
    settings = Settings(environment="production", database_url="sqlite://")
    with pytest.raises(InsecureConfiguration, match="SENDSIGHT_SECRET_KEY"):
        create_app(settings)
    create_app(settings.model_copy(update={"secret_key": GOOD_KEY}))


def test_development_may_use_the_placeholder_when_set_explicitly() -> None:
    create_app(Settings(environment="development", database_url="sqlite://"))


def test_a_busy_port_is_one_clear_line_before_serving(
    monkeypatch: pytest.MonkeyPatch, busy_port: int
) -> None:
    monkeypatch.setenv("SENDSIGHT_ENVIRONMENT", "development")
    code, output = _serve("--port", str(busy_port))
    assert code == 1
    assert output.strip().splitlines() == [
        f"Error: Port {busy_port} is in use: set PORT=<another port> (make demo PORT=8080, or "
        "SENDSIGHT_PORT=8080, or --port 8080) or stop the other program"
    ]


def test_sendsight_port_chooses_the_port(monkeypatch: pytest.MonkeyPatch, busy_port: int) -> None:
    monkeypatch.setenv("SENDSIGHT_ENVIRONMENT", "development")
    monkeypatch.setenv("SENDSIGHT_PORT", str(busy_port))
    code, output = _serve()
    assert code == 1 and f"Port {busy_port} is in use" in output


def test_demo_checks_the_port_before_building_anything(
    monkeypatch: pytest.MonkeyPatch, busy_port: int, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SENDSIGHT_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.db'}")
    result = CliRunner().invoke(cli, ["demo", "--port", str(busy_port)], prog_name="sendsight")
    assert result.exit_code == 1 and f"Port {busy_port} is in use" in result.output
    assert not (tmp_path / "demo.db").exists()


def _private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_demo_makes_a_secret_key_once_and_keeps_it_private(
    production: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    first = serving.demo_settings(Settings())
    again = serving.demo_settings(Settings())
    assert first.secret_key == again.secret_key != PLACEHOLDER_SECRET
    assert len(first.secret_key.encode()) >= 32
    assert _private(tmp_path / "instance" / "secret_key")
    create_app(first.model_copy(update={"database_url": "sqlite://"}))


def test_the_demo_keeps_the_password_it_printed_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SENDSIGHT_DEMO_PASSWORD", raising=False)
    first = serving.demo_password(Settings())
    assert serving.demo_password(Settings()) == first
    assert _private(tmp_path / "instance" / "demo_password")
    assert serving.demo_password(Settings(demo_password="chosen one 123")) == "chosen one 123"


def test_a_kept_value_made_readable_by_others_is_made_private_again(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    path.write_text("already here\n", encoding="utf-8")
    os.chmod(path, 0o644)
    assert serving.kept_value(path, lambda: "new") == "already here"
    assert _private(path)


def test_only_the_demo_on_this_computer_sends_its_cookie_over_plain_http() -> None:
    settings = Settings(environment="production", database_url="sqlite://", secret_key=GOOD_KEY)
    assert (
        serving.build_app(settings, "127.0.0.1", demo=True).config["SESSION_COOKIE_SECURE"] is False
    )
    assert serving.build_app(settings, "0.0.0.0", demo=True).config["SESSION_COOKIE_SECURE"] is True
    assert serving.build_app(settings, "127.0.0.1").config["SESSION_COOKIE_SECURE"] is True
