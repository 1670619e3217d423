"""Changes that other parts of sendsight must follow, announced once and handled explicitly.

A domain that changes data others derive figures from *publishes* a :class:`Change` in the same
transaction (the EHC facts of an LA were rebuilt). Which handlers follow it is decided in one
place, :func:`sendsight.wiring.wire`, called by the web app factory, the command line and the
demo builder. Nothing registers itself as a side effect of being imported, so reading the
wiring module tells a newcomer everything that happens after an import or an edit.

Handlers run in the publisher's transaction: if one fails, the whole change is rolled back,
so derived figures are never left half-refreshed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.orm import Session


class ChangeKind(StrEnum):
    """What changed."""

    #: The EHC fact tables of ``la_codes`` were rebuilt from case records.
    EHC_FACTS = "ehc_facts"


@dataclass(frozen=True, slots=True)
class Change:
    """One change: its kind and the local authorities it concerns."""

    kind: ChangeKind
    la_codes: tuple[str, ...]


Handler = Callable[[Session, Change], None]

_handlers: dict[ChangeKind, list[Handler]] = {}
_lock = threading.Lock()


def subscribe(kind: ChangeKind, handler: Handler) -> None:
    """Run ``handler`` after every change of ``kind`` (once, however often it is subscribed)."""
    with _lock:
        listed = _handlers.setdefault(kind, [])
        if handler not in listed:
            listed.append(handler)


def publish(session: Session, change: Change) -> None:
    """Run every handler subscribed to ``change.kind``, in order, in the caller's transaction."""
    with _lock:
        handlers = list(_handlers.get(change.kind, ()))
    for handler in handlers:
        handler(session, change)


def subscribers(kind: ChangeKind) -> list[Handler]:
    """The handlers that follow ``kind`` (for tests and the wiring's own checks)."""
    with _lock:
        return list(_handlers.get(kind, ()))
