"""The data files shipped in the package are reproducible: each one is listed in the README
beside it (which names the script under ``scripts/`` that builds it), and every gzip file is
written deterministically. The build itself needs the raw DfE files (``make data-check``); these
tests read only the package."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

import sendsight

PACKAGE = Path(sendsight.__file__).parent
REPOSITORY = PACKAGE.parents[1]
DATA_FOLDERS = [
    PACKAGE / name / "data" for name in ("statistics", "reference", "forecasting", "schools")
]
#: Written by hand and described in the README's text rather than its table.
HAND_WRITTEN = {"README.md", "manifest.yaml"}
GZIP_FILES = sorted(path for folder in DATA_FOLDERS for path in folder.rglob("*.gz"))
FNAME = 0x08  # gzip header flag: an original file name follows the header


def _shipped(folder: Path) -> set[str]:
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file()
        and path.name not in HAND_WRITTEN
        and not path.name.startswith("manifest-")
        and "__pycache__" not in path.parts
    }


def _table_files(readme: str) -> set[str]:
    """Every `name` in the first cell of a Markdown table row."""
    cells = [line.split("|")[1] for line in readme.splitlines() if line.startswith("|")]
    return {name for cell in cells for name in re.findall(r"`([^`]+)`", cell)}


@pytest.mark.parametrize("folder", DATA_FOLDERS, ids=lambda folder: folder.parent.name)
def test_every_shipped_data_file_is_listed_in_the_readme_table(folder: Path) -> None:
    listed = _table_files((folder / "README.md").read_text(encoding="utf-8"))
    assert _shipped(folder) - listed == set()


@pytest.mark.parametrize("folder", DATA_FOLDERS, ids=lambda folder: folder.parent.name)
def test_readme_names_only_build_scripts_and_modules_that_exist(folder: Path) -> None:
    readme = (folder / "README.md").read_text(encoding="utf-8")
    scripts = set(re.findall(r"scripts/[\w/]+\.py", readme))
    modules = set(re.findall(r"python -m ([\w.]+)", readme))
    assert scripts, "the README must name the script that builds its files"
    assert [s for s in scripts if not (REPOSITORY / s).is_file()] == []
    assert [m for m in modules if importlib.util.find_spec(m) is None] == []


def test_gzip_files_are_shipped_at_all() -> None:
    assert len(GZIP_FILES) >= 19  # the statistics releases (forecasting ships none of its own)


@pytest.mark.parametrize("path", GZIP_FILES, ids=lambda path: path.name)
def test_shipped_gzip_file_has_modification_time_zero_and_no_file_name(path: Path) -> None:
    header = path.read_bytes()[:10]
    assert header[:3] == b"\x1f\x8b\x08"
    assert int.from_bytes(header[4:8], "little") == 0
    assert header[3] & FNAME == 0
