"""A record's address written from the first one reversed is the address `reverse` gives."""

import pytest
from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix

from core.paths import detail_path, path_writer

# Every page a record links to, with keys of the kinds its converter takes.
ADDRESSES = [
    ("core:source", [1, 7, 12, 1234567]),
    ("commodities:commodity", ["0101", "870323", "8703.23.01", "87"]),
    ("tariffs:measure", [3, 30, 300]),
    ("negotiations:round", [5, 15, 51]),
    ("negotiations:agreement", [2, 22]),
    ("negotiations:negotiation", ["japan-united-states-2025", "vol-001-qng-qtq", "a"]),
    ("negotiations:person", ["ryosei-akazawa", "howard-lutnick"]),
]


@pytest.mark.parametrize("name, keys", ADDRESSES)
def test_every_key_gets_the_address_reverse_gives(name, keys):
    for key in keys:
        assert detail_path(name, key) == reverse(name, args=[key])


@pytest.mark.parametrize("name, keys", ADDRESSES)
def test_a_writer_for_one_list_gives_the_addresses_reverse_gives(name, keys):
    write = path_writer(name)
    assert [write(key) for key in keys] == [reverse(name, args=[key]) for key in keys]


def test_a_writer_keeps_the_script_prefix_it_was_made_under():
    set_script_prefix("/tracker/")
    try:
        write = path_writer("negotiations:round")
        assert write(15) == reverse("negotiations:round", args=[15]) == "/tracker/rounds/15/"
    finally:
        clear_script_prefix()
    assert write(16) == "/tracker/rounds/16/"
    assert path_writer("negotiations:round")(16) == reverse("negotiations:round", args=[16])


@pytest.mark.parametrize("prefix", ["/", "/tracker/", "/a/b/"])
def test_the_script_prefix_is_kept_apart(prefix):
    detail_path("negotiations:round", 9)  # known under the default prefix first
    set_script_prefix(prefix)
    try:
        assert detail_path("negotiations:round", 15) == reverse("negotiations:round", args=[15])
        assert detail_path("negotiations:round", 15).startswith(prefix)
    finally:
        clear_script_prefix()
    assert detail_path("negotiations:round", 15) == reverse("negotiations:round", args=[15])


def test_a_new_url_configuration_is_read_again():
    before = detail_path("negotiations:round", 4)
    with override_settings(ROOT_URLCONF="tests.moved_urls"):
        moved = detail_path("negotiations:round", 4)
        assert moved == reverse("negotiations:round", args=[4])
        assert moved == f"/moved{before}"
    assert detail_path("negotiations:round", 4) == before
