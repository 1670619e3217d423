"""Case files kept on the server between "check" and "confirm" on the EHC import pages.

Uploaded files hold children's records, so they never travel in the session cookie. Each
upload goes into its own folder under the instance folder, named by a random token; the
user's session holds the token, and the folder records who uploaded it. The folder is deleted
after the import, when the user cancels, or once it is older than :data:`EXPIRY` (old folders
are swept whenever another upload is kept or opened).
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final

from werkzeug.utils import secure_filename

FOLDER: Final = "ehc-uploads"
EXPIRY: Final = timedelta(minutes=30)
TOKEN_PATTERN: Final = re.compile(r"[A-Za-z0-9_-]{32,64}")
META: Final = "upload.json"


@dataclass(frozen=True)
class StagedFile:
    """One uploaded file: the part of the import it is (requests, advice, reviews or sen2),
    the name it was uploaded with and its bytes."""

    part: str
    filename: str
    data: bytes


@dataclass(frozen=True)
class Staged:
    """Files kept for one import: where they are, whose they are and what they are for."""

    token: str
    folder: Path
    user_id: str
    la_code: str
    source: str  # "template" or "sen2"
    reference_on: str | None
    created_at_utc: datetime

    def part(self, name: str) -> Path | None:
        """The one file kept for ``name`` (requests, advice or reviews), if there is one."""
        found = sorted((self.folder / name).glob("*.csv"))
        return found[0] if found else None

    @property
    def sen2_folder(self) -> Path:
        """The folder holding a SEN2 export's module files."""
        return self.folder / "sen2"

    @property
    def filenames(self) -> list[str]:
        """Every file kept, by the name it was uploaded with (requests first)."""
        parts = ("requests", "advice", "reviews", "sen2")
        return [
            p.name
            for part in parts
            for p in sorted((self.folder / part).iterdir() if (self.folder / part).is_dir() else [])
            if p.suffix.lower() in (".csv", ".xml")
        ]


def stage(
    root: Path,
    files: Sequence[StagedFile],
    *,
    user_id: str,
    la_code: str,
    source: str,
    reference_on: str | None = None,
    now: datetime | None = None,
) -> Staged:
    """Keep ``files`` in a new folder under ``root`` and return it."""
    now = now or datetime.now(UTC)
    sweep(root, now)
    token = secrets.token_urlsafe(32)
    folder = root / token
    folder.mkdir(parents=True, mode=0o700)
    for file in files:
        part = folder / file.part
        part.mkdir(exist_ok=True, mode=0o700)
        (part / _safe_name(file.filename, file.part)).write_bytes(file.data)
    meta = {
        "user_id": user_id,
        "la_code": la_code,
        "source": source,
        "reference_on": reference_on,
        "created_at_utc": now.isoformat(),
    }
    (folder / META).write_text(json.dumps(meta), encoding="utf-8")
    return _read(token, folder)


def _safe_name(filename: str, part: str) -> str:
    name = secure_filename(filename)
    if part == "sen2" and name.lower().endswith(".xml"):  # a SEN2 return as sent to DfE
        return name
    return name if name.lower().endswith(".csv") else f"{part}.csv"


def load(root: Path, token: str, *, user_id: str, now: datetime | None = None) -> Staged | None:
    """The files kept under ``token`` for ``user_id``; None when there are none (a bad or
    expired token, or someone else's upload)."""
    now = now or datetime.now(UTC)
    sweep(root, now)
    if not TOKEN_PATTERN.fullmatch(token) or not (root / token / META).is_file():
        return None
    staged = _read(token, root / token)
    return staged if staged.user_id == user_id else None


def _read(token: str, folder: Path) -> Staged:
    meta = json.loads((folder / META).read_text(encoding="utf-8"))
    return Staged(
        token=token,
        folder=folder,
        user_id=meta["user_id"],
        la_code=meta["la_code"],
        source=meta["source"],
        reference_on=meta["reference_on"],
        created_at_utc=datetime.fromisoformat(meta["created_at_utc"]),
    )


def discard(staged: Staged) -> None:
    """Delete the kept files."""
    shutil.rmtree(staged.folder, ignore_errors=True)


def sweep(root: Path, now: datetime) -> None:
    """Delete every kept upload older than :data:`EXPIRY`."""
    if not root.is_dir():
        return
    for folder in root.iterdir():
        meta = folder / META
        if not meta.is_file():
            continue
        created = datetime.fromisoformat(json.loads(meta.read_text("utf-8"))["created_at_utc"])
        if now - created > EXPIRY:
            shutil.rmtree(folder, ignore_errors=True)
