"""Starting the web server for ``serve`` and ``demo``: the port, the secret key, warm caches.

The port is taken (bound) before anything is printed, so a busy port is one clear line rather
than "Serving…" and a traceback. The secret key is checked before the app is built, and the
caches are warmed before connections are accepted (``web.warmup``). The demo keeps the secret
key and password it made up in the instance folder, readable only by its owner, so a restart
neither signs people out nor changes the password it printed.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import secrets
import socket
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sendsight.config import INSTANCE_DIR, Settings, require_safe_secret

if TYPE_CHECKING:
    from flask import Flask

SECRET_KEY_FILE = "secret_key"
DEMO_PASSWORD_FILE = "demo_password"
PRIVATE = 0o600


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port`` (not yet accepting), or one line saying why not."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise click.ClickException(f"Cannot listen on {host}: {exc.strerror}") from exc
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise click.ClickException(_bind_problem(host, port, exc)) from exc
    return sock


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (
            f"Port {port} is in use: set PORT=<another port> (make demo PORT=8080, or "
            "SENDSIGHT_PORT=8080, or --port 8080) or stop the other program"
        )
    if exc.errno == errno.EACCES:
        return f"Port {port} needs administrator rights: choose a port above 1023 (PORT=8080)"
    return f"Cannot listen on {host}:{port}: {exc.strerror}"


def serve(sock: socket.socket, settings: Settings, threads: int = 8, *, demo: bool = False) -> None:
    """Serve the app for ``settings`` on ``sock`` with waitress until interrupted."""
    import waitress

    from sendsight.web.warmup import WAIT_SECONDS, warm_in_background

    host, port = sock.getsockname()[:2]
    app = build_app(settings, host, demo=demo)
    click.echo("Preparing the busiest pages…")
    warm_in_background(app).join(timeout=WAIT_SECONDS)
    click.echo(f"Serving sendsight at http://{_shown(host)}:{port} (press Ctrl+C to stop)")
    waitress.serve(app, sockets=[sock], threads=threads, ident="sendsight")


def build_app(settings: Settings, host: str, *, demo: bool = False) -> Flask:
    """The app to serve on ``host`` (refused when the secret key is unsafe)."""
    from sendsight.web import create_app

    require_safe_secret(settings)
    app = create_app(settings)
    if demo and ipaddress.ip_address(host).is_loopback:
        # The demo on this computer is reached at http://127.0.0.1, where some browsers (Safari)
        # refuse a cookie marked Secure; nothing outside this computer can reach it. `serve`
        # never does this: behind a local reverse proxy the flag matters.
        app.config["SESSION_COOKIE_SECURE"] = False
    return app


def _shown(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def demo_settings(settings: Settings) -> Settings:
    """``settings`` with the demo's own secret key when none is set in the environment."""
    if "SENDSIGHT_SECRET_KEY" in os.environ:
        return settings
    key = kept_value(INSTANCE_DIR / SECRET_KEY_FILE, lambda: secrets.token_urlsafe(48))
    return settings.model_copy(update={"secret_key": key})


def demo_password(settings: Settings) -> str:
    """The demo users' password: the setting, else the one made up (and kept) the first time."""
    if settings.demo_password:
        return settings.demo_password
    return kept_value(INSTANCE_DIR / DEMO_PASSWORD_FILE, lambda: secrets.token_urlsafe(12))


def kept_value(path: Path, make: Callable[[], str]) -> str:
    """The value kept in ``path``; made with ``make`` and written there (mode 0600) if absent."""
    if path.exists():
        os.chmod(path, PRIVATE)
        value = path.read_text(encoding="utf-8").strip()
        if value:
            return value
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make()
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(value + "\n")
    os.chmod(path, PRIVATE)
    return value
