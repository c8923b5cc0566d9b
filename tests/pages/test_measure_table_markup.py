"""The measures table writes its head and its page links in Python (`MeasureTable.header_html`,
`pagination_html`): the same markup django-tables2's own template writes for the same table."""

import re

import pytest
from django.template.loader import get_template
from django.test import RequestFactory
from django_tables2 import RequestConfig

from tariffs.models import Measure
from tariffs.tables import MeasureTable

from ..factories import EconomyFactory

pytestmark = pytest.mark.django_db


def squeezed(html):
    return re.sub(r"\s+", " ", html).strip()


def part(html, pattern):
    found = re.search(pattern, html, re.S)
    return squeezed(found.group(0)) if found else ""


@pytest.mark.parametrize(
    "query",
    ["", "?page=2", "?sort=-title&page=7", "?sort=issuer&page=13", "?legal_basis=ieepa&page=4"],
)
def test_the_head_and_the_page_links_are_django_tables2s(query):
    usa = EconomyFactory(iso3="USA")
    # 13 pages of 50: the range of links has the first, the last and gaps.
    Measure.objects.bulk_create(
        Measure(
            title=f"Measure {n:04d}",
            issuer=usa,
            legal_basis="ieepa" if n % 3 else "section_232",
        )
        for n in range(13 * 50 - 10)
    )
    request = RequestFactory().get(f"/measures/{query}")
    table = MeasureTable(Measure.objects.all())
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    stock = get_template("django_tables2/table.html").render({"table": table}, request)
    assert squeezed(table.header_html()) == part(stock, r"<thead.*?</thead>")
    assert squeezed(table.pagination_html()) == part(stock, r'<ul class="pagination">.*?</ul>')
