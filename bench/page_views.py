"""Baselines of the compare page and the lookup page: the rows each page shows, read with raw
SQL and written out as a plain HTML page (as `negotiation_page` and `measure_page` do)."""

import datetime as dt
from types import SimpleNamespace

from django.http import Http404
from django.utils.html import escape

from .duty_baseline import expected_outcome, lookup_baseline, upper
from .views import html_page, measure_state, rows, state_text, table, text

# The compare page's products (negotiations.compare.PRODUCTS).
PRODUCT_CODES = ("870323", "720851", "760110")
# How the glance counts concessions (negotiations.glance AGREED and DROPPED).
AGREED, DROPPED = ["agreed", "implemented"], ["withdrawn"]
MAIN_COMMITMENTS = 8


def prefixes(code):
    return [code[:length] for length in range(2, len(code) + 1, 2)]


# The touching measures of an importer on an exporter's goods: their steps and scope lines.
PAIR_MEASURES = """
WITH reach AS (
  SELECT %(exporter)s::integer AS id
  UNION SELECT u.from_economy_id FROM core_economy_members u WHERE u.to_economy_id = %(exporter)s
)
SELECT m.id, m.title, m.covers_all_products,
  ARRAY(SELECT s.commodity_id FROM tariffs_scopeline s WHERE s.measure_id = m.id
        AND s.commodity_id = ANY(%(prefixes)s) AND NOT s.excluded) AS lines,
  {steps}
FROM tariffs_measure m
WHERE m.issuer_id = %(importer)s
  AND (m.covers_all_products OR EXISTS (SELECT 1 FROM tariffs_scopeline s
       WHERE s.measure_id = m.id AND s.commodity_id = ANY(%(prefixes)s)))
  AND (m.applies_to_all_economies OR EXISTS (SELECT 1 FROM tariffs_measure_targets t
       WHERE t.measure_id = m.id AND t.economy_id IN (SELECT id FROM reach)))
ORDER BY m.title
"""
STEPS = """
    ARRAY(SELECT ARRAY[c.effective_on::text, c.status, c.form, c.ad_valorem_rate::text,
                       c.specific_rate::text, c.specific_unit, c.in_quota_form,
                       c.in_quota_rate::text,
                       c.out_of_quota_form, c.out_of_quota_rate::text]
          FROM tariffs_measurechange c
          WHERE c.measure_id = m.id AND c.effective_on <= %(on)s
          ORDER BY c.effective_on, coalesce(c.published_on, c.effective_on), c.id) AS steps
"""


def steps_until(steps, day):
    """The steps (rows of STEPS) in effect by `day`, without their date."""
    return [step[1:] for step in steps if step[0] <= day.isoformat()]


def compare_page(request):
    """GET /compare/?n=..&n=..: per negotiation its parties, dates, status, concession counts,
    the effective rates of each pair of parties before the talks and now, the measures on
    the compared products with their state on both days, and its commitments with amounts.

    The effective rates are read through the site's rate cache (`effective_rate`), as the
    page reads them: the bench keeps that cache on both sides. The products' duties are not
    computed: the baseline reads the rows the engine reads for them (each pair's measures on
    the products, with their steps up to each day) and writes each measure's state."""
    from core.models import Economy
    from tariffs.engine.rate_cache import effective_rate

    slugs = list(dict.fromkeys(request.GET.getlist("n")))
    found = rows(
        """
        SELECT n.id, n.slug, n.title, n.status, n.started_on, n.ended_on,
               least(coalesce(n.recorded_through, current_date), current_date) AS as_of,
               ARRAY(SELECT e.id FROM negotiations_negotiation_parties p
                     JOIN core_economy e ON e.id = p.economy_id
                     WHERE p.negotiation_id = n.id ORDER BY e.name) AS parties,
               (SELECT count(*) FROM negotiations_concession c
                WHERE c.negotiation_id = n.id AND c.status = ANY(%(agreed)s)) AS agreed,
               (SELECT count(*) FROM negotiations_concession c
                WHERE c.negotiation_id = n.id AND c.status = ANY(%(dropped)s)) AS dropped,
               (SELECT count(*) FROM negotiations_concession c
                WHERE c.negotiation_id = n.id) AS items
        FROM negotiations_negotiation n WHERE n.slug = ANY(%(slugs)s)
        """,
        {"slugs": slugs, "agreed": AGREED, "dropped": DROPPED},
    )
    if not slugs or len(found) != len(slugs):
        raise Http404
    found.sort(key=lambda n: slugs.index(n["slug"]))
    economies = Economy.objects.in_bulk({pk for n in found for pk in n["parties"]})
    commitments = rows(
        """
        SELECT a.negotiation_id, g.name AS giver, c.description, c.amount, c.unit, c.period,
               (SELECT s.status || ' since ' || s.changed_on::text
                FROM negotiations_commitmentstatuschange s
                WHERE s.commitment_id = c.id AND s.changed_on <= n.as_of
                ORDER BY s.changed_on DESC, s.id DESC LIMIT 1) AS status
        FROM negotiations_commitment c
        JOIN negotiations_agreement a ON a.id = c.agreement_id
        JOIN (SELECT id, least(coalesce(recorded_through, current_date), current_date) AS as_of
              FROM negotiations_negotiation) n ON n.id = a.negotiation_id
        JOIN core_economy g ON g.id = c.giver_id
        WHERE a.negotiation_id = ANY(%(ids)s)
        ORDER BY a.announced_on, a.id, c.id
        """,
        {"ids": [n["id"] for n in found]},
    )
    codes = [prefix for code in PRODUCT_CODES for prefix in prefixes(code)]
    columns = []
    for negotiation in found:
        before_on = negotiation["started_on"] - dt.timedelta(days=1)
        parties = [economies[pk] for pk in negotiation["parties"]]
        pairs = [(i, e) for i in parties for e in parties if i.pk != e.pk]
        lines = [
            f"{negotiation['status']}; started {text(negotiation['started_on'])}, ended "
            f"{text(negotiation['ended_on']) or '—'}; as of {text(negotiation['as_of'])}",
            f"{negotiation['agreed']} agreed, "
            f"{negotiation['items'] - negotiation['agreed'] - negotiation['dropped']} pending, "
            f"{negotiation['dropped']} dropped",
        ]
        for importer, exporter in pairs:
            before = effective_rate(importer, exporter, before_on, before_on)
            now = effective_rate(importer, exporter, negotiation["as_of"], negotiation["as_of"])
            rates = [answer.months[0].rate if answer.months else None for answer in (before, now)]
            lines.append(f"{importer.name} on {exporter.name}: {rates[0]} → {rates[1]}")
            measures = rows(
                PAIR_MEASURES.format(steps=STEPS),
                {
                    "importer": importer.pk,
                    "exporter": exporter.pk,
                    "prefixes": codes,
                    "on": max(before_on, negotiation["as_of"]),
                },
            )
            for day in (before_on, negotiation["as_of"]):
                lines += [
                    f"{m['title']} ({', '.join(m['lines']) or 'all products'}) on {day}: "
                    f"{state_text(measure_state(steps_until(m['steps'], day)))}"
                    for m in measures
                ]
        mine = [c for c in commitments if c["negotiation_id"] == negotiation["id"]]
        main = [c for c in mine if c["amount"] is not None][:MAIN_COMMITMENTS]
        lines += [
            f"{c['giver']}: {c['description']} ({text(c['amount'])} {c['unit']} {c['period']}; "
            f"{c['status'] or 'no status recorded'})"
            for c in main
        ]
        lines.append(f"{len(mine) - len(main)} more commitments")
        columns.append((negotiation["title"], ", ".join(p.name for p in parties), lines))
    body = table(
        ("Negotiation", "Parties", "Facts"),
        [(title, names, " | ".join(lines)) for title, names, lines in columns],
    )
    return html_page("Compare negotiations", body)


def lookup_page(request):
    """GET /tariff-lookup/?importer=..&exporter=..&hs=..&date=..: the product, the national
    lines with their base rate and each measure that reaches the exporter and touches the
    product, with its outcome on the day (`lookup_baseline`: one statement). The page's form
    (its lists of economies) is not written, as `measure_page` writes no filters."""
    query = request.GET
    code = query.get("hs", "")
    on = dt.date.fromisoformat(query["date"]) if query.get("date") else dt.date.today()
    economies = {
        row["iso3"]: row
        for row in rows(
            "SELECT id, iso3, name FROM core_economy WHERE iso3 = ANY(%s)",
            [[query.get("importer"), query.get("exporter")]],
        )
    }
    if query.get("importer") not in economies or query.get("exporter") not in economies:
        raise Http404
    importer, exporter = economies[query["importer"]], economies[query["exporter"]]
    product = rows(
        "SELECT code, description FROM commodities_commodity WHERE code = ANY(%s) "
        "ORDER BY level DESC LIMIT 1",
        [prefixes(code)],
    )
    if not product:
        raise Http404
    reach, measures, lines, unit_values, headings = lookup_baseline(
        SimpleNamespace(pk=importer["id"]), SimpleNamespace(pk=exporter["id"]), code, on
    )
    outcomes = [
        (measure["title"], expected_outcome(measure, code, on, reach)) for measure in measures
    ]
    body = [
        f"<p>{escape(product[0]['code'])}: {escape(product[0]['description'])}</p>",
        table(("Line", "Base rate", "Description"), [(c, g, d) for c, _, g, d in lines]),
        table(("Measure", "Outcome"), [o for o in outcomes if o[1] != "absent"]),
        table(("Heading", "Description", "Rate"), headings),
        f"<p>{len(unit_values)} unit values; next code {upper(code)}</p>",
    ]
    title = f"{importer['name']} on HS {code} from {exporter['name']}, {on}"
    return html_page(title, "".join(body))
