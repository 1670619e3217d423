"""Small helpers shared by the data build scripts (``make data``).

Run by a developer only: the scripts read the raw DfE downloads kept beside the repository
(``../shared/data/real`` by default, or ``--real DIR``) and write the derived files that ship in
the package. The product and its tests never run them and never read the raw folder.

Every file is written deterministically so that a rebuild is byte-for-byte identical: stable
row and column order, values kept as the published text (or formatted with a fixed pattern),
``\\n`` line endings, and gzip with level 9, modification time 0 and no file name in the header.
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
from collections.abc import Callable
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REAL = ROOT.parent / "shared" / "data" / "real"
PACKAGE = ROOT / "src" / "sendsight"

#: gzip compression level used for every shipped ``.csv.gz`` file.
GZIP_LEVEL = 9
#: Decimals written for a float column: counts (``14.0``) and percentages rounded to 1 place.
FLOAT_DECIMALS = 1

#: LA codes that were reorganised, summed into stable footprints: Bournemouth, Dorset and
#: Poole (April 2019), Northamptonshire (April 2021) and Cumbria (April 2023).
FOOTPRINTS = {
    **dict.fromkeys(("835", "836", "837", "838", "839"), "G_DORSET_BCP"),
    **dict.fromkeys(("928", "940", "941"), "G_NORTHANTS"),
    **dict.fromkeys(("909", "942", "943"), "G_CUMBRIA"),
}

#: The DfE open-data columns that identify a row, in the order every statistics file keeps.
GEOGRAPHY = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "region_code",
    "old_la_code",
    "new_la_code",
    "la_name",
]

#: The geographic levels sendsight keeps.
LEVELS = ("National", "Regional", "Local authority")

Builder = Callable[[Path, Path], list[Path]]


def read_dfe_csv(path: Path) -> pl.DataFrame:
    """A DfE open-data CSV with every value kept as its published text. A bare empty field
    becomes null and a quoted empty field (``""``) an empty string, so writing the frame back
    keeps the publisher's quoting."""
    frame = pl.read_csv(path, infer_schema_length=0, encoding="utf8-lossy")
    first = frame.columns[0]
    return frame.rename({first: first.lstrip("\ufeff")})


def only_levels(frame: pl.DataFrame) -> pl.DataFrame:
    """Only National, Regional and Local authority rows."""
    return frame.filter(pl.col("geographic_level").is_in(LEVELS))


def number(column: str) -> pl.Expr:
    """A published value as a float: ``x`` (not available) and ``z`` (not applicable) become
    missing."""
    return pl.col(column).cast(pl.Float64, strict=False)


def footprint(column: str = "old_la_code") -> pl.Expr:
    """The stable footprint of an LA code (its own code unless it was reorganised)."""
    return pl.col(column).replace(FOOTPRINTS).alias("geo_key")


def csv_text(frame: pl.DataFrame) -> bytes:
    """The frame as CSV bytes: header, ``\\n`` line endings, floats with a fixed number of
    decimals (``14.0``, ``0.3``), nulls empty and empty strings quoted (``""``)."""
    return frame.write_csv(line_terminator="\n", float_precision=FLOAT_DECIMALS).encode()


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip: fixed level, modification time 0, no file name in the header."""
    buffer = io.BytesIO()
    with gzip.GzipFile(
        filename="", mode="wb", compresslevel=GZIP_LEVEL, fileobj=buffer, mtime=0
    ) as out:
        out.write(data)
    return buffer.getvalue()


def write_file(data: bytes, path: Path) -> Path:
    """Write bytes (gzipped when the name ends ``.gz``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip_bytes(data) if path.name.endswith(".gz") else data)
    return path


def write_frame(frame: pl.DataFrame, path: Path) -> Path:
    """Write a frame as CSV (gzipped when the name ends ``.gz``)."""
    return write_file(csv_text(frame), path)


def require_real(real: Path) -> None:
    """Stop with one clear line when the raw DfE downloads are not there."""
    if not real.is_dir():
        sys.exit(f"Raw DfE files not found at {real} (set REAL=/path/to/shared/data/real).")


def run(build: Builder, out: Path, description: str) -> None:
    """Command line for one build script: ``--real DIR`` and ``--out DIR``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--real", type=Path, default=DEFAULT_REAL, help="raw DfE files")
    parser.add_argument("--out", type=Path, default=out, help="folder to write into")
    args = parser.parse_args()
    require_real(args.real)
    for path in build(args.real, args.out):
        sys.stdout.write(f"wrote {path} ({path.stat().st_size:,} bytes)\n")
