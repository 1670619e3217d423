"""Rebuild every shipped data file from the raw DfE files (``make data``), or check them.

``--check`` (``make data-check``) rebuilds into a temporary folder and compares the bytes with
the files in the package, printing each file OK or DIFFERENT (and any data file that no script
builds); it exits with status 1 unless every file is OK. Run by a developer only: the product
and its tests never read the raw folder.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import build_health_waits
import build_reference_data
import build_schools_data
import build_statistics_adulthood
import build_statistics_commissioning
import build_statistics_data
from _build import DEFAULT_REAL, ROOT, require_real

SCRIPTS: list[ModuleType] = [
    build_reference_data,
    build_statistics_data,
    build_statistics_commissioning,
    build_schools_data,
    build_statistics_adulthood,
    build_health_waits,
]
#: Files in the data folders written by hand, not built.
HAND_WRITTEN = {"README.md", "manifest.yaml"}


def build(real: Path) -> None:
    """Rebuild every data file in place."""
    for script in SCRIPTS:
        for path in script.build(real, script.OUT):
            sys.stdout.write(f"wrote {path.relative_to(ROOT)}\n")


def _shipped(folder: Path, skip: tuple[Path, ...] = ()) -> set[Path]:
    """Every data file under ``folder``, leaving out the folders in ``skip`` (inside it, built by
    other scripts)."""
    return {
        path.relative_to(folder)
        for path in folder.rglob("*")
        if path.is_file()
        and path.name not in HAND_WRITTEN
        and not path.name.startswith("manifest-")
        and not any(path.is_relative_to(other) for other in skip)
    }


def _compare(shipped: Path, built: Path, skip: tuple[Path, ...] = ()) -> Iterator[tuple[str, Path]]:
    made = _shipped(built)
    for name in sorted(made | _shipped(shipped, skip)):
        if name not in made:
            yield "NOT BUILT", shipped / name
        elif not (shipped / name).is_file():
            yield "NOT SHIPPED", shipped / name
        else:
            yield _status(shipped / name, built / name), shipped / name


def _status(shipped: Path, built: Path) -> str:
    old, new = shipped.read_bytes(), built.read_bytes()
    if old == new:
        return "OK"
    if shipped.name.endswith(".gz") and gzip.decompress(old) == gzip.decompress(new):
        return "DIFFERENT (same CSV, other gzip bytes)"
    return "DIFFERENT"


def check(real: Path) -> bool:
    """Rebuild into a temporary folder and compare bytes; True when every file is OK."""
    every_ok = True
    with tempfile.TemporaryDirectory() as temporary:
        for script in SCRIPTS:
            built = Path(temporary) / script.__name__
            script.build(real, built)
            inside = tuple(
                other.OUT
                for other in SCRIPTS
                if other.OUT != script.OUT and other.OUT.is_relative_to(script.OUT)
            )
            for status, path in _compare(script.OUT, built, inside):
                sys.stdout.write(f"{status:<9} {path.relative_to(ROOT)}\n")
                every_ok = every_ok and status == "OK"
    return every_ok


def main() -> None:
    """Command line: ``--real DIR`` and ``--check``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=DEFAULT_REAL, help="raw DfE files")
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    require_real(args.real)
    if not args.check:
        build(args.real)
    elif not check(args.real):
        sys.exit("Some shipped data files differ from what the build scripts make.")


if __name__ == "__main__":
    main()
