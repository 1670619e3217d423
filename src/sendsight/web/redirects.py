"""Where a redirect that names its own target (``?next=…``) may go: only a path on this site.

A browser reads a ``Location`` header more loosely than Python does: it drops tabs and newlines,
treats ``\\`` as ``/``, and takes ``//host`` as another site, so ``/\\t/evil.example`` becomes
``//evil.example``. Rather than imitate every quirk, a target is kept only when it is plainly a
path on this site, read both as sent and after percent-decoding and Unicode normalisation;
anything else goes to the fallback page.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import unquote, urlsplit

MAX_TARGET_LENGTH = 2000
# Printable ASCII without the backslash: no spaces, control characters or look-alike letters.
ALLOWED = frozenset(chr(c) for c in range(0x21, 0x7F)) - {"\\"}
DECODING_ROUNDS = 4


def safe_redirect_target(target: object, fallback: str) -> str:
    """``target`` when it is a path on this site starting with a single ``/``, else ``fallback``.

    Refused: absolute and protocol-relative URLs, any scheme, user information, backslashes,
    control characters and whitespace (browsers strip them), non-ASCII characters, an empty
    path segment (``//``), and any of those hidden by percent-encoding (once or more), by
    Unicode look-alikes or by percent-encoded bytes that are not UTF-8.
    """
    if not isinstance(target, str) or not 0 < len(target) <= MAX_TARGET_LENGTH:
        return fallback
    if not set(target) <= ALLOWED or not _is_local_path(target):
        return fallback
    decoded = target
    for _ in range(DECODING_ROUNDS):
        decoded = unicodedata.normalize("NFKC", unquote(decoded))
        # U+FFFD: bytes that are not UTF-8, such as the overlong slash %C0%AF.
        if not _is_local_path(decoded) or "\ufffd" in decoded:
            return fallback
    return target


def _is_local_path(text: str) -> bool:
    """A path-absolute reference: one leading slash, no scheme, host or user information, and
    no character in the path that a browser drops or reads as a slash."""
    path = text.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/") or "//" in path or any(map(_breaks, path)):
        return False
    parts = urlsplit(text)
    return not (parts.scheme or parts.netloc or "@" in path.split("/", 2)[1])


def _breaks(char: str) -> bool:
    return char == "\\" or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp")
