"""UPN, ULN and NHS number checks, with published test vectors and property tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendsight.core.identifiers import (
    UPN_ALPHABET,
    format_nhs_number,
    is_valid_nhs_number,
    is_valid_uln,
    is_valid_upn,
    nhs_check_digit,
    nhs_number_problem,
    uln_problem,
    upn_check_letter,
    upn_problem,
)

digit_strings = st.text(alphabet="0123456789", min_size=11, max_size=11)
serial_ends = st.sampled_from(list("0123456789") + list(UPN_ALPHABET))


def test_published_upn_example_is_valid() -> None:
    assert is_valid_upn("B801200005001")


def test_upn_with_wrong_check_letter_names_the_right_letter() -> None:
    assert upn_problem("C801200005001") == "UPN check letter should be B"


def test_upn_of_wrong_length_is_refused_with_the_expected_shape() -> None:
    assert upn_problem("B80120000500") == "A UPN must be 13 characters, like A123456789012"


@pytest.mark.parametrize("first", ["I", "O", "S", "1"])
def test_upn_cannot_start_with_excluded_letters_or_digits(first: str) -> None:
    assert upn_problem(first + "801200005001") is not None


def test_temporary_upn_ending_in_a_letter_validates_with_its_computed_check_letter() -> None:
    body = "80120000500A"
    assert is_valid_upn(upn_check_letter(body) + body)


def test_temporary_upn_cannot_end_in_letter_o() -> None:
    body = "80120000500"
    assert not is_valid_upn("A" + body + "O")


def test_upn_la_number_must_be_known_when_a_list_is_given() -> None:
    assert is_valid_upn("B801200005001", known_la_codes={"801"})
    assert upn_problem("B801200005001", known_la_codes={"802"}) == (
        "The UPN's local authority number 801 is not a known DfE LA code"
    )


def test_non_string_is_not_a_valid_upn() -> None:
    assert not is_valid_upn(8012000050010)


def test_upn_with_non_ascii_digits_is_refused() -> None:
    assert not is_valid_upn("B８01200005001")


@given(digit_strings, serial_ends)
def test_computed_upn_check_letter_always_validates(digits: str, end: str) -> None:
    body = digits + end
    assert is_valid_upn(upn_check_letter(body) + body)


@given(digit_strings, serial_ends, st.integers(0, 10), st.integers(1, 9))
def test_changing_one_upn_digit_always_invalidates(
    digits: str, end: str, position: int, shift: int
) -> None:
    body = digits + end
    upn = upn_check_letter(body) + body
    changed = str((int(digits[position]) + shift) % 10)
    tampered = upn[: position + 1] + changed + upn[position + 2 :]
    assert not is_valid_upn(tampered)


def test_published_uln_example_is_valid() -> None:
    assert is_valid_uln("9276308686")


def test_uln_with_changed_last_digit_is_refused() -> None:
    assert uln_problem("9276308687") is not None


def test_uln_starting_with_zero_is_refused() -> None:
    assert uln_problem("0276308686") == "A ULN cannot start with 0"


def test_published_nhs_numbers_validate_as_documented() -> None:
    assert is_valid_nhs_number("9434765870")
    assert not is_valid_nhs_number("9434765871")


def test_nhs_number_with_display_spaces_is_accepted() -> None:
    assert is_valid_nhs_number("943 476 5870")


def test_nhs_number_is_formatted_in_three_groups() -> None:
    assert format_nhs_number("9434765870") == "943 476 5870"


def test_formatting_an_invalid_nhs_number_raises() -> None:
    with pytest.raises(ValueError, match="last digit"):
        format_nhs_number("9434765871")


def test_nhs_number_of_wrong_length_says_what_is_expected() -> None:
    assert nhs_number_problem("943476587") == "An NHS number must be 10 digits, like 943 476 5870"


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_computed_nhs_check_digit_always_validates_unless_none_is_issued(nine: str) -> None:
    check = nhs_check_digit(nine)
    if check is None:
        assert not any(is_valid_nhs_number(nine + str(d)) for d in range(10))
    else:
        assert is_valid_nhs_number(nine + str(check))


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 8), st.integers(1, 9))
def test_changing_one_nhs_digit_always_invalidates(nine: str, position: int, shift: int) -> None:
    check = nhs_check_digit(nine)
    if check is None:
        return
    number = nine + str(check)
    changed = str((int(number[position]) + shift) % 10)
    assert not is_valid_nhs_number(number[:position] + changed + number[position + 1 :])


@given(st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_no_number_is_both_a_valid_uln_and_a_valid_nhs_number(number: str) -> None:
    assert not (is_valid_uln(number) and is_valid_nhs_number(number))
