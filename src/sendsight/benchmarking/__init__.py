"""Benchmarking: England, region, statistical neighbours, rank, quartile band and trend arrow.

Pure: the statistics queries hand in frames; see :func:`benchmark` and :func:`benchmark_all`.
"""

from sendsight.benchmarking.benchmark import (
    ALL_COLUMNS,
    Benchmark,
    Change,
    Region,
    benchmark,
    benchmark_all,
    benchmark_from_table,
)
from sendsight.benchmarking.errors import UnknownLocalAuthority
from sendsight.benchmarking.frames import period_las
from sendsight.benchmarking.text import format_value, neighbours_label, ordinal, rank_label
from sendsight.benchmarking.totals import TotalGap, total_gaps

__all__ = [
    "ALL_COLUMNS",
    "Benchmark",
    "Change",
    "Region",
    "TotalGap",
    "UnknownLocalAuthority",
    "benchmark",
    "benchmark_all",
    "benchmark_from_table",
    "format_value",
    "neighbours_label",
    "ordinal",
    "period_las",
    "rank_label",
    "total_gaps",
]
