"""Check digits for the identifiers that travel with a child: UPN, ULN and NHS number.

Each ``*_problem`` function returns a reason in GOV.UK voice, or ``None`` when the value is
valid; each ``is_valid_*`` function is the boolean form. Values are never logged or echoed
beyond the reason, because they identify a child.
"""

from __future__ import annotations

from collections.abc import Collection

# UK Government Data Standards Catalogue "Unique Pupil Number" v2.0: 23 letters, no I, O or S,
# valued A = 0 … Z = 22. The same alphabet gives the final letter of a temporary UPN.
UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_LETTER_VALUE = {letter: value for value, letter in enumerate(UPN_ALPHABET)}


def upn_check_letter(body: str) -> str:
    """Return the check letter for the 12 characters of a UPN that follow the check letter.

    ``body`` is characters 2 to 13: 11 digits then a digit (permanent UPN) or an alphabet
    letter (temporary UPN). Raises ``ValueError`` when the body has the wrong shape.
    """
    if len(body) != 12 or not body[:11].isdigit() or not _is_upn_serial_end(body[11]):
        raise ValueError("A UPN body is 11 digits followed by a digit or a letter")
    values = [int(ch) for ch in body[:11]] + [_serial_end_value(body[11])]
    # Character n (counting the check letter as 1) is weighted n, so body index i has weight i + 2.
    total = sum(value * (index + 2) for index, value in enumerate(values))
    return UPN_ALPHABET[total % 23]


def _is_upn_serial_end(ch: str) -> bool:
    return (ch.isascii() and ch.isdigit()) or ch in _UPN_LETTER_VALUE


def _serial_end_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else _UPN_LETTER_VALUE[ch]


def upn_problem(value: str, *, known_la_codes: Collection[str] | None = None) -> str | None:
    """Say what is wrong with a Unique Pupil Number, or return ``None`` when it is valid.

    A UPN is 13 characters: a check letter, the 3-digit DfE LA number, the 4-digit
    establishment number, 2 digits of the allocation year and a 3-character serial whose last
    character is a digit (permanent UPN) or a letter (temporary UPN). When ``known_la_codes``
    is given, the LA number must be one of them.
    """
    upn = value.strip().upper()
    if len(upn) != 13:
        return "A UPN must be 13 characters, like A123456789012"
    if upn[0] not in _UPN_LETTER_VALUE:
        return "A UPN must start with a letter other than I, O or S"
    if not upn[1:12].isascii() or not upn[1:12].isdigit():
        return "Characters 2 to 12 of a UPN must be digits"
    if not _is_upn_serial_end(upn[12]):
        return "A UPN must end with a digit or a letter other than I, O or S"
    if known_la_codes is not None and upn[1:4] not in known_la_codes:
        return f"The UPN's local authority number {upn[1:4]} is not a known DfE LA code"
    expected = upn_check_letter(upn[1:])
    if upn[0] != expected:
        return f"UPN check letter should be {expected}"
    return None


def is_valid_upn(value: object, *, known_la_codes: Collection[str] | None = None) -> bool:
    """Return whether ``value`` is a well-formed UPN (permanent or temporary) with a correct
    check letter; see :func:`upn_problem` for the rules."""
    if not isinstance(value, str):
        return False
    return upn_problem(value, known_la_codes=known_la_codes) is None


def _digits(value: str) -> str:
    return "".join(value.split())


def uln_problem(value: str) -> str | None:
    """Say what is wrong with a Unique Learner Number, or return ``None`` when it is valid.

    A ULN is 10 digits, the first not 0. Weighting the digits 10, 9, … 1 and summing must
    leave remainder 10 when divided by 11 (HESA ULN field definition).
    """
    uln = value.strip()
    if len(uln) != 10 or not uln.isascii() or not uln.isdigit():
        return "A ULN must be 10 digits"
    if uln[0] == "0":
        return "A ULN cannot start with 0"
    total = sum(int(d) * (10 - i) for i, d in enumerate(uln))
    if total % 11 != 10:
        return "The ULN's last digit does not match the rest; check it was copied correctly"
    return None


def is_valid_uln(value: object) -> bool:
    """Return whether ``value`` is a valid Unique Learner Number (see :func:`uln_problem`)."""
    return isinstance(value, str) and uln_problem(value) is None


def nhs_check_digit(first_nine: str) -> int | None:
    """Return the modulus-11 check digit for the first 9 digits of an NHS number, or ``None``
    when the result would be 10, which means no NHS number is issued with those digits."""
    if len(first_nine) != 9 or not first_nine.isascii() or not first_nine.isdigit():
        raise ValueError("Give exactly 9 digits")
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_nine))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def nhs_number_problem(value: str) -> str | None:
    """Say what is wrong with an NHS number, or return ``None`` when it is valid.

    An NHS number is 10 digits, often shown with spaces as ``943 476 5870``; the last digit is
    a modulus-11 check digit over the first 9 (NHS Connecting for Health check-digit rule).
    """
    digits = _digits(value)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return "An NHS number must be 10 digits, like 943 476 5870"
    if nhs_check_digit(digits[:9]) != int(digits[9]):
        return "The NHS number's last digit does not match the rest; check it was copied correctly"
    return None


def is_valid_nhs_number(value: object) -> bool:
    """Return whether ``value`` is a valid NHS number; spaces between digit groups are allowed."""
    return isinstance(value, str) and nhs_number_problem(value) is None


def format_nhs_number(value: str) -> str:
    """Return an NHS number in the 3-3-4 display form, e.g. ``943 476 5870``.

    Raises ``ValueError`` when the value is not a valid NHS number.
    """
    problem = nhs_number_problem(value)
    if problem is not None:
        raise ValueError(problem)
    digits = _digits(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
