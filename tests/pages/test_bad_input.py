"""A NUL character in a page's address (no database stores one) is a 400 page naming the
parameter, never a server error: the search, a commodity's code, the filter forms."""

import pytest

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "Null characters are not allowed."


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/search/?q=steel%00", "q"),
        ("/search/?q=%00", "q"),
        ("/commodities/8703%00/", "code"),
        ("/measures/?issuer=USA%00", "issuer"),
        ("/measures/?q=x&on=2025-01-01%00", "on"),
        ("/negotiations/?party=%00", "party"),
        ("/tariff-lookup/?importer=USA&exporter=JPN&hs=8703%00", "hs"),
        ("/compare/?n=japan-united-states-2025%00", "n"),
    ],
)
def test_a_nul_in_a_pages_address_is_a_400_page_naming_the_parameter(client, demo, path, field):
    response = client.get(path)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "<h1>Bad request</h1>" in page
    assert f"<li><strong>{field}</strong>: {NUL_MESSAGE}</li>" in page


def test_a_nul_in_a_parameters_name_is_named_without_it(client, demo):
    response = client.get("/search/?q=steel&x%00y=1")
    assert response.status_code == 400
    assert f"<li><strong>x\\x00y</strong>: {NUL_MESSAGE}</li>" in response.content.decode()


def test_the_same_pages_answer_clean_addresses(client, demo):
    assert client.get("/search/?q=steel").status_code == 200
    assert client.get("/commodities/8703/").status_code == 200
    assert client.get("/measures/?issuer=USA").status_code == 200
