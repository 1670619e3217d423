"""Password rules (NCSC: length over complexity, block common passwords) and Argon2id hashing."""

from __future__ import annotations

import pytest

from sendsight.access.passwords import (
    common_passwords,
    hash_password,
    hasher,
    is_common_password,
    needs_rehash,
    password_problem,
    verify_password,
)

EMAIL = "jo.bloggs@example.test"


@pytest.mark.parametrize(
    "password",
    [
        "Password123!",
        "p@ssw0rd2024!!",
        "passwordpassword",
        "Qwertyuiop12",
        "LIVERPOOL1892!",
        "iloveyou iloveyou",
    ],
)
def test_disguised_common_passwords_are_refused(password: str) -> None:
    assert password_problem(password, EMAIL) == (
        "Password is too common. Use 3 random words, for example, to make a longer one"
    )


def test_three_random_words_are_accepted() -> None:
    assert password_problem("orbit teapot marigold", EMAIL) is None


def test_short_password_is_refused_with_the_minimum_length() -> None:
    assert password_problem("short words", EMAIL, min_length=12) == (
        "Password must be 12 characters or more"
    )


def test_password_over_256_characters_is_refused() -> None:
    assert password_problem("a b" * 100, EMAIL) == "Password must be 256 characters or fewer"


def test_password_containing_the_email_address_is_refused() -> None:
    assert password_problem("Jo.Bloggs tomato sandwich", EMAIL) == (
        "Password must not contain your email address"
    )


@pytest.mark.parametrize(
    "password",
    ["aaaaaaaaaaaaaa", "abababababababab", "abcdefghijklmn", "123456789012", "zyxwvutsrqponm"],
)
def test_repeated_characters_and_sequences_are_refused(password: str) -> None:
    assert password_problem(password, EMAIL) == (
        "Password must not be a repeated character or a simple sequence"
    )


def test_deny_list_has_a_few_hundred_entries_and_no_comments() -> None:
    words = common_passwords()
    assert 250 <= len(words) <= 2000
    assert not any(word.startswith("#") for word in words)


def test_uncommon_phrase_is_not_on_the_deny_list() -> None:
    assert not is_common_password("velvet crocodile parliament")


def test_hash_verifies_only_the_same_password() -> None:
    ph = hasher(1, 8192)
    stored = hash_password("orbit teapot marigold", ph)
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "orbit teapot marigold", ph)
    assert not verify_password(stored, "orbit teapot marigolds", ph)


def test_missing_hash_never_verifies_even_for_the_dummy_password() -> None:
    ph = hasher(1, 8192)
    assert not verify_password(None, "sendsight-dummy-password-for-timing", ph)


def test_hash_made_with_cheaper_settings_needs_rehashing() -> None:
    cheap = hash_password("orbit teapot marigold", hasher(1, 8192))
    assert needs_rehash(cheap, hasher(2, 8192))
    assert not needs_rehash(cheap, hasher(1, 8192))
