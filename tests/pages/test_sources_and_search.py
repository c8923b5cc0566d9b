"""Every source has a page saying what cites it; search links to pages, found per app."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commodities.models import Commodity
from core.models import Economy, Source
from core.search import registry, search_everything
from negotiations.models import (
    Agreement,
    Commitment,
    Concession,
    ConcessionStatusChange,
    Encounter,
    Negotiation,
    Person,
    Round,
    Statement,
)
from tariffs.models import Measure

from ..factories import (
    ConcessionFactory,
    ConcessionStatusChangeFactory,
    EncounterFactory,
    MeasureChangeFactory,
    MeasureFactory,
    NegotiationFactory,
    RoundFactory,
    SourceFactory,
    StatementFactory,
)
from .test_pages import page, parse

pytestmark = pytest.mark.django_db

ARTICLE = "Japan weighs more soybean and rice imports in tariff talks with the United States"


def citations(html):
    """{heading of a kind of citing item: [(text, link)]} from the "What cites it" section."""
    section = parse(html).find("section", id="citing")
    kinds = {}
    for kind in section.find_all("section"):
        items = []
        for item in kind.find_all("li"):
            links = item.find_all("a")
            items.append((item.text(), links[0].attrs["href"] if links else None))
        kinds[kind.find("h3").text()] = items
    return kinds


def test_the_source_page_shows_the_source_and_links_what_cites_it(client, demo):
    article = Source.objects.get(title=ARTICLE)
    assert article.get_absolute_url() == f"/sources/{article.pk}/"
    html = page(client, article.get_absolute_url())
    assert ARTICLE in html and "ITC News" in html
    kind = parse(html).find("p", id="source-kind")
    assert kind.find("span", "badge").text() == "Press report"
    assert "Not an official document" in kind.text()

    first = Round.objects.get(negotiation=demo, sequence=1)
    rice = Concession.objects.get(title="More imports of U.S. rice")
    cited = citations(html)
    # Items with a page link to it.
    assert (demo.title, demo.get_absolute_url()) in cited["Negotiations"]
    assert (str(first), first.get_absolute_url()) in cited["Rounds"]
    assert (str(rice), rice.get_absolute_url()) in cited["Concessions"]
    # Items with none link to the page of what they belong to.
    assert {link for _, link in cited["Encounters"]} == {
        r.get_absolute_url() for r in Round.objects.filter(encounters__sources=article)
    }
    # A statement is shown on its round's page, at its own anchor.
    assert {link for _, link in cited["Statements"]} == {
        f"{first.get_absolute_url()}#statement-{statement.pk}"
        for statement in Statement.objects.filter(sources=article)
    }
    assert rice.get_absolute_url() in {link for _, link in cited["Concession status changes"]}
    # Every kind that cites the article is there, each of its items once, each with a link.
    for model, label in (
        (Negotiation, "Negotiations"),
        (Round, "Rounds"),
        (Encounter, "Encounters"),
        (Statement, "Statements"),
        (Concession, "Concessions"),
        (ConcessionStatusChange, "Concession status changes"),
    ):
        assert len(cited[label]) == model.objects.filter(sources=article).count() > 0, label
        assert all(link for _, link in cited[label]), label
    # The measures cite the documents that decide them, not the press report.
    assert "Measures" not in cited


def test_the_source_page_tells_an_official_document_and_links_to_it(client, demo):
    proclamation = Source.objects.get(title__startswith="Proclamation 10908")
    proclamation.url = "https://www.federalregister.gov/d/2025-05930"
    proclamation.save()
    html = page(client, proclamation.get_absolute_url())
    kind = parse(html).find("p", id="source-kind")
    assert kind.find("span", "badge").text() == "Official document"
    assert "Not an official document" not in kind.text()
    assert 'href="https://www.federalregister.gov/d/2025-05930"' in html
    assert "31 Mar 2025" in html
    # The measure it decides, and the step of that measure, cite it and link to the measure.
    autos = Measure.objects.get(title="Section 232 duty on imported automobiles")
    cited = citations(html)
    assert (str(autos), autos.get_absolute_url()) in cited["Measures"]
    assert autos.get_absolute_url() in {link for _, link in cited["Measure changes"]}


def test_a_source_nothing_cites_says_so(client, db):
    assert "Nothing in the tracker cites it yet" in page(client, SourceFactory().get_absolute_url())


def cite_with_one_of_each(source, negotiation, n):
    """Make `n` items of every kind that cites sources cite `source`."""
    japan, usa = Economy.objects.get(iso3="JPN"), Economy.objects.get(iso3="USA")
    rice = Commodity.objects.get(code="1006")
    speaker = Person.objects.get(slug="ryosei-akazawa")
    start = Round.objects.filter(negotiation=negotiation).count() + 10
    for i in range(n):
        round_ = RoundFactory(negotiation=negotiation, sequence=start + i)
        measure = MeasureFactory(issuer=usa)
        concession = ConcessionFactory(
            negotiation=negotiation, round=round_, giver=japan, receiver=usa, commodity=rice
        )
        for item in (
            NegotiationFactory(),
            round_,
            EncounterFactory(round=round_),
            StatementFactory(round=round_, speaker=speaker),
            measure,
            MeasureChangeFactory(measure=measure, effective_on=dt.date(2025, 4, 1)),
            concession,
            ConcessionStatusChangeFactory(concession=concession, round=round_),
        ):
            item.sources.add(source)


def queries(client, url):
    """The SELECTs a page runs (not the savepoints of its request's transaction)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return sum(1 for query in captured if "SAVEPOINT" not in query["sql"])


def test_the_source_page_runs_one_query_per_kind_of_citing_item(client, demo):
    source = SourceFactory()
    citing_kinds = [r for r in Source._meta.related_objects if r.many_to_many]
    cite_with_one_of_each(source, demo, 1)
    one = queries(client, source.get_absolute_url())
    cite_with_one_of_each(source, demo, 12)
    many = queries(client, source.get_absolute_url())
    assert many == one == 1 + len(citing_kinds)
    assert all(
        len(items) == 13 for items in citations(page(client, source.get_absolute_url())).values()
    )


def test_a_source_found_by_search_links_to_its_page(client, demo):
    yomiuri = Source.objects.get(publisher="The Yomiuri Shimbun", title__contains="soybeans")
    found = [(result.item, result.url) for result in search_everything("Yomiuri")["Sources"]]
    assert (yomiuri, yomiuri.get_absolute_url()) in found
    html = page(client, reverse("negotiations:search"), q="Yomiuri")
    assert f'href="{yomiuri.get_absolute_url()}"' in html


@pytest.mark.parametrize("query", ["rice", "duty", "Akazawa", "Federal Register", "talks"])
def test_no_search_result_links_to_the_api(client, demo, query):
    results = search_everything(query)
    assert results, query
    urls = [result.url for items in results.values() for result in items]
    assert all(url.startswith("/") and not url.startswith("/api/") for url in urls), urls
    for url in urls:
        page(client, url.split("#")[0])
    links = [
        a.attrs["href"] for a in parse(page(client, "/search/", q=query)).find("main").find_all("a")
    ]
    assert sorted(links) == sorted(urls)


def test_each_app_registers_its_own_searchables_in_its_search_module(demo):
    indexes = registry()
    assert [index.label for index in indexes] == [
        "Negotiations",
        "Rounds",
        "Statements",
        "People",
        "Measures",
        "Agreements",
        "Commitments",
        "Concessions",
        "Sources",
    ]
    for index in indexes:
        assert type(index).__module__ == f"{index.model._meta.app_label}.search", index
    assert {type(index).__module__ for index in indexes} == {
        "core.search",
        "tariffs.search",
        "negotiations.search",
    }
    # The results come in the registry's order.
    labels = list(search_everything("rice"))
    assert labels == [index.label for index in indexes if index.label in labels]
    assert len(labels) > 1


PROJECT_APPS = ("core", "commodities", "tariffs", "negotiations")


def test_every_model_with_a_page_answers_at_its_absolute_url(client, demo):
    with_pages = [
        model
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
        if hasattr(model, "get_absolute_url")
    ]
    assert set(with_pages) == {
        Source,
        Commodity,
        Measure,
        Negotiation,
        Round,
        Statement,  # on its round's page, at its anchor
        Person,
        Concession,
        Agreement,
        Commitment,
    }
    for model in with_pages:
        items = list(model.objects.all()[:3])
        assert items, model
        for item in items:
            url = item.get_absolute_url()
            path, _, anchor = url.partition("#")
            html = page(client, path)
            assert not anchor or f'id="{anchor}"' in html, url


def test_the_measures_table_links_each_title_to_its_page(client, demo):
    html = page(client, reverse("tariffs:measure-list"), on="2025-04-10")
    rows = parse(html).find("table", "table").find("tbody").find_all("tr")
    links = {row.find_all("td")[0].find("a").attrs["href"] for row in rows}
    assert links == {measure.get_absolute_url() for measure in Measure.objects.all()}
