"""Every resource lists briefly and details fully, on the demo data, and filters narrow lists."""

import pytest

from negotiations.models import Concession, Round
from tariffs.models import Measure

pytestmark = pytest.mark.django_db

BASE = "/api/v1"


def results(api, path, **params):
    response = api.get(f"{BASE}/{path}", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def detail(api, path):
    response = api.get(f"{BASE}/{path}")
    assert response.status_code == 200, response.content
    return response.json()


def test_economies_are_listed_and_found_by_iso_code(api, demo):
    assert {e["iso3"] for e in results(api, "economies/")} == {"JPN", "USA"}
    japan = detail(api, "economies/JPN/")
    assert (japan["comtrade_code"], japan["census_code"]) == (392, "5880")


def test_negotiations_filter_by_party_and_status(api, demo):
    assert [n["slug"] for n in results(api, "negotiations/", party="JPN", status="concluded")] == [
        "japan-united-states-2025"
    ]
    assert results(api, "negotiations/", status="active") == []


def test_a_negotiation_detail_lists_its_rounds_and_sources(api, demo):
    negotiation = detail(api, "negotiations/japan-united-states-2025/")
    assert [r["sequence"] for r in negotiation["rounds"]] == [1, 2, 3, 4, 5, 6, 8]
    assert {s["publisher"] for s in negotiation["sources"]} == {"ITC News", "The Yomiuri Shimbun"}
    assert negotiation["recorded_through"] == "2026-02-20"


def test_a_round_list_is_brief(api, demo):
    first = results(api, "rounds/", negotiation="japan-united-states-2025")[0]
    assert "delegations" not in first and first["city"] == "Washington (White House)"


def test_a_round_detail_embeds_delegations_encounters_and_statements(api, demo):
    first = detail(api, f"rounds/{Round.objects.get(sequence=1).pk}/")
    japan = next(d for d in first["delegations"] if d["economy"] == "JPN")
    assert japan["head"]["name"] == "Ryosei Akazawa"
    assert {p["name"] for p in first["encounters"][0]["participants"]} == {
        "Ryosei Akazawa",
        "Donald Trump",
    }
    assert first["statements"][0]["quote"] == "big progress"
    assert first["statements"][0]["sources"][0]["kind"] == "press"


def test_rounds_filter_by_date_range_and_place(api, demo):
    in_april = results(api, "rounds/", date_after="2025-04-01", date_before="2025-04-20")
    assert [r["sequence"] for r in in_april] == [1]
    # The city matches whole: "Washington" (rounds 2 to 6), not "Washington (White House)".
    assert len(results(api, "rounds/", city="washington", country="USA")) == 5
    assert len(results(api, "rounds/", city="Washington (White House)")) == 2
    assert results(api, "rounds/", city="Tokyo") == []


def test_rounds_can_be_searched(api, demo):
    assert [r["sequence"] for r in results(api, "rounds/", search="130 minutes")] == [2]


def test_people_detail_lists_their_rounds(api, demo):
    akazawa = detail(api, "people/ryosei-akazawa/")
    assert (akazawa["office"], [r["sequence"] for r in akazawa["rounds"]]) == (
        "Minister for Economic Revitalization",
        [1, 2, 3, 4, 5, 6, 8],
    )


def test_people_filter_by_economy(api, demo):
    assert {p["slug"] for p in results(api, "people/", economy="USA")} == {
        "donald-trump",
        "scott-bessent",
        "jamieson-greer",
        "howard-lutnick",
    }


def test_sources_filter_by_kind(api, demo):
    official = results(api, "sources/", kind="official")
    assert {s["publisher"] for s in official} == {
        "Federal Register",
        "Executive Office of the President",
        "Supreme Court of the United States",
    }
    assert len(official) == 8


def test_a_measure_detail_embeds_history_and_scope(api, demo):
    reciprocal = Measure.objects.get(title__contains="from Japan")
    body = detail(api, f"measures/{reciprocal.pk}/")
    assert [(h["effective_on"], h["published_on"], h["status"]) for h in body["history"]] == [
        ("2025-04-09", "2025-04-02", "in_force"),
        ("2025-04-10", "2025-04-09", "paused"),
        ("2025-08-07", "2025-07-31", "in_force"),
        ("2025-08-07", "2025-09-04", "modified"),
        ("2026-02-20", "2026-02-20", "struck_down"),
    ]
    assert [h["retroactive"] for h in body["history"]] == [False, False, False, True, False]
    assert body["history"][3]["form"] == "total"
    assert body["scope"] == [] and body["covers_all_products"] is True
    assert body["targets"] == ["JPN"]
    relations = {(r["kind"], Measure.objects.get(pk=r["other"]).title) for r in body["relations"]}
    assert ("replaces", "Universal 10% baseline tariff") in relations
    assert ("exempt_if_subject_to", "Section 232 duty on steel") in relations


def test_measures_filter_by_status_on_a_date(api, demo):
    paused = results(api, "measures/", status="paused", on="2025-04-10")
    assert [m["title"] for m in paused] == ["Reciprocal tariff on goods from Japan"]
    in_force_on_9_april = results(api, "measures/", status="in_force", on="2025-04-09")
    # Cars (3 April), aluminium and steel (12 March), the baseline (5 April), Japan (9 April).
    assert len(in_force_on_9_april) == 5


def test_measures_filter_by_the_hs_code_their_scope_covers(api, demo):
    titles = {m["title"] for m in results(api, "measures/", hs="870323")}
    assert titles == {
        "Section 232 duty on imported automobiles",
        "Section 232 autos and parts: Japan's 15% all-in rate",
        # On all products:
        "Universal 10% baseline tariff",
        "Reciprocal tariff on goods from Japan",
    }


def test_measures_filter_by_issuer_target_and_legal_basis(api, demo):
    aimed_at_japan = results(api, "measures/", issuer="USA", target="JPN", legal_basis="ieepa")
    # The baseline, Japan's reciprocal rate and its exemption for aircraft and medicines.
    assert len(aimed_at_japan) == 3
    assert results(api, "measures/", issuer="JPN") == []


def test_commodities_are_addressed_by_code(api, demo):
    car = detail(api, "commodities/870323/")
    assert (car["parent"], car["level"]) == ("8703", 6)
    assert {c["code"] for c in detail(api, "commodities/8703/")["children"]} == {"870323", "870324"}


def test_commodities_filter_within_a_chapter(api, demo):
    assert {c["code"] for c in results(api, "commodities/", within="0701")} == {"0701", "070190"}


def test_a_concession_detail_embeds_its_status_history(api, demo):
    rice = Concession.objects.get(commodity_id="1006")
    body = detail(api, f"concessions/{rice.pk}/")
    assert [(h["changed_on"], h["status"]) for h in body["status_history"]] == [
        ("2025-04-16", "under_consideration"),
        ("2025-07-22", "agreed"),
    ]
    # The report of Japan's consideration, and the report of the agreement.
    assert {s["publisher"] for s in body["sources"]} == {"ITC News", "The Yomiuri Shimbun"}
    assert len(body["sources"]) == 3


def test_concessions_filter_by_kind_status_and_parties(api, demo):
    considered = results(
        api,
        "concessions/",
        negotiation="japan-united-states-2025",
        giver="JPN",
        receiver="USA",
        kind="non_tariff",
        status="under_consideration",
    )
    # Reported at the fourth round as under consideration by Japan, and still so.
    assert {c["title"] for c in considered} == {
        "Streamlined certification of U.S. vehicles",
        "Shipbuilding cooperation",
    }


def test_concessions_filter_by_hs_code_above_or_below(api, demo):
    assert {c["commodity"] for c in results(api, "concessions/", hs="100630")} == {"1006"}
    assert {c["commodity"] for c in results(api, "concessions/", hs="03")} == {"03"}


def test_trade_flows_filter_by_parties_prefix_years_and_flow(api, demo):
    flows = results(
        api,
        "trade-flows/",
        reporter="USA",
        partner="JPN",
        hs="8703",
        year_min=2024,
        year_max=2024,
        flow="M",
    )
    assert {(f["commodity"], f["value_usd"]) for f in flows} == {
        ("870323", "25500000000.00"),
        ("870324", "12000000000.00"),
    }


def test_trade_flows_page_by_cursor(api, demo):
    first = api.get(f"{BASE}/trade-flows/", {"page_size": 5}).json()
    second = api.get(first["next"]).json()
    seen = [f["id"] for f in first["results"] + second["results"]]
    assert len(seen) == len(set(seen)) == 10 and "count" not in first


def test_lists_order_on_request(api, demo):
    titles = [m["title"] for m in results(api, "measures/", ordering="-title")]
    assert titles == sorted(titles, reverse=True)


def test_page_size_is_capped_at_500(api, demo):
    response = api.get(f"{BASE}/commodities/", {"page_size": 10_000})
    assert response.json()["count"] == len(response.json()["results"])


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("measures/", {"hs": "87A"}, "hs"),
        ("measures/", {"on": "2025-02-30", "status": "paused"}, "on"),
        ("trade-flows/", {"reporter": "ZZZ"}, "reporter"),
        ("concessions/", {"status": "maybe"}, "status"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_field(api, demo, path, params, field):
    response = api.get(f"{BASE}/{path}", params)
    assert response.status_code == 400
    assert field in response.json()


def test_an_unknown_address_under_the_api_is_a_json_404(api, db):
    response = api.get(f"{BASE}/no-such-thing/")
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json() == {"detail": "Not found."}


def test_an_unknown_record_is_a_json_404(api, demo):
    response = api.get(f"{BASE}/commodities/999998/")
    assert response.status_code == 404 and "detail" in response.json()


def test_a_wrong_method_is_a_json_405(editor_api, demo):
    response = editor_api.post(f"{BASE}/tariff-lookup/", {})
    assert response.status_code in (403, 405)
    response = editor_api.put(f"{BASE}/measures/", {}, format="json")
    assert response.status_code == 405 and "detail" in response.json()
