"""The normalised frames' request link: set on assembly, kept by concat, checked cheaply."""

from __future__ import annotations

from datetime import date

import polars as pl

from sendsight.ehc import frames as fr
from sendsight.ehc.frames import REQUEST_INDEX, EhcFrames


def _frames(la_code: str, requests: list[str], advice_for: list[str]) -> EhcFrames:
    """Requests ``requests`` (listed out of order on purpose) and one advice row per id in
    ``advice_for`` (an id not among the requests has no request)."""
    return fr.assemble(
        pl.DataFrame({"la_code": la_code, "request_id": requests,
                      "received_on": [date(2024, 1, 1 + n) for n in range(len(requests))]}),
        pl.DataFrame({"la_code": la_code, "request_id": advice_for, "advice_type": "health",
                      "requested_on": [date(2024, 2, 1 + n) for n in range(len(advice_for))]}),
        fr.empty(fr.REVIEWS_SCHEMA),
    )  # fmt: skip


def _pointed_at(frames: EhcFrames) -> list[tuple[str, str | None]]:
    """Each advice row's request id, and the id of the request its index names."""
    ids = frames.requests.get_column("request_id")
    return [
        (own, None if row is None else ids[row])
        for own, row in frames.advice.select("request_id", REQUEST_INDEX).iter_rows()
    ]


def test_assembly_numbers_the_requests_and_points_advice_at_them() -> None:
    frames = _frames("999", ["R3", "R1", "R2"], ["R2", "R9", "R1", "R2"])
    assert frames.requests.get_column("request_id").to_list() == ["R1", "R2", "R3"]
    assert frames.requests.get_column(REQUEST_INDEX).to_list() == [0, 1, 2]
    assert _pointed_at(frames) == [("R1", "R1"), ("R2", "R2"), ("R2", "R2"), ("R9", None)]
    assert fr.is_linked(frames)


def test_concat_shifts_each_las_link_past_the_requests_before_it() -> None:
    both = fr.concat([_frames("888", ["A", "B"], ["B", "A"]), _frames("999", ["A"], ["A"])])
    assert fr.is_linked(both)
    assert both.advice.get_column(REQUEST_INDEX).to_list() == [0, 1, 2]
    assert both.requests.row(2, named=True)["la_code"] == "999"


def test_frames_stacked_by_hand_are_linked_afresh() -> None:
    one, two = _frames("888", ["A", "B"], ["B", "A"]), _frames("999", ["A"], ["A"])
    stacked = EhcFrames(
        pl.concat([one.requests, two.requests]),
        pl.concat([one.advice, two.advice]),
        pl.concat([one.reviews, two.reviews]),
    )
    assert not fr.is_linked(stacked)
    relinked = fr.linked(stacked)
    assert fr.is_linked(relinked) and _pointed_at(relinked) == [("A", "A"), ("B", "B"), ("A", "A")]
    assert relinked.advice.get_column(REQUEST_INDEX).to_list() == [0, 1, 2]


def test_filtering_requests_breaks_the_link_but_reordering_advice_does_not() -> None:
    frames = _frames("999", ["R1", "R2", "R3"], ["R3", "R1"])
    fewer = EhcFrames(frames.requests.slice(1), frames.advice, frames.reviews)
    assert not fr.is_linked(fewer)
    reordered = EhcFrames(frames.requests, frames.advice.reverse(), frames.reviews)
    assert fr.is_linked(reordered) and sorted(_pointed_at(reordered)) == _pointed_at(frames)


def test_a_frame_with_no_columns_conforms_to_no_rows() -> None:
    assert fr.conform(pl.DataFrame(), fr.REVIEWS_SCHEMA, fr.REVIEW_KEY).shape == (0, 7)


def test_the_stored_columns_leave_the_link_out() -> None:
    frames = _frames("999", ["R1"], ["R1"])
    assert fr.stored(frames.requests).columns == list(fr.REQUESTS_SCHEMA)
    assert fr.stored(frames.advice).columns == list(fr.ADVICE_SCHEMA)
