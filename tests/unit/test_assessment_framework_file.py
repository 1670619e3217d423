"""Frameworks as YAML: the shipped one is complete, files round-trip, bad files say where."""

from __future__ import annotations

import pytest

from sendsight.assessment.framework_file import dump_framework, parse_framework
from sendsight.assessment.frameworks import shipped_text
from sendsight.assessment.inspection import INSPECTION_AREAS
from sendsight.core.errors import InputRejected

SMALL = """key: small
name: Small framework
scale:
  - {key: low, label: Low}
  - {key: high, label: High}
themes:
  - key: one
    title: Theme one
    inspection_areas: [leadership]
    statements:
      - key: s1
        text: First statement
        descriptors: {low: Not yet, high: Done}
      - key: s2
        text: Second statement
        descriptors: {low: Not yet, high: Done}
"""


def _problems(text: str) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(InputRejected) as caught:
        parse_framework(text, "f.yaml")
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def test_shipped_framework_has_the_seven_areas_on_a_four_level_scale_with_every_descriptor() -> (
    None
):
    content = parse_framework(shipped_text(), "send_maturity.yaml")
    assert len(content["themes"]) == 7
    assert [s["label"] for s in content["scale"]] == [
        "Emerging",
        "Developing",
        "Established",
        "Embedded",
    ]
    statements = [s for t in content["themes"] for s in t["statements"]]
    assert len(statements) >= 21 and all(len(s["descriptors"]) == 4 for s in statements)
    assert all(s["plain"] for s in statements)
    assert any(s["statutory"] and s["duty"] for s in statements)
    assert all(
        t["inspection_areas"] and set(t["inspection_areas"]) <= set(INSPECTION_AREAS)
        for t in content["themes"]
    )


def test_export_then_import_gives_the_same_framework() -> None:
    content = parse_framework(shipped_text(), "a.yaml")
    assert parse_framework(dump_framework(content), "b.yaml") == content
    assert dump_framework(parse_framework(dump_framework(content), "c.yaml")) == dump_framework(
        content
    )


def test_unknown_level_is_refused_with_its_line_and_field() -> None:
    text = SMALL.replace(
        "descriptors: {low: Not yet, high: Done}\n      - key: s2",
        "descriptors: {low: Not yet, high: Done, middle: Maybe}\n      - key: s2",
    )
    assert (
        13,
        "themes[0].statements[0].descriptors.middle",
        "Unknown level: use a key from the scale",
    ) in _problems(text)


def test_duplicate_statement_key_is_refused_with_the_line_of_the_second() -> None:
    problems = _problems(SMALL.replace("key: s2", "key: s1"))
    assert problems == [(14, "themes[0].statements[1].key", "Duplicate statement key")]


def test_missing_descriptor_is_refused_naming_the_level() -> None:
    problems = _problems(
        SMALL.replace(
            "{low: Not yet, high: Done}\n      - key: s2", "{low: Not yet}\n      - key: s2"
        )
    )
    assert problems == [
        (13, "themes[0].statements[0].descriptors.high", "Missing descriptor for level 'high'")
    ]


def test_unknown_inspection_area_and_broken_yaml_are_refused_with_lines() -> None:
    assert _problems(SMALL.replace("[leadership]", "[leadership, weather]"))[0][:2] == (
        9,
        "themes[0].inspection_areas",
    )
    assert _problems("key: [unclosed\nname: x\n")[0][0] == 2
