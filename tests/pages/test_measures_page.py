"""The measures page: its table's rows as the columns write them, its filter form, and what
it costs the database, however many rows a page holds."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tariffs import querysets
from tariffs.filtersets import MeasureFilterSet
from tariffs.models import LegalBasis, Measure

from ..factories import EconomyFactory, MeasureChangeFactory, MeasureFactory
from .test_pages import page, parse

pytestmark = pytest.mark.django_db

ALL = "All economies"
S232 = "Section 232 (national security)"
IEEPA = "IEEPA (emergency economic powers)"
IN_FORCE_25 = "In force adds 25 %"


def test_the_table_shows_each_measure_as_its_columns_write_it(client, demo):
    html = page(client, reverse("tariffs:measure-list"), on="2025-04-10")
    table = parse(html).find("table", "table")
    assert table.attrs["tabindex"] == "0"
    headers = table.find("thead").find_all("th")
    assert [th.text() for th in headers] == [
        "Title",
        "Issuer",
        "On goods from",
        "Legal basis",
        "Status and rate",
    ]
    sorting = [th.find("a").attrs["href"] for th in headers if th.find_all("a")]
    assert sorting == [
        "?on=2025-04-10&sort=-title",
        "?on=2025-04-10&sort=issuer",
        "?on=2025-04-10&sort=legal_basis",
    ]

    rows = table.find("tbody").find_all("tr")
    assert [row.attrs["class"] for row in rows] == ["even", "odd"] * 4
    shown = [[cell.text() for cell in row.find_all("td")] for row in rows]
    assert shown == [
        [
            "No reciprocal duty on Japanese civil aircraft and generic pharmaceuticals",
            "USA",
            "JPN",
            IEEPA,
            "Not yet announced",
        ],
        ["Reciprocal tariff on goods from Japan", "USA", "JPN", IEEPA, "Paused adds 24 %"],
        [
            "Section 232 autos and parts: Japan's 15% all-in rate",
            "USA",
            "JPN",
            S232,
            "Not yet announced",
        ],
        ["Section 232 duty on aluminium", "USA", ALL, S232, IN_FORCE_25],
        [
            "Section 232 duty on imported automobile parts",
            "USA",
            ALL,
            S232,
            "Announced for 2025-05-03: adds 25 %",
        ],
        ["Section 232 duty on imported automobiles", "USA", ALL, S232, IN_FORCE_25],
        ["Section 232 duty on steel", "USA", ALL, S232, IN_FORCE_25],
        ["Universal 10% baseline tariff", "USA", ALL, IEEPA, "In force adds 10 %"],
    ]
    # Each title links to its measure's page.
    links = {row.find("a").text(): row.find("a").attrs["href"] for row in rows}
    assert links == {m.title: m.get_absolute_url() for m in Measure.objects.all()}


def test_the_table_sorts_by_a_column_when_asked(client, demo):
    html = page(client, reverse("tariffs:measure-list"), on="2025-04-10", sort="-title")
    rows = parse(html).find("table", "table").find("tbody").find_all("tr")
    titles = [row.find("a").text() for row in rows]
    assert titles == sorted(titles, reverse=True)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return captured


def measures(count, start=0):
    economies = [EconomyFactory() for _ in range(3)]
    for n in range(start, start + count):
        measure = MeasureFactory(title=f"Measure {n:03}")
        measure.targets.set(economies[: 1 + n % 3])
        MeasureChangeFactory(measure=measure)
        MeasureChangeFactory(measure=measure, effective_on="2025-06-01", status="paused")


def test_the_page_runs_as_many_queries_for_5_rows_as_for_50(client):
    url = reverse("tariffs:measure-list") + "?on=2025-05-01"
    measures(5)
    few = queries(client, url)
    measures(50, start=5)
    many = queries(client, url)
    html = client.get(url).content.decode()
    assert parse(html).find("table", "table").find("tbody").find_all("tr").__len__() == 50
    assert len(many) == len(few)


def test_the_page_counts_the_measures_once_and_a_page_past_the_last_is_not_found(client):
    measures(5)
    captured = queries(client, reverse("tariffs:measure-list"))
    counts = [query["sql"] for query in captured if "COUNT(" in query["sql"].upper()]
    assert len(counts) == 1
    assert client.get(reverse("tariffs:measure-list"), {"page": 2}).status_code == 404


def economy_queries(captured):
    return [q["sql"] for q in captured if 'FROM "core_economy"' in q["sql"]]


def test_the_filter_forms_economy_selects_read_the_economies_once(client):
    codes = {EconomyFactory().iso3 for _ in range(5)}
    filters = MeasureFilterSet(QueryDict("issuer="), queryset=querysets.measure_table_rows())
    with CaptureQueriesContext(connection) as validated:
        assert filters.is_valid()
    assert economy_queries(validated) == []
    with CaptureQueriesContext(connection) as written:
        form = parse(str(filters.form))
    assert len(economy_queries(written)) == 1
    # The issuer, target and between selects each list every economy.
    for name in ("issuer", "target", "between"):
        options = form.find("select", name=name).find_all("option")
        assert codes <= {option.attrs["value"] for option in options}


def test_a_page_of_measures_is_the_ordered_querysets_cut_with_ties_by_id():
    usa, jpn = EconomyFactory(iso3="USA"), EconomyFactory(iso3="JPN")
    for n in range(7):
        MeasureFactory(title=f"Measure {6 - n}", issuer=usa if n % 2 else jpn)
    by_issuer = querysets.measure_table_rows().order_by("-issuer__iso3")
    pages = [querysets.measure_page(by_issuer, start, start + 3) for start in (0, 3, 6)]
    assert [len(page) for page in pages] == [3, 3, 1]
    expected = list(Measure.objects.order_by("-issuer__iso3", "pk"))
    assert [m.pk for page in pages for m in page] == [m.pk for m in expected]
    # Each row comes with its issuer and the lists the table reads.
    first = pages[0][0]
    assert first.issuer.iso3 == "USA" and first.target_codes_read == []
    by_title = querysets.measure_table_rows().order_by("title")
    assert [m.title for m in querysets.measure_page(by_title, 1, 3)] == ["Measure 1", "Measure 2"]
    assert querysets.measure_page(by_title, 3, 3) == []


@pytest.mark.parametrize("ordering", ["title", "-title", "legal_basis", "-legal_basis", "-pk"])
def test_a_page_of_the_whole_list_read_in_sql_is_the_orms_page(ordering):
    """Unfiltered, in an order of the measures' own columns, a page is read by SQL written
    once (`whole_list_page`): the same measures, in the same order (ties by id), with the same
    values, as the ORM's page."""
    usa = EconomyFactory(iso3="USA")
    bases = LegalBasis.values
    for n in range(8):
        MeasureFactory(title=f"Measure {n % 3}", issuer=usa, legal_basis=bases[n % 2])
    whole = querysets.measure_table_rows().order_by(ordering)
    assert querysets.whole_list_page((ordering, "pk")) is not None
    expected = list(Measure.objects.order_by(ordering, "pk"))
    with CaptureQueriesContext(connection) as captured:
        pages = [querysets.measure_page(whole, start, start + 3) for start in (0, 3, 6)]
    # Each page's measures in one query of the SQL written once (its alias "m"), not the ORM's.
    assert sum(q["sql"].startswith('SELECT m."id", m."title"') for q in captured) == 3
    read = [measure for page in pages for measure in page]
    assert [m.pk for m in read] == [m.pk for m in expected]
    fields = [field.attname for field in Measure._meta.concrete_fields]
    for got, want in zip(read, expected, strict=True):
        assert [getattr(got, f) for f in fields] == [getattr(want, f) for f in fields]
        assert got.issuer.iso3 == "USA" and got.target_codes_read == []


def test_a_page_ordered_by_the_issuers_code_or_narrowed_is_read_through_the_orm():
    assert querysets.whole_list_page(("issuer__iso3", "pk")) is None
    assert querysets.whole_list_page(("-issuer", "pk")) is None
    usa, jpn = EconomyFactory(iso3="USA"), EconomyFactory(iso3="JPN")
    for n in range(5):
        MeasureFactory(title=f"Measure {n}", issuer=usa if n % 2 else jpn)
    narrowed = querysets.measure_table_rows().filter(issuer=usa).order_by("title")
    assert [m.title for m in querysets.measure_page(narrowed, 0, 5)] == ["Measure 1", "Measure 3"]
