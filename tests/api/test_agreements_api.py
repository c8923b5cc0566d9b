"""Agreements and commitments in the API: brief lists, full details, filters, nested writes in
one transaction, the parties rule and who may write."""

import pytest

from core.models import Source
from negotiations.models import Agreement, Commitment, CommitmentStatusChange
from tariffs.models import Measure

from ..factories import EconomyFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1"
DEAL = "Japan–United States tariff agreement of 22 July 2025"
ORDER = "Executive Order 14345: Implementing the United States-Japan Agreement"


def results(api, path, **params):
    response = api.get(f"{BASE}/{path}", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def titles(api, **params):
    return [row["title"] for row in results(api, "agreements/", **params)]


def test_the_agreement_list_is_brief(api, demo):
    rows = results(api, "agreements/")
    assert [(r["title"], r["kind"], r["commitment_count"]) for r in rows] == [
        (DEAL, "framework", 5),
        (ORDER, "implementing_order", 3),
    ]
    assert rows[0]["parties"] == ["JPN", "USA"]
    assert "commitments" not in rows[0] and "summary" not in rows[0]


def test_an_agreement_detail_embeds_its_commitments_with_their_status_history(api, demo):
    order = Agreement.objects.get(title=ORDER)
    detail = api.get(f"{BASE}/agreements/{order.pk}/").json()
    assert detail["sources"][0]["title"].startswith("Executive Order 14345")
    assert {m["title"] for m in detail["measures"]} >= {"Reciprocal tariff on goods from Japan"}
    reciprocal = next(
        c for c in detail["commitments"] if c["description"].startswith("Reciprocal tariff")
    )
    assert (reciprocal["giver"], reciprocal["amount"], reciprocal["unit"]) == ("USA", "15.000", "%")
    assert reciprocal["status"] == "reversed"
    assert [(s["changed_on"], s["status"]) for s in reciprocal["status_history"]] == [
        ("2025-09-04", "announced"),
        ("2025-09-04", "implemented"),
        ("2026-02-20", "reversed"),
    ]
    assert reciprocal["status_history"][-1]["sources"][0]["publisher"] == (
        "Supreme Court of the United States"
    )


def test_agreements_filter_by_negotiation_party_kind_and_date(api, demo):
    assert titles(api, negotiation="japan-united-states-2025") == [DEAL, ORDER]
    assert titles(api, party="JPN") == [DEAL]
    assert titles(api, kind="implementing_order") == [ORDER]
    assert titles(api, announced_after="2025-08-01") == [ORDER]
    assert titles(api, announced_before="2025-08-01") == [DEAL]
    assert titles(api, negotiation="japan-united-states-2025", party="USA") == [DEAL, ORDER]


def descriptions(api, **params):
    return [row["description"][:24] for row in results(api, "commitments/", **params)]


def test_commitments_filter_by_agreement_giver_kind_and_status_on_a_date(api, demo):
    deal = Agreement.objects.get(title=DEAL)
    assert len(descriptions(api, agreement=deal.pk)) == 5
    assert descriptions(api, agreement=deal.pk, giver="USA") == ["15 % on Japanese goods, "]
    assert descriptions(api, kind="investment") == ["USD 550 bn of investment"]
    assert descriptions(api, status="reversed") == ["Reciprocal tariff on pro"]
    # Before the ruling the reciprocal rule was in place.
    assert descriptions(api, status="reversed", on="2026-02-19") == []
    implemented = descriptions(api, status="implemented", on="2025-09-10")
    assert implemented == [
        "15 % on Japanese goods, ",
        "Reciprocal tariff on pro",
        "No reciprocal duty (the ",
    ]
    rows = results(api, "commitments/", on="2025-09-10", giver="USA", agreement=deal.pk)
    assert [r["status"] for r in rows] == ["implemented"]
    assert descriptions(api, hs="100630") == ["US rice imports up 75 % "]


def test_a_bad_on_date_is_a_400(api, demo):
    response = api.get(f"{BASE}/commitments/", {"on": "10/09/2025"})
    assert response.status_code == 400


def new_agreement(**changes):
    deal_source = Source.objects.get(title__startswith="Japan-U.S. tariff agreement")
    autos = Measure.objects.get(title__startswith="Section 232 autos and parts")
    return {
        "negotiation": "japan-united-states-2025",
        "kind": "joint_statement",
        "title": "Joint statement on rice and autos",
        "announced_on": "2025-10-01",
        "parties": ["JPN", "USA"],
        "measure_ids": [autos.pk],
        "source_ids": [deal_source.pk],
        "commitments": [
            {
                "giver": "JPN",
                "kind": "quota",
                "description": "More US rice within the quota.",
                "amount": "75",
                "unit": "%",
                "products": ["1006"],
                "trade_reporter": "JPN",
                "trade_partner": "USA",
                "trade_unit": "t",
                "source_ids": [deal_source.pk],
                "status_history": [
                    {"changed_on": "2025-10-01", "status": "announced"},
                    {"changed_on": "2025-11-01", "status": "in_progress", "note": "Tender."},
                ],
            },
            {
                "giver": "USA",
                "kind": "tariff_change",
                "description": "15 % all-in on autos.",
                "amount": "15",
                "unit": "%",
                "measure_ids": [autos.pk],
            },
        ],
        **changes,
    }


def row_counts():
    return (
        Agreement.objects.count(),
        Commitment.objects.count(),
        CommitmentStatusChange.objects.count(),
        Agreement.history.count(),
        Commitment.history.count(),
    )


def test_an_editor_writes_an_agreement_with_its_commitments_in_one_request(editor_api, demo):
    before = row_counts()
    response = editor_api.post(f"{BASE}/agreements/", new_agreement(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["commitment_count"] == 2
    agreement = Agreement.objects.get(title="Joint statement on rice and autos")
    rice, autos = agreement.commitments.order_by("pk")
    assert (rice.giver.iso3, rice.amount, rice.trade_unit) == ("JPN", 75, "t")
    assert [p.code for p in rice.products.all()] == ["1006"]
    assert rice.status_on() == "in_progress"
    assert [s.publisher for s in rice.sources.all()] == ["The Yomiuri Shimbun"]
    assert [m.title for m in autos.measures.all()] == [
        "Section 232 autos and parts: Japan's 15% all-in rate"
    ]
    after = row_counts()
    assert after[:3] == (before[0] + 1, before[1] + 2, before[2] + 2)
    # Each write leaves history (the many-to-many fields add rows of their own).
    assert after[3] > before[3] and after[4] >= before[4] + 2


def test_a_bad_commitment_is_a_400_naming_its_field_and_nothing_is_written(editor_api, demo):
    payload = new_agreement()
    payload["commitments"][1]["unit"] = ""  # an amount without its unit
    before = row_counts()
    response = editor_api.post(f"{BASE}/agreements/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "commitments": [{}, {"unit": ["An amount needs its unit, e.g. USD bn, tonnes or %."]}]
    }
    assert row_counts() == before


def test_a_status_given_twice_on_one_day_is_a_400(editor_api, demo):
    payload = new_agreement()
    payload["commitments"][0]["status_history"].append(
        {"changed_on": "2025-10-01", "status": "announced"}
    )
    before = row_counts()
    response = editor_api.post(f"{BASE}/agreements/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "commitments": [{"status_history": ["Two changes share a date and a status."]}, {}]
    }
    assert row_counts() == before


def test_a_giver_who_is_not_a_party_is_a_400(editor_api, demo):
    payload = new_agreement(parties=["USA"])
    before = row_counts()
    response = editor_api.post(f"{BASE}/agreements/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "commitments": [{"giver": ["JPN is not a party of the agreement."]}, {}]
    }
    assert row_counts() == before


def test_a_party_outside_the_negotiation_is_a_400(editor_api, demo):
    EconomyFactory(iso3="KOR", name="Korea")
    response = editor_api.post(
        f"{BASE}/agreements/", new_agreement(parties=["JPN", "USA", "KOR"]), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"parties": ["KOR is not a party of the negotiation."]}


def test_a_round_of_another_negotiation_is_a_400(editor_api, demo):
    from ..factories import RoundFactory

    response = editor_api.post(
        f"{BASE}/agreements/", new_agreement(round=RoundFactory().pk), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"round": ["This round belongs to another negotiation."]}


def test_a_commitment_added_on_its_own_must_be_given_by_a_party(editor_api, demo):
    order = Agreement.objects.get(title=ORDER)
    payload = {
        "agreement": order.pk,
        "giver": "JPN",
        "kind": "purchase",
        "description": "Buy more.",
    }
    response = editor_api.post(f"{BASE}/commitments/", payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"giver": ["JPN is not a party of the agreement."]}
    response = editor_api.post(f"{BASE}/commitments/", payload | {"giver": "USA"}, format="json")
    assert response.status_code == 201, response.content


def test_narrowing_the_parties_cannot_leave_a_giver_outside(editor_api, demo):
    deal = Agreement.objects.get(title=DEAL)
    response = editor_api.patch(
        f"{BASE}/agreements/{deal.pk}/", {"parties": ["USA"]}, format="json"
    )
    assert response.status_code == 400
    assert "JPN" in response.json()["parties"][0]
    assert {p.iso3 for p in deal.parties.all()} == {"JPN", "USA"}


def test_updating_the_commitments_replaces_them(editor_api, demo):
    created = editor_api.post(f"{BASE}/agreements/", new_agreement(), format="json").json()
    response = editor_api.patch(
        created["url"],
        {"commitments": [{"giver": "USA", "kind": "other", "description": "Only this."}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert [c["description"] for c in response.json()["commitments"]] == ["Only this."]


@pytest.mark.parametrize("resource", ["agreements", "commitments"])
def test_anonymous_clients_and_analysts_cannot_write(api, analyst_api, demo, resource):
    order = Agreement.objects.get(title=ORDER)
    payload = (
        new_agreement()
        if resource == "agreements"
        else {"agreement": order.pk, "giver": "USA", "kind": "other", "description": "X."}
    )
    before = row_counts()
    assert api.post(f"{BASE}/{resource}/", payload, format="json").status_code in (401, 403)
    assert analyst_api.post(f"{BASE}/{resource}/", payload, format="json").status_code == 403
    assert analyst_api.get(f"{BASE}/{resource}/").status_code == 200
    assert row_counts() == before
