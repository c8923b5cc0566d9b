"""Baselines: the rows an endpoint or a page shows, read with raw SQL and written out directly.

No ORM, no serializer, no template, no filter or permission layer: what is left is the floor
for serving those rows from this database through Django. The benchmarks compare the real
endpoints and pages with these, measured in the same run, on the same server.
"""

import datetime as dt
import json

from django.db import connection
from django.http import Http404, HttpResponse
from django.utils.html import escape

API_PAGE_SIZE = 100
PAGE_SIZE = 50  # the measures page shows 50 rows


def rows(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def scalar(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def text(value):
    """Decimals as strings and datetimes in ISO 8601 with Z, as the API writes them."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    return str(value)


def json_response(document):
    return HttpResponse(
        json.dumps(document, separators=(",", ":"), default=text), content_type="application/json"
    )


def page_size(request, default=API_PAGE_SIZE):
    try:
        return max(1, min(500, int(request.GET.get("page_size", default))))
    except ValueError:
        return default


def page_number(request):
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


# A measure's steps up to a date, in the order they apply (border date, publication, entry),
# with the fields the state carries; `measure_state` folds them as `tariffs.state` does.
STATE_FIELDS = (
    "form",
    "ad_valorem_rate",
    "specific_rate",
    "specific_unit",
    "in_quota_form",
    "in_quota_rate",
    "out_of_quota_form",
    "out_of_quota_rate",
)
MEASURE_STATE = """
    ARRAY(SELECT ARRAY[c.status, c.form, c.ad_valorem_rate::text, c.specific_rate::text,
                       c.specific_unit, c.in_quota_form, c.in_quota_rate::text,
                       c.out_of_quota_form, c.out_of_quota_rate::text]
          FROM tariffs_measurechange c
          WHERE c.measure_id = m.id AND c.effective_on <= %(on)s
          ORDER BY c.effective_on, coalesce(c.published_on, c.effective_on), c.id) AS steps,
    ARRAY(SELECT t.iso3 FROM tariffs_measure_targets mt
          JOIN core_economy t ON t.id = mt.economy_id
          WHERE mt.measure_id = m.id ORDER BY t.name) AS targets
"""

# The page's rows are chosen first: PostgreSQL computes a select list's subqueries for the
# rows an OFFSET skips too.
PAGE_OF_MEASURES = (
    "SELECT id FROM tariffs_measure ORDER BY title, id LIMIT %(limit)s OFFSET %(offset)s"
)


def measure_state(steps):
    """{status, form, rates...} after `steps` (rows of MEASURE_STATE), or None before the
    first: the latest status, each field as last set; an announcement made while the measure
    is in being changes nothing until the next step, which brings its values in."""
    state, waiting = None, {}
    for status, *values in steps or ():
        values = {
            name: value
            for name, value in zip(STATE_FIELDS, values, strict=True)
            if value not in (None, "")
        }
        if status == "announced" and state is not None and state["status"] != "announced":
            waiting.update(values)
            continue
        state = {**(state or {"form": "adds"}), **waiting, **values, "status": status}
        waiting = {}
    return state


def state_text(state):
    """The state in a few words: status, form and the rates set (a page's cell)."""
    if state is None:
        return "Not yet announced"
    rates = " ".join(
        f"{name} {state[name]}"
        for name in STATE_FIELDS[1:]
        if name in state and name != "specific_unit"
    )
    return f"{state['status']} ({state['form']}) {rates} {state.get('specific_unit', '')}".strip()


def measures(request):
    """GET /api/v1/measures/ (the brief list), one page."""
    size, number = page_size(request), page_number(request)
    found = rows(
        f"""
        SELECT m.id, m.title, i.iso3 AS issuer, m.applies_to_all_economies, m.legal_basis,
               m.precedence, {MEASURE_STATE}
        FROM ({PAGE_OF_MEASURES}) page
        JOIN tariffs_measure m ON m.id = page.id JOIN core_economy i ON i.id = m.issuer_id
        ORDER BY m.title, m.id
        """,
        {"on": dt.date.today(), "limit": size, "offset": (number - 1) * size},
    )
    count = scalar("SELECT count(*) FROM tariffs_measure")
    results = []
    for row in found:
        state = measure_state(row["steps"]) or {}
        results.append(
            {
                "url": request.build_absolute_uri(f"/api/v1/measures/{row['id']}/"),
                "id": row["id"],
                "title": row["title"],
                "issuer": row["issuer"],
                "targets": row["targets"],
                "applies_to_all_economies": row["applies_to_all_economies"],
                "legal_basis": row["legal_basis"],
                "precedence": row["precedence"],
                "status": state.get("status"),
                "form": state.get("form"),
                "ad_valorem_rate": state.get("ad_valorem_rate"),
            }
        )
    return json_response(paged(request, count, number, size, results))


def paged(request, count, number, size, results):
    following = None
    if number * size < count:
        following = request.build_absolute_uri(f"?page={number + 1}&page_size={size}")
    return {"count": count, "next": following, "previous": None, "results": results}


def concessions(request):
    """GET /api/v1/concessions/ (the brief list), one page."""
    size, number = page_size(request), page_number(request)
    found = rows(
        """
        SELECT c.id, n.slug AS negotiation, c.round_id AS round, g.iso3 AS giver,
               r.iso3 AS receiver, c.commodity_id AS commodity, c.kind, c.title, c.amount,
               c.amount_unit, c.status
        FROM negotiations_concession c
        JOIN negotiations_negotiation n ON n.id = c.negotiation_id
        JOIN core_economy g ON g.id = c.giver_id
        JOIN core_economy r ON r.id = c.receiver_id
        ORDER BY c.negotiation_id, c.giver_id, c.commodity_id, c.id
        LIMIT %s OFFSET %s
        """,
        [size, (number - 1) * size],
    )
    count = scalar("SELECT count(*) FROM negotiations_concession")
    for row in found:
        row["url"] = request.build_absolute_uri(f"/api/v1/concessions/{row['id']}/")
    return json_response(paged(request, count, number, size, found))


def trade_flows(request):
    """GET /api/v1/trade-flows/, the newest first, one page (by cursor: no count)."""
    size = page_size(request)
    before = request.GET.get("before")
    found = rows(
        """
        SELECT t.id, t.source, r.iso3 AS reporter, p.iso3 AS partner, t.commodity_id AS commodity,
               t.year, t.month, t.flow, t.value_usd, t.quantity, t.quantity_unit, t.fetched_at
        FROM commodities_tradeflow t
        JOIN core_economy r ON r.id = t.reporter_id
        JOIN core_economy p ON p.id = t.partner_id
        WHERE %s::bigint IS NULL OR t.id < %s::bigint
        ORDER BY t.id DESC LIMIT %s
        """,
        [before, before, size],
    )
    for row in found:
        row["url"] = request.build_absolute_uri(f"/api/v1/trade-flows/{row['id']}/")
    following = (
        request.build_absolute_uri(f"?before={found[-1]['id']}&page_size={size}")
        if len(found) == size
        else None
    )
    return json_response({"next": following, "previous": None, "results": found})


# --- Pages --------------------------------------------------------------------------------------


def html_page(title, body):
    return HttpResponse(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )


def table(header, lines):
    head = "".join(f"<th>{escape(name)}</th>" for name in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell if cell is not None else '')}</td>" for cell in line)
        for line in lines
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def measure_page(request):
    """GET /measures/: the first 50 measures by title, with their status and rate today."""
    number = page_number(request)
    found = rows(
        f"""
        SELECT m.id, m.title, i.iso3 AS issuer, m.applies_to_all_economies, m.legal_basis,
               {MEASURE_STATE}
        FROM ({PAGE_OF_MEASURES}) page
        JOIN tariffs_measure m ON m.id = page.id JOIN core_economy i ON i.id = m.issuer_id
        ORDER BY m.title, m.id
        """,
        {"on": dt.date.today(), "limit": PAGE_SIZE, "offset": (number - 1) * PAGE_SIZE},
    )
    count = scalar("SELECT count(*) FROM tariffs_measure")
    lines = [
        (
            row["title"],
            row["issuer"],
            "All economies" if row["applies_to_all_economies"] else ", ".join(row["targets"]),
            row["legal_basis"],
            state_text(measure_state(row["steps"])),
        )
        for row in found
    ]
    header = ("Title", "Issuer", "On goods from", "Legal basis", "Status and rate")
    return html_page("Tariff measures", f"<p>{count} measures</p>{table(header, lines)}")


def negotiation_page(request, slug):
    """GET /negotiations/<slug>/: the rows the page reads, each table in one query."""
    negotiation = rows(
        "SELECT id, title, status, started_on, ended_on, summary "
        "FROM negotiations_negotiation WHERE slug = %s",
        [slug],
    )
    if not negotiation:
        raise Http404
    negotiation = negotiation[0]
    key = {"negotiation": negotiation["id"], "on": dt.date.today()}
    parties = rows(
        "SELECT e.id, e.name, e.iso3 FROM negotiations_negotiation_parties p "
        "JOIN core_economy e ON e.id = p.economy_id "
        "WHERE p.negotiation_id = %(negotiation)s ORDER BY e.name",
        key,
    )
    key["parties"] = [party["id"] for party in parties]
    rounds = rows(
        "SELECT id, sequence, title, start_date, city, status, outcome FROM negotiations_round "
        "WHERE negotiation_id = %(negotiation)s ORDER BY sequence",
        key,
    )
    said = rows(
        "SELECT s.said_on, p.name, s.quote FROM negotiations_statement s "
        "JOIN negotiations_round r ON r.id = s.round_id "
        "JOIN negotiations_person p ON p.id = s.speaker_id "
        "WHERE r.negotiation_id = %(negotiation)s ORDER BY s.said_on",
        key,
    )
    met = rows(
        "SELECT e.id, coalesce(e.date, r.start_date) AS day, e.description, "
        "ARRAY(SELECT p.name FROM negotiations_encounter_participants ep "
        "      JOIN negotiations_person p ON p.id = ep.person_id "
        "      WHERE ep.encounter_id = e.id) AS names "
        "FROM negotiations_encounter e JOIN negotiations_round r ON r.id = e.round_id "
        "WHERE r.negotiation_id = %(negotiation)s ORDER BY day",
        key,
    )
    board = rows(
        "SELECT c.id, c.title, c.kind, c.commodity_id, c.amount, c.amount_unit, c.status, "
        "g.name AS giver, r.iso3 AS receiver, "
        "ARRAY(SELECT s.changed_on::text || ' ' || s.status FROM "
        "      negotiations_concessionstatuschange s WHERE s.concession_id = c.id "
        "      ORDER BY s.changed_on, s.id) AS steps "
        "FROM negotiations_concession c "
        "JOIN core_economy g ON g.id = c.giver_id "
        "JOIN core_economy r ON r.id = c.receiver_id "
        "WHERE c.negotiation_id = %(negotiation)s ORDER BY g.name, c.title",
        key,
    )
    in_play = (
        "SELECT m.id FROM tariffs_measure m WHERE m.issuer_id = ANY(%(parties)s) AND "
        "(m.applies_to_all_economies OR EXISTS (SELECT 1 FROM tariffs_measure_targets t "
        " WHERE t.measure_id = m.id AND t.economy_id = ANY(%(parties)s)))"
    )
    changes = rows(
        "SELECT c.effective_on, c.status, c.ad_valorem_rate, m.title "
        "FROM tariffs_measurechange c JOIN tariffs_measure m ON m.id = c.measure_id "
        f"WHERE c.measure_id IN ({in_play}) ORDER BY c.effective_on",
        key,
    )
    measures = rows(
        f"SELECT m.id, m.title, {MEASURE_STATE} FROM tariffs_measure m "
        f"WHERE m.id IN ({in_play}) ORDER BY m.title",
        key,
    )
    key["year"] = scalar(
        "SELECT max(year) FROM commodities_tradeflow "
        "WHERE reporter_id = ANY(%(parties)s) AND month = 0",
        key,
    )
    flows = rows(
        "SELECT t.reporter_id, t.partner_id, t.source, t.commodity_id, sum(t.value_usd) AS value "
        "FROM commodities_tradeflow t JOIN commodities_commodity c ON c.code = t.commodity_id "
        "WHERE t.reporter_id = ANY(%(parties)s) AND t.partner_id = ANY(%(parties)s) "
        "AND t.flow = 'M' AND t.year = %(year)s AND t.month = 0 AND c.level = 6 "
        "GROUP BY 1, 2, 3, 4",
        key,
    )
    imports = {}
    for flow in flows:
        imports[flow["reporter_id"]] = imports.get(flow["reporter_id"], 0) + flow["value"]
    body = [
        f"<p>{escape(negotiation['status'])}. Parties: "
        f"{escape(', '.join(party['name'] for party in parties))}.</p>",
        table(
            ("Round", "Date", "City", "Status"),
            [
                (f"{r['sequence']}. {r['title']}", text(r["start_date"]), r["city"], r["status"])
                for r in rounds
            ],
        ),
        table(
            ("Date", "Event"),
            [
                *((text(e["day"]), " and ".join(e["names"]) + " met") for e in met),
                *((text(s["said_on"]), f"{s['name']}: {s['quote']}") for s in said),
                *((text(c["effective_on"]), f"{c['title']}: {c['status']}") for c in changes),
            ],
        ),
        table(
            ("Giver", "Concession", "Status", "Steps"),
            [(c["giver"], c["title"], c["status"], "; ".join(c["steps"])) for c in board],
        ),
        table(
            ("Measure", "Status and rate"),
            [(m["title"], state_text(measure_state(m["steps"]))) for m in measures],
        ),
        table(("Reporter", "Imports (USD)"), [(k, text(v)) for k, v in imports.items()]),
    ]
    return html_page(negotiation["title"], "".join(body))
