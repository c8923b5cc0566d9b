"""Raw-SQL baselines for the duty engine, and checks that the engine agrees with them.

A baseline reads, with hand-written SQL, the rows the engine reads to answer (the measures
that touch the product and reach the partner, with their dated steps, scope and annex lines,
relations and partner exceptions; the national lines; the trade flows) and does nothing
else: it is the floor for getting those rows out of this database. The checks decide from
the same rows, in a few lines of Python, which measures the answer must show as applying
(or displaced by another: replaced, exempt, outranked), which as not applying, and which
not at all, and compare that with the engine's answer.
"""

import datetime as dt

from django.db import connection

APPLIED = ("in_force", "modified")
DISPLACED = ("replaced", "exempt", "outranked")

# A measure's rows as one JSON object: steps in the order they apply, scope and annex lines,
# relations, partner exceptions, sources.
MEASURE_JSON = """
json_build_object(
  'id', m.id, 'title', m.title, 'precedence', m.precedence,
  'all_products', m.covers_all_products, 'all_economies', m.applies_to_all_economies,
  'sources', ARRAY(SELECT s.source_id FROM tariffs_measure_sources s WHERE s.measure_id = m.id),
  'changes', (SELECT json_agg(json_build_array(
        c.effective_on, coalesce(c.published_on, c.effective_on), c.status, c.form,
        c.ad_valorem_rate::text, c.specific_rate::text, c.specific_unit, c.in_quota_form,
        c.in_quota_rate::text, c.out_of_quota_form, c.out_of_quota_rate::text,
        c.quota_volume::text, c.quota_unit, c.quota_period, c.quota_filled_on,
        c.chapter99_heading,
        ARRAY(SELECT cs.source_id FROM tariffs_measurechange_sources cs
              WHERE cs.measurechange_id = c.id))
        ORDER BY c.effective_on, coalesce(c.published_on, c.effective_on), c.id)
      FROM tariffs_measurechange c WHERE c.measure_id = m.id),
  'lines', (SELECT json_agg(json_build_array(
        l.commodity_id, l.excluded, l.annex, l.effective_from, l.effective_to))
      FROM tariffs_scopeline l WHERE l.measure_id = m.id),
  'relations', (SELECT json_agg(json_build_array(
        r.kind, r.other_id, r.effective_from, r.effective_to))
      FROM tariffs_measurerelation r WHERE r.measure_id = m.id),
  'exceptions', (SELECT json_agg(json_build_array(
        e.economy_id, e.effective_from, e.effective_to))
      FROM tariffs_partnerexception e WHERE e.measure_id = m.id)
)
"""

# The exporter and the unions it belongs to.
REACH_CTE = """
reach AS (
  SELECT %(exporter)s::integer AS id
  UNION SELECT u.from_economy_id FROM core_economy_members u
  WHERE u.to_economy_id = %(exporter)s
)
"""

# The importer's measures that reach the exporter (`%(touching)s`: and have a scope line,
# included or exempt, on any date, at or above the code, or cover all products).
MEASURES_SQL = f"""
SELECT {MEASURE_JSON} FROM tariffs_measure m
WHERE m.issuer_id = %(importer)s
  AND (NOT %(touching)s OR m.covers_all_products OR EXISTS (
        SELECT 1 FROM tariffs_scopeline s
        WHERE s.measure_id = m.id AND s.commodity_id = ANY(%(prefixes)s)))
  AND (m.applies_to_all_economies OR EXISTS (
        SELECT 1 FROM tariffs_measure_targets t
        WHERE t.measure_id = m.id AND t.economy_id IN (SELECT id FROM reach)))
"""

# One statement for a lookup: the measures, the lines of the revision in effect at or under
# the code (or the 8-digit line above a 10-digit code), the importer's annual imports of the
# product with a quantity (from the exporter and from all partners: the unit value), and the
# chapter 99 headings the measures' steps cite.
LOOKUP_SQL = f"""
WITH {REACH_CTE},
revision AS (
  SELECT r.id FROM tariffs_schedulerevision r
  WHERE r.importer_id = %(importer)s AND r.effective_from <= %(on)s
  ORDER BY r.effective_from DESC, r.id DESC LIMIT 1
),
found AS ({MEASURES_SQL})
SELECT
  (SELECT array_agg(id) FROM reach) AS reach,
  (SELECT json_agg(j) FROM found f(j)) AS measures,
  (SELECT json_agg(json_build_array(n.code, n.rate_line, n.general, n.description)
                   ORDER BY n.code)
   FROM tariffs_nationalline n
   WHERE n.revision_id = (SELECT id FROM revision)
     AND ((n.code >= %(code)s AND n.code < %(upper)s) OR n.code = %(parent)s)) AS lines,
  (SELECT json_agg(u) FROM (
     SELECT t.partner_id = %(exporter)s AS own, t.year, t.source, t.quantity_unit,
            t.commodity_id, sum(t.value_usd)::text AS value, sum(t.quantity)::text AS quantity
     FROM commodities_tradeflow t
     WHERE t.reporter_id = %(importer)s AND t.flow = 'M' AND t.month = 0
       AND t.commodity_id = ANY(%(hs6)s) AND t.quantity > 0 AND t.quantity_unit <> ''
     GROUP BY 1, 2, 3, 4, 5) u) AS unit_values,
  (SELECT json_agg(json_build_array(h.number, h.description, h.general))
   FROM tariffs_chapter99heading h JOIN tariffs_schedulerevision r ON r.id = h.revision_id
   WHERE r.importer_id = %(importer)s AND h.number IN (
     SELECT c.chapter99_heading FROM tariffs_measurechange c
     WHERE c.chapter99_heading <> '' AND c.measure_id IN (SELECT (j->>'id')::int FROM found f(j))
   )) AS headings
"""


def upper(code):
    """The first code after every code starting with `code`: "870323" -> "870324"."""
    return str(int(code) + 1).zfill(len(code))


def run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def lookup_baseline(importer, exporter, code, on):
    """(reach ids, measures, national lines, unit-value rows, headings) for one lookup."""
    params = {
        "importer": importer.pk,
        "exporter": exporter.pk,
        "touching": True,
        "prefixes": [code[:length] for length in range(2, len(code) + 1, 2)],
        "on": on,
        "code": code,
        "upper": upper(code),
        "parent": code[:8] if len(code) == 10 else "-",
        "hs6": sorted({code, code[:6]}),
    }
    reach, measures, lines, unit_values, headings = run(LOOKUP_SQL, params)[0]
    return set(reach), measures or [], lines or [], unit_values or [], headings or []


# --- What the rows say the answer must show -----------------------------------------------------


def day(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def in_effect(since, until, on):
    return (since is None or day(since) <= on) and (until is None or on < day(until))


def status_on(changes, on):
    """The measure's status on `on` as the law reads now: the latest step in force by then,
    an announcement counting only before the measure is in being; None before any step."""
    status = None
    for effective_on, _published, step, *_ in changes:
        if day(effective_on) > on:
            break
        if step == "announced" and status not in (None, "announced"):
            continue
        status = step
    return status


def expected_outcome(measure, code, on, reach):
    """'applies' (on its own), 'skipped' or 'absent' for `code` on `on`, from the rows."""
    changes = measure["changes"] or []
    included = excluding = None
    for commodity, excluded, _annex, since, until in measure["lines"] or []:
        if not code.startswith(commodity) or not in_effect(since, until, on):
            continue
        if excluded:
            if excluding is None or len(commodity) > len(excluding):
                excluding = commodity
        elif included is None or len(commodity) > len(included):
            included = commodity
    if included is None and not measure["all_products"]:
        return "absent"
    status = status_on(changes, on)
    if status is None:
        upcoming = any(day(c[0]) > on and day(c[1]) <= on for c in changes)
        return "skipped" if upcoming else "absent"
    if status not in APPLIED:
        return "skipped"
    for economy, since, until in measure["exceptions"] or []:
        if economy in reach and in_effect(since, until, on):
            return "skipped"
    if excluding is not None and (included is None or len(excluding) >= len(included)):
        return "skipped"
    return "applies"


def engine_outcomes(answer):
    """{measure id: 'applies' or 'skipped'} of a DutyAnswer; a measure displaced by another
    (replaced, exempt, outranked) applies on its own."""
    outcomes = {}
    for line in answer.lines:
        for layer in line.layers:
            outcomes[layer.measure.pk] = "applies"
    for skipped in answer.skipped:
        outcome = "applies" if skipped.reason in DISPLACED else "skipped"
        outcomes.setdefault(skipped.measure.pk, outcome)
    return outcomes


def lookup_disagreements(answer, baseline, code, on):
    """What differs between the engine's answer and the baseline's rows: measures whose
    outcome differs, and lines whose base rate text differs. Empty when they agree."""
    reach, measures, lines, _, _ = baseline
    engine = engine_outcomes(answer)
    differing = []
    for measure in measures:
        expected = expected_outcome(measure, code, on, reach)
        found = engine.get(measure["id"], "absent")
        if expected != found:
            differing.append(("measure", measure["id"], expected, found))
    known = {measure["id"] for measure in measures}
    differing += [
        ("measure", pk, "not read", found) for pk, found in engine.items() if pk not in known
    ]
    general = {line_code: text for line_code, _rate_line, text, _ in lines}
    for line in answer.lines:
        if line.revision is not None and general.get(line.code) != line.base_text:
            differing.append(("line", line.code, general.get(line.code), line.base_text))
    return differing


# --- The effective tariff rate ------------------------------------------------------------------

# The latest full year of annual HS6 imports from the exporter, from the preferred source that
# has it, by product and unit.
WEIGHTS_SQL = """
WITH flows AS (
  SELECT t.* FROM commodities_tradeflow t JOIN commodities_commodity c ON c.code = t.commodity_id
  WHERE t.reporter_id = %(importer)s AND t.partner_id = %(exporter)s AND t.flow = 'M'
    AND t.month = 0 AND c.level = 6
),
chosen AS (
  SELECT year, source FROM (SELECT DISTINCT year, source FROM flows) f
  ORDER BY year DESC, coalesce(array_position(%(preference)s::text[], source), 99) LIMIT 1
)
SELECT f.year, f.source, f.commodity_id, f.quantity_unit, sum(f.value_usd), sum(f.quantity)
FROM flows f JOIN chosen USING (year, source)
GROUP BY 1, 2, 3, 4
"""

# Each revision's rate lines under the products, for the revisions in effect by the end.
BASES_SQL = """
SELECT n.revision_id, left(n.code, 6), n.code, n.general
FROM tariffs_nationalline n
WHERE n.revision_id IN (
    SELECT r.id FROM tariffs_schedulerevision r
    WHERE r.importer_id = %(importer)s AND r.effective_from <= %(end)s)
  AND n.code = n.rate_line AND left(n.code, 6) = ANY(%(codes)s)
"""


def rate_baseline(importer, exporter, end):
    """(weights rows, measures, base rows): what the effective tariff rate reads."""
    from django.conf import settings

    weights = run(
        WEIGHTS_SQL,
        {
            "importer": importer.pk,
            "exporter": exporter.pk,
            "preference": list(settings.TRADE_SOURCE_PREFERENCE),
        },
    )
    measures = run(
        f"WITH {REACH_CTE} {MEASURES_SQL}",
        {"importer": importer.pk, "exporter": exporter.pk, "touching": False, "prefixes": []},
    )
    codes = sorted({row[2] for row in weights})
    bases = run(BASES_SQL, {"importer": importer.pk, "end": end, "codes": codes})
    return weights, [row[0] for row in measures], bases
