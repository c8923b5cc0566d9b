"""Every page renders on the demo data and shows the seed report's facts."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from negotiations.models import Round
from tariffs.models import Measure

pytestmark = pytest.mark.django_db


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr"}


class Element:
    """An element of a parsed page, to check where on the page a fact is shown."""

    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        """Its text, with runs of white space made one space."""
        parts = (child.text() if isinstance(child, Element) else child for child in self.children)
        return " ".join(" ".join(parts).split())

    def descendants(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.descendants()

    def find_all(self, tag, cls=None, **attrs):
        """The elements below this one with this tag, class and attributes (`aria_label`)."""
        attrs = {name.replace("_", "-"): value for name, value in attrs.items()}
        return [
            element
            for element in self.descendants()
            if element.tag == tag
            and (cls is None or cls in element.classes)
            and all(element.attrs.get(name) == value for name, value in attrs.items())
        ]

    def find(self, tag, cls=None, **attrs):
        """The one element below this one that matches; fails unless there is exactly one."""
        found = self.find_all(tag, cls, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag}> with class {cls} and {attrs}"
        return found[0]


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document", {})

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, attrs, self.current))

    def handle_endtag(self, tag):
        # An end tag closes the nearest open element of its name, and any left open in it.
        open_element = self.current
        while open_element.parent is not None and open_element.tag != tag:
            open_element = open_element.parent
        if open_element.parent is not None:
            self.current = open_element.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html):
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser.root


def test_home_shows_active_negotiations_rounds_meetings_measures_and_data_freshness(client, demo):
    html = page(client, reverse("negotiations:home"))
    for fact in (
        "Japan–United States tariff negotiations (2025)",
        "Eighth round: the agreement",
        "Third round",
        "Reciprocal tariff on goods from Japan: struck down by a court",
        "Last refreshed from the public sources",
    ):
        assert fact in html, fact


def test_the_negotiation_page_has_a_timeline_a_board_and_the_measures_in_play(client, demo):
    html = page(client, reverse("negotiations:negotiation", args=[demo.slug]))
    assert "Donald Trump: “big progress”" in html
    assert "More imports of U.S. rice" in html and "Under consideration" in html
    assert "Market access for U.S. automobiles" in html
    assert "USD 37.5 bn" in html  # 2024 car imports from Japan covered by Section 232
    # Today Japan's 15 % all-in rate replaces the worldwide 25 % on cars and parts; what it
    # adds to each rate line's base (2026 Revision 10), the mean of an HS6 code's lines:
    # cars 2.5 → +12.5 on 37,500 million = 4,687.5 million; gear boxes 870840: 3 lines at
    # 2.5 % (+12.5) and 4 Free (+15) → mean 97.5/7 on 3,100 million = 431.79 million; other
    # parts 870899: 4 lines at 2.5 % and 9 Free → mean 185/13 on 4,200 million = 597.69
    # million. In all 5,716,978,021.98: USD 5.72 bn.
    assert "USD 5.72 bn" in html
    assert "USD 9.38 bn" not in html  # the worldwide 25 % (9,375 million) no longer adds

    # Each side's board: each item in the column of its status, and in no other; a column
    # shows only when it holds something.
    root = parse(html)
    concessions = list(demo.concessions.select_related("giver"))
    for iso3 in ("JPN", "USA"):
        board = root.find("section", **{"data-testid": f"board-{iso3}"})
        columns = {
            column.attrs["aria-label"]: {
                item.find("strong").text() for item in column.find_all("li", "board-item")
            }
            for column in board.find_all("section", "board-column")
        }
        expected = {}
        for concession in concessions:
            if concession.giver.iso3 == iso3:
                label = concession.get_status_display()
                expected.setdefault(label, set()).add(concession.title)
        assert columns == expected, iso3
        for concession in concessions:
            if concession.giver.iso3 == iso3:
                item = board.find("li", "board-item", id=f"concession-{concession.pk}")
                assert item.parent.parent.attrs["aria-label"] == concession.get_status_display()
    japan = root.find("section", **{"data-testid": "board-JPN"})
    usa = root.find("section", **{"data-testid": "board-USA"})
    assert "Market access for U.S. automobiles" in japan.text()
    assert "Removal of the Section 232 duties on Japanese steel and aluminium" in usa.text()


def test_the_negotiation_page_reads_the_negotiation_the_orm_reads_and_404s_a_wrong_address(
    client, demo
):
    from django.forms.models import model_to_dict

    from negotiations.models import Negotiation
    from negotiations.querysets import negotiation_by_slug

    read = negotiation_by_slug(demo.slug)
    assert model_to_dict(read) | {"pk": read.pk} == model_to_dict(
        Negotiation.objects.get(slug=demo.slug)
    ) | {"pk": demo.pk}
    assert read.get_absolute_url() == demo.get_absolute_url()
    assert negotiation_by_slug("no-such-talks") is None
    missing = client.get(reverse("negotiations:negotiation", args=["no-such-talks"]))
    assert missing.status_code == 404


def test_the_round_page_shows_delegations_meetings_statements_and_sources(client, demo):
    first = Round.objects.get(sequence=1)
    html = page(client, reverse("negotiations:round", args=[first.pk]))
    for fact in (
        "Ryosei Akazawa",
        "Minister for Economic Revitalization",
        "Washington",
        "big progress",
        "Donald Trump",
        "Press report",
        "Kato",
        "Bessent",
    ):
        assert fact in html, fact
    assert reverse("negotiations:person", args=["ryosei-akazawa"]) in html

    # The round's own sources, not only those of its statements or the footer's legend.
    cited = parse(html).find("div", id="round-sources").find_all("li")
    sources = first.sources.all()
    assert len(sources) == 2
    # (A linked title is an element of its own: its text ends before the comma.)
    assert sorted(item.text().replace(" ,", ",") for item in cited) == sorted(
        f"{source.get_kind_display()} {source.title}, {source.publisher}"
        + (f", {source.published_on:%-d %b %Y}" if source.published_on else "")
        for source in sources
    )
    assert {item.find("span", "badge").text() for item in cited} == {"Press report"}


def test_the_person_page_lists_offices_and_rounds(client, demo):
    html = page(client, reverse("negotiations:person", args=["ryosei-akazawa"]))
    assert "Minister for Economic Revitalization" in html
    assert "First round of high-level talks" in html and "head of delegation" in html


def test_the_measures_list_shows_the_auto_duty_and_the_pause(client, demo):
    html = page(client, reverse("tariffs:measure-list"), on="2025-04-10")
    assert "Section 232 duty on imported automobiles" in html
    assert "adds 25 %" in html and "Paused" in html

    # The states are in the table's rows, not only in the filter form's choices.
    rows = parse(html).find("table", "table").find("tbody").find_all("tr")
    states = {}
    for row in rows:
        title, *_, state = row.find_all("td")
        label = state.find("span", "status")
        states[title.text()] = (label.attrs["class"], label.text(), state.text())
    assert states["Reciprocal tariff on goods from Japan"] == (
        "status status-paused",
        "Paused",
        "Paused adds 24 %",
    )
    # Published on 26 March for 3 May: announced for later, nothing collected yet.
    assert states["Section 232 duty on imported automobile parts"] == (
        "status status-announced",
        "Announced",
        "Announced for 2025-05-03: adds 25 %",
    )
    assert states["Section 232 duty on imported automobiles"] == (
        "status status-in_force",
        "In force",
        "In force adds 25 %",
    )
    assert states["Universal 10% baseline tariff"][2] == "In force adds 10 %"
    # Decided on 4 September 2025: not known on 10 April.
    assert states["Section 232 autos and parts: Japan's 15% all-in rate"][1] == (
        "Not yet announced"
    )


def test_the_measures_list_narrows_by_filter(client, demo):
    html = page(
        client, reverse("tariffs:measure-list"), hs="870323", status="in_force", on="2025-04-10"
    )
    assert "Section 232 duty on imported automobiles" in html
    assert "Section 232 duty on steel" not in html  # in force, but not on cars
    assert "Reciprocal tariff on goods from Japan" not in html  # on cars, but paused


def test_a_bad_filter_shows_a_form_error(client, demo):
    html = page(client, reverse("tariffs:measure-list"), hs="87A")
    assert "errorlist" in html


def test_the_measure_page_has_chart_data_scope_coverage_and_history(client, demo):
    autos = Measure.objects.get(title="Section 232 duty on imported automobiles")
    html = page(client, reverse("tariffs:measure", args=[autos.pk]), on="2025-06-01")
    assert 'id="rate-chart"' in html and 'id="rate-series"' in html
    assert '"rate": 25.0' in html
    assert reverse("commodities:commodity", args=["8703"]) in html
    # 2024 car imports from Japan: 25,500 + 12,000 million, at 25 % on 1 June 2025: 9,375
    # million (9.375 rounds to even).
    assert "USD 37.5 bn" in html and "USD 9.38 bn" in html
    assert "Section 232 autos and parts: Japan&#x27;s 15% all-in rate" in html  # replaces it
    # From 16 September 2025 it is replaced on Japan's cars: it covers them, adds nothing.
    later = page(client, reverse("tariffs:measure", args=[autos.pk]), on="2025-10-01")
    assert "USD 37.5 bn" in later and "USD 9.38 bn" not in later


def test_the_hs_browser_goes_from_chapter_to_subheading(client, demo):
    assert reverse("commodities:commodity", args=["87"]) in page(
        client, reverse("commodities:browser")
    )
    chapter = page(client, reverse("commodities:commodity", args=["87"]))
    assert reverse("commodities:commodity", args=["8703"]) in chapter
    heading = page(client, reverse("commodities:commodity", args=["8703"]))
    assert reverse("commodities:commodity", args=["870323"]) in heading


def test_a_commodity_page_has_its_trade_chart_measures_and_concessions(client, demo):
    html = page(client, reverse("commodities:commodity", args=["1006"]))
    assert 'id="trade-chart"' in html and "JPN imports from USA (illustrative)" in html
    assert "More imports of U.S. rice" in html
    assert "Universal 10% baseline tariff" in html


def test_the_lookup_page_gives_the_apis_answer_with_its_reasons(client, demo):
    html = page(
        client,
        reverse("tariffs:lookup"),
        importer="USA",
        exporter="JPN",
        hs="870323",
        date="2025-04-10",
    )
    # 2.5 % base (8703.23.01) + 25 % Section 232.
    assert 'data-testid="total-ad-valorem">27.5 %' in html
    assert 'data-testid="base-rate">2.5%' in html
    assert "line 8703 brings the product in" in html
    assert "does not apply to goods subject to Section 232 duty on imported automobiles" in html


def test_the_lookup_page_marks_a_retroactive_layer_and_answers_as_the_law_read(client, demo):
    url = reverse("tariffs:lookup")
    now = page(client, url, importer="USA", exporter="JPN", hs="61091000", date="2025-08-10")
    assert 'data-testid="total-ad-valorem">16.5 %' in now
    assert "retroactive: published 2025-09-04" in now
    then = page(
        client,
        url,
        importer="USA",
        exporter="JPN",
        hs="61091000",
        date="2025-08-10",
        known_on="2025-08-10",
    )
    assert 'data-testid="total-ad-valorem">31.5 %' in then
    assert "retroactive: published" not in then


def test_the_lookup_page_explains_a_malformed_code(client, demo):
    html = page(client, reverse("tariffs:lookup"), importer="USA", exporter="JPN", hs="87")
    assert "6, 8 or 10 digits" in html


def test_search_finds_people_rounds_measures_and_concessions(client, demo):
    html = page(client, reverse("negotiations:search"), q="rice")
    assert "More imports of U.S. rice" in html
    html = page(client, reverse("negotiations:search"), q="Akazawa")
    assert reverse("negotiations:person", args=["ryosei-akazawa"]) in html


def test_search_says_when_nothing_matches(client, demo):
    assert "Nothing matches" in page(client, reverse("negotiations:search"), q="zeppelin")


def test_the_negotiation_list_filters_by_party(client, demo):
    assert demo.title in page(client, reverse("negotiations:negotiation-list"), party="JPN")
    assert demo.title in page(client, reverse("negotiations:negotiation-list"), status="concluded")
    html = page(client, reverse("negotiations:negotiation-list"), status="active")
    assert demo.title not in html


@pytest.mark.parametrize(
    "url",
    ["/", "/negotiations/", "/measures/", "/commodities/", "/tariff-lookup/", "/search/?q=x"],
)
def test_pages_have_landmarks_and_a_skip_link(client, demo, url):
    html = page(client, url)
    for landmark in (
        "<header",
        '<nav aria-label="Main"',
        '<main id="content"',
        "<footer",
        'class="skip-link" href="#content"',
        '<html lang="en">',
    ):
        assert landmark in html, landmark


def test_every_form_field_has_a_label(client, demo):
    html = page(client, reverse("tariffs:lookup"))
    for field in ("importer", "exporter", "hs", "date"):
        assert f'<label for="id_{field}"' in html


def test_an_unknown_page_is_a_404(client, db):
    assert client.get("/rounds/999999/").status_code == 404
    assert client.get("/commodities/999998/").status_code == 404


def test_home_says_when_each_source_was_last_refreshed(client, demo):
    from commodities.models import RefreshRun

    finished = dt.datetime(2025, 6, 2, 3, 30, tzinfo=dt.UTC)
    RefreshRun.objects.create(
        source=RefreshRun.Source.COMTRADE,
        series="comtrade:USA:JPN",
        status=RefreshRun.Status.SUCCEEDED,
        started_at=finished,
        finished_at=finished,
    )
    html = page(client, reverse("negotiations:home"))
    assert "UN Comtrade: <time" in html and "2 Jun 2025, 03:30" in html
