"""Frameworks as data: import a YAML file (all or nothing, idempotent), export it again."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sqlalchemy.orm import Session

from sendsight.access.audit import Actor, record
from sendsight.assessment import queries
from sendsight.assessment.framework_file import dump_framework, parse_framework
from sendsight.assessment.models import Framework
from sendsight.core.errors import InputRejected, Problem
from sendsight.core.safe_files import decode_text, read_file

SHIPPED = "send_maturity.yaml"
MAX_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import did: the framework and whether anything changed."""

    framework: Framework
    changed: bool


def shipped_text() -> str:
    """The shipped SEND maturity framework (seven areas, our own statements) as YAML."""
    return resources.files("sendsight.assessment").joinpath("data", SHIPPED).read_text("utf-8")


def read_framework_file(path: Path) -> str:
    """A framework file's text, refused when too large, compressed oddly or not UTF-8."""
    return decode_text(read_file(path, path.name, max_bytes=MAX_BYTES), path.name)


def read_framework_upload(data: bytes, filename: str) -> str:
    """An uploaded framework file's text, refused when too large or not UTF-8."""
    if len(data) > MAX_BYTES:
        raise InputRejected(
            [Problem(filename, f"The file must be smaller than {MAX_BYTES // 1_000_000} MB")]
        )
    return decode_text(data, filename)


def import_framework(
    session: Session, text: str, *, filename: str, partnership_id: str, actor: Actor | None
) -> Imported:
    """Store the framework in ``text``. The same file twice changes nothing; a changed file
    replaces the framework's statements only while no round uses it."""
    content = parse_framework(text, filename)
    existing = queries.get_framework_by_key_or_none(
        session=session, key=content["key"], partnership_id=partnership_id
    )
    if existing is not None and existing.content == content:
        return Imported(existing, changed=False)
    if existing is not None and queries.framework_in_use(session=session, framework_id=existing.id):
        message = (
            f"The framework {content['key']!r} is already used by a round, so its statements "
            "cannot change: give the changed framework a new key"
        )
        raise InputRejected([Problem(filename, message, line=1, column="key")])
    framework = queries.store_framework(
        session=session, content=content, partnership_id=partnership_id, existing=existing
    )
    record(
        session,
        actor=actor,
        action="assessment.framework.import",
        object_type="framework",
        object_id=framework.id,
        partnership_id=partnership_id,
        detail={
            "key": content["key"],
            "statements": sum(len(t["statements"]) for t in content["themes"]),
        },
    )
    return Imported(framework, changed=True)


def export_framework(session: Session, framework_id: str, *, partnership_id: str) -> str:
    """The framework as YAML, in the form :func:`import_framework` reads."""
    return dump_framework(
        queries.get_framework(
            session=session, framework_id=framework_id, partnership_id=partnership_id
        ).content
    )
