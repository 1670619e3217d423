"""The indicator registry: well-formed definitions that point at shipped files' columns."""

from __future__ import annotations

import pytest

from sendsight.statistics.dfe_files import parse_dfe_csv
from sendsight.statistics.errors import UnknownIndicator
from sendsight.statistics.loader import shipped_files, shipped_path
from sendsight.statistics.registry import get_indicator, list_indicators


def test_registry_has_the_core_indicators_and_each_domains_with_plain_descriptions() -> None:
    indicators = list_indicators()
    # 19 core SEND indicators, then each domain's (commissioning 13, adulthood 16).
    assert 15 <= len(indicators) <= 60
    for indicator in indicators:
        assert indicator.description.endswith(".") and len(indicator.description) > 60
        assert indicator.source_url.startswith("https://")


def test_every_indicator_source_is_a_column_of_a_shipped_file_of_that_publication() -> None:
    columns: dict[str, set[str]] = {}
    for item in shipped_files():
        parsed = parse_dfe_csv(shipped_path(item.file), item.file)
        columns.setdefault(item.publication, set()).update(parsed.indicators)
    for indicator in list_indicators():
        for source in indicator.sources:
            assert source.column in columns.get(source.publication, set()), indicator.id


def test_unknown_indicator_is_reported() -> None:
    with pytest.raises(UnknownIndicator):
        get_indicator("no-such-indicator")
