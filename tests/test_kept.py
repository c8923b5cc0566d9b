"""What a process keeps per version of the data (core.kept): read once, seen anew after a
change made here or in another process, never carried from one request into the next."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.utils import timezone

from core import kept
from core.models import DataVersion, Economy, _request_versions
from core.querysets import codes_by_id


def add_economy_as_another_process(name, iso3):
    """A row written, and the version bumped, without this process's signals."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_economy (name, iso3, comtrade_code, census_code, kind) "
            "VALUES (%s, %s, NULL, NULL, 'country') RETURNING id",
            [name, iso3],
        )
        [pk] = cursor.fetchone()
        cursor.execute(
            "UPDATE core_dataversion SET changed_at = %s WHERE id = %s",
            [timezone.now() + dt.timedelta(seconds=1), DataVersion.EVERYTHING],
        )
    return pk


def test_the_economies_are_read_once_per_version(db, django_assert_num_queries):
    Economy.objects.create(name="Japan", iso3="JPN", kind="country")
    version = DataVersion.latest()
    with django_assert_num_queries(2):  # the economies, and the unions they belong to
        first = kept.economies(version)
    with django_assert_num_queries(0):
        assert kept.economies(version) is first
    assert [e.iso3 for e in first.by_name] == ["JPN"]


def test_a_change_made_here_is_seen_at_once(db):
    Economy.objects.create(name="Japan", iso3="JPN", kind="country")
    assert kept.economies().named("USA") is None
    Economy.objects.create(name="United States", iso3="USA", kind="country")
    # The bump cleared what was kept: even under the version read before, the row is there.
    assert kept.economies().named("USA").name == "United States"


def test_a_change_made_in_another_process_is_seen_with_its_version(db):
    Economy.objects.create(name="Japan", iso3="JPN", kind="country")
    before = DataVersion.latest()
    assert kept.economies(before).named("KOR") is None
    pk = add_economy_as_another_process("Korea", "KOR")
    assert kept.economies(before).named("KOR") is None  # still the version it was read for
    assert kept.economies(DataVersion.latest()).named("KOR").pk == pk


def test_an_economy_added_since_the_version_was_read_is_read_anew(db):
    Economy.objects.create(name="Japan", iso3="JPN", kind="country")
    economies = kept.economies(DataVersion.latest())
    pk = add_economy_as_another_process("Korea", "KOR")
    assert pk not in economies.by_pk
    assert codes_by_id(Economy, "iso3", {pk}) == {pk: "KOR"}


def test_a_kept_economy_is_handed_out_as_a_copy(db):
    Economy.objects.create(name="Japan", iso3="JPN", kind="country")
    mine = kept.economies().named("JPN")
    mine.name = "changed by the caller"
    assert kept.economies().named("JPN").name == "Japan"


def test_a_requests_version_is_not_carried_into_the_next(db, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    Economy.objects.create(name="Japan", iso3="JPN", kind="country")
    response = Client().get("/tariff-lookup/")
    assert response.status_code == 200
    assert _request_versions.get() is None
    pk = add_economy_as_another_process("Korea", "KOR")
    # Outside a request the latest version is read: the new economy is listed.
    assert kept.economies().by_pk[pk].iso3 == "KOR"
    assert b'<option value="KOR">Korea (KOR)</option>' in Client().get("/tariff-lookup/").content


def test_an_economys_reach_follows_its_unions(db, django_assert_num_queries):
    france = Economy.objects.create(name="France", iso3="FRA", kind="country")
    union = Economy.objects.create(name="European Union", iso3="EUU", kind="customs_union")
    union.members.set([france])
    with django_assert_num_queries(3):  # the version, the economies, their unions
        assert Economy.objects.reach_ids([france]) == {france.pk: {france.pk, union.pk}}
    with django_assert_num_queries(1):  # the version only
        assert Economy.objects.reach_ids([union]) == {union.pk: {union.pk}}
    union.members.clear()
    assert Economy.objects.reach_ids([france]) == {france.pk: {france.pk}}


def test_a_request_reads_both_versions_once_until_it_changes_the_data(
    db, django_assert_num_queries
):
    DataVersion.bump()
    try:
        with django_assert_num_queries(1):
            everything = DataVersion.read_for_request()
            assert DataVersion.latest() == everything
            duties = DataVersion.latest(DataVersion.DUTIES)
        Economy.objects.create(name="Japan", iso3="JPN", kind="country")  # bumps everything
        with django_assert_num_queries(1):
            assert DataVersion.latest() > everything  # read anew after the change
        assert DataVersion.latest(DataVersion.DUTIES) == duties  # not duty data
    finally:
        DataVersion.forget()
