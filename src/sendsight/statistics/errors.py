"""Errors of the statistics domain."""

from __future__ import annotations

from sendsight.core.errors import NotFound


class UnknownIndicator(NotFound):
    """No indicator in the registry has this id."""


class UnknownRelease(NotFound):
    """No loaded release has this label."""
