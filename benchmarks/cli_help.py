"""How quickly `sendsight --help` and each command group's `--help` answer.

Runs each command N times in a fresh process and prints the median wall time, against a bare
`python -c pass` (the interpreter's own start) timed the same way in the same run. Help is
answered from `sendsight/cli/help_index.json` without importing the command modules.

Run: .venv/bin/python benchmarks/cli_help.py [--runs 15]
Goal (issue 11 item 5): every help well under 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

INDEX = Path(__file__).resolve().parents[1] / "src" / "sendsight" / "cli" / "help_index.json"
GOAL_SECONDS = 0.5


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def groups() -> list[str]:
    commands = json.loads(INDEX.read_text(encoding="utf-8"))["commands"]
    return sorted(name for name, entry in commands.items() if "commands" in entry)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    python = [sys.executable]
    sendsight = [sys.executable, "-m", "sendsight"]
    reference = median_seconds([*python, "-c", "pass"], args.runs)
    print(f"{'python -c pass':<28} {reference * 1000:7.1f} ms  (reference)")
    worst = 0.0
    for extra in [[], *([name] for name in groups())]:
        seconds = median_seconds([*sendsight, *extra, "--help"], args.runs)
        worst = max(worst, seconds)
        label = " ".join(["sendsight", *extra, "--help"])
        print(f"{label:<28} {seconds * 1000:7.1f} ms  ratio {seconds / reference:5.1f}")
    verdict = "met" if worst < GOAL_SECONDS else "NOT met"
    print(f"slowest help {worst * 1000:.0f} ms (goal < {GOAL_SECONDS * 1000:.0f} ms) -> {verdict}")


if __name__ == "__main__":
    main()
