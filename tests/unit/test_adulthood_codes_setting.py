"""A council's own NCCIS code list (``SENDSIGHT_NCCIS_CODES_FILE``) replaces the shipped one
when the process starts; a malformed one stops it with the file and field named."""

import os
import subprocess
import sys
from pathlib import Path

SHOW = "from sendsight.adulthood.codes import ACTIVITY_CODES as c; print(sorted(c.items()))"


def _run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    inherited = {k: v for k, v in os.environ.items() if k != "SENDSIGHT_NCCIS_CODES_FILE"}
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**inherited, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_councils_own_code_list_is_used_when_set(tmp_path: Path) -> None:
    own = tmp_path / "codes.yaml"
    own.write_text("codes:\n  '999':\n    label: Local pilot\n    group: training\n")
    answer = _run({"SENDSIGHT_NCCIS_CODES_FILE": str(own)})
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.strip() == "[('999', ('Local pilot', 'training'))]"


def test_without_the_setting_the_shipped_list_is_used() -> None:
    answer = _run({})
    assert answer.returncode == 0, answer.stderr
    assert "('460', ('" in answer.stdout and "'999'" not in answer.stdout


def test_a_code_without_a_group_is_refused_naming_the_field(tmp_path: Path) -> None:
    own = tmp_path / "codes.yaml"
    own.write_text("codes:\n  '999':\n    label: Local pilot\n")
    answer = _run({"SENDSIGHT_NCCIS_CODES_FILE": str(own)})
    assert answer.returncode != 0
    assert "codes.999" in answer.stderr
