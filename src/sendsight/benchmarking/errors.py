"""Errors raised by benchmarking."""

from __future__ import annotations

from sendsight.core.errors import NotFound


class UnknownLocalAuthority(NotFound):
    """A benchmark was asked for a local authority that is not in the local authority list."""

    def __init__(self, la_code: str) -> None:
        super().__init__(f"There is no local authority with the code {la_code!r}")
        self.la_code = la_code
