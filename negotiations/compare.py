"""Negotiations side by side: one column per negotiation, one row per fact.

The page and its CSV read the same rows, so they always agree. Every figure comes from its
home: the status and the day the record stops from the negotiation, the rates and the
concessions as the glance reads them (`rate_changes`, `standing`), the duty on autos, steel
and aluminium from the engine's product totals (`product_totals`) on the glance's two days,
a commitment's status from `Commitment.change_on`. The columns of a page are computed
together, in the same queries however many columns, parties, rounds, agreements and
commitments: each kind of row is read once for all of them.
"""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.template.defaultfilters import floatformat

from core.models import DataVersion
from core.templatetags.dates import day_text
from core.templatetags.money import format_amount, format_usd
from tariffs.engine.rates import product_totals

from . import querysets
from .glance import before_talks, concession_counts, party_pairs, rate_changes_of
from .models import Negotiation

MAX_COLUMNS = 4
# Commitments with an amount a column lists; the others are counted.
MAIN_COMMITMENTS = 8
# The products whose duty is compared: (row key, label, HS6 code).
PRODUCTS = (
    ("autos", "Autos: passenger cars, HS 8703.23", "870323"),
    ("steel", "Steel: hot-rolled flat, HS 7208.51", "720851"),
    ("aluminium", "Aluminium: unwrought, HS 7601.10", "760110"),
)


@dataclass(frozen=True)
class Line:
    """One line of a cell: its text, a link and a detail in a lighter type."""

    text: str
    url: str = ""
    detail: str = ""
    status: str = ""  # a status value, for its colour

    def __str__(self):
        return f"{self.text} ({self.detail})" if self.detail else self.text


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    cells: list  # one list of Lines per column


@dataclass
class Comparison:
    slugs: list  # as asked, without repeats
    negotiations: list = field(default_factory=list)  # found, in the order asked
    missing: list = field(default_factory=list)  # slugs not found
    facts: list = field(default_factory=list)

    @property
    def errors(self):
        found = []
        if len(self.slugs) > MAX_COLUMNS:
            found.append(
                f"Compare at most {MAX_COLUMNS} negotiations at a time: "
                f"{len(self.slugs)} were chosen."
            )
        if self.missing:
            found.append(f"No negotiation found for: {', '.join(self.missing)}.")
        return found

    @property
    def query(self):
        return urlencode([("n", slug) for slug in self.slugs])

    @property
    def filename(self):
        return f"compare-{'-'.join(n.slug for n in self.negotiations)}.csv"


def asked_slugs(values):
    """The slugs asked for, stripped, in order, each once."""
    slugs = []
    for value in values:
        value = value.strip()
        if value and value not in slugs:
            slugs.append(value)
    return slugs


def choices():
    """Every negotiation one can pick, as (slug, title), newest first."""
    return list(Negotiation.objects.values_list("slug", "title"))


def comparison(values, today=None):
    """The Comparison of the negotiations whose slugs are `values`; without facts when none
    is asked, more than MAX_COLUMNS are, or one is not found."""
    answer = Comparison(asked_slugs(values))
    if not answer.slugs or len(answer.slugs) > MAX_COLUMNS:
        return answer
    # With their parties: the page shows none of their rounds or sources.
    negotiations = Negotiation.objects.prefetch_related("parties")
    found = {n.slug: n for n in negotiations.filter(slug__in=answer.slugs)}
    answer.missing = [slug for slug in answer.slugs if slug not in found]
    if answer.missing:
        return answer
    answer.negotiations = [found[slug] for slug in answer.slugs]
    columns = cached_columns(answer.negotiations, today)
    answer.facts = [
        Fact(key, label, [cells[key] for cells in columns]) for key, label in fact_labels()
    ]
    return answer


def cached_columns(negotiations, today=None):
    """Each negotiation's column, kept in the cache until the data change (or the day does):
    only those missing are computed."""
    version = DataVersion.latest().timestamp()
    day = today or dt.date.today()
    keys = {n.pk: f"compare-column:{n.pk}:{version}:{n.as_of(today)}:{day}" for n in negotiations}
    kept = cache.get_many(keys.values())
    missing = [n for n in negotiations if keys[n.pk] not in kept]
    if missing:
        found = zip(missing, columns(missing, today), strict=True)
        computed = {keys[n.pk]: cells for n, cells in found}
        cache.set_many(computed, timeout=settings.PAGE_FRAGMENT_CACHE_SECONDS)
        kept |= computed
    return [kept[keys[n.pk]] for n in negotiations]


def columns(negotiations, today=None):
    """The column ({fact key: [Line]}) of each negotiation, in the same queries however many
    columns, parties, concessions and commitments: the concessions counted, the commitments,
    the effective rates and the product duties each read once for the page."""
    parties = {n.pk: list(n.parties.all()) for n in negotiations}
    asked = [(party_pairs(parties[n.pk]), before_talks(n), n.as_of(today)) for n in negotiations]
    rates = rate_changes_of(asked)
    duties = product_duties([rate for changes in rates for rate in changes])
    counts = concession_counts(negotiations)
    commitments = commitments_by_negotiation(negotiations)
    return [
        column(n, parties[n.pk], changes, counts[n.pk], commitments.get(n.pk, []), duties, today)
        for n, changes in zip(negotiations, rates, strict=True)
    ]


def fact_labels():
    return [
        ("parties", "Parties"),
        ("started", "Started"),
        ("ended", "Ended"),
        ("status", "Status"),
        ("items", "Asks and offers"),
        ("headline", "Headline rate: each party’s tariff on the other’s goods, as recorded"),
        *((key, f"{label}: duty before the talks → as recorded") for key, label, _ in PRODUCTS),
        ("commitments", "Main commitments"),
        ("rate_before", "Effective tariff rate before the talks"),
        ("rate_now", "Effective tariff rate as recorded"),
        ("duty_change", "Change in duty a year: as recorded against before the talks"),
    ]


def commitments_by_negotiation(negotiations):
    """{negotiation pk: its agreements' commitments, oldest agreement first}, in two queries."""
    found = {}
    commitments = (
        querysets.commitment_summaries()
        .filter(agreement__negotiation__in=[n.pk for n in negotiations])
        .select_related("agreement")
        .order_by("agreement__announced_on", "agreement_id", "pk")
    )
    for commitment in commitments:
        found.setdefault(commitment.agreement.negotiation_id, []).append(commitment)
    return found


def column(negotiation, parties, rates, counts, commitments, duties, today=None):
    """{fact key: [Line]} for one negotiation: `rates`, the RateChange of each pair of its
    parties (`rate_changes`); `counts`, its concessions by how they stand
    (`concession_counts`); `duties`, what `product_duties` gives for its rates."""
    as_of = negotiation.as_of(today)
    cells = {
        "parties": [Line(", ".join(party.name for party in parties) or "none recorded")],
        "started": [Line(day_text(negotiation.started_on))],
        "ended": [Line(day_text(negotiation.ended_on) if negotiation.ended_on else "—")],
        "status": [status_line(negotiation, as_of, today)],
        "items": [
            Line(
                f"{counts['agreed']} agreed, {counts['pending']} pending, "
                f"{counts['dropped']} dropped"
            )
        ],
        "headline": [headline_line(rate) for rate in rates] or [no_pair()],
        "commitments": commitment_lines(negotiation, commitments, as_of),
        "rate_before": [rate_line(r, r.before, r.before_on) for r in rates] or [no_pair()],
        "rate_now": [rate_line(r, r.now, r.now_on) for r in rates] or [no_pair()],
        "duty_change": [duty_change_line(r) for r in rates] or [no_pair()],
    }
    for key, _, code in PRODUCTS:
        cells[key] = [
            Line(
                f"{pair_name(rate)}: {percent(before[code])} → {percent(after[code])}",
                detail=f"{day_text(rate.before_on)} → {day_text(rate.now_on)}",
            )
            for rate in rates
            for before, after in [duty_pair(duties, rate)]
        ] or [no_pair()]
    return cells


def no_pair():
    return Line("—", detail="fewer than two parties recorded")


def pair_name(rate):
    return f"{rate.importer.name} on goods from {rate.exporter.name}"


def percent(value):
    return "not computable" if value is None else f"{floatformat(value, 1)} %"


def status_line(negotiation, as_of, today=None):
    detail = f"as recorded through {day_text(as_of)}" if negotiation.stops_before(today) else ""
    return Line(negotiation.get_status_display(), detail=detail, status=negotiation.status)


def headline_line(rate):
    """The glance card's figure: the importer's tariff on the exporter's goods now."""
    name = f"{rate.importer.name}’s tariff on goods from {rate.exporter.name}"
    return Line(f"{name}: {figure(rate, rate.now)}", detail=day_text(rate.now_on))


def figure(rate, month):
    """A month's rate as the glance writes it, or why there is none."""
    if month is not None and month.rate is not None:
        return percent(month.rate)
    if rate.year:
        share = floatformat(month.not_computable_share, 0) if month else "100"
        return f"no effective rate (no duty computable for {share} % of {rate.year} trade)"
    return "no data (no annual imports recorded)"


def rate_line(rate, month, day):
    return Line(f"{pair_name(rate)}: {figure(rate, month)}", detail=day_text(day))


def duty_change_line(rate):
    change = rate.duty_change_usd
    if change is None:
        return Line(f"{pair_name(rate)}: not computable")
    return Line(
        f"{pair_name(rate)}: {format_usd(change, signed=True)}",
        detail=f"on {rate.year} trade of {format_usd(rate.trade_value_usd)}",
    )


def product_duties(rates):
    """{(importer pk, exporter pk, day): {code: total duty}} of PRODUCTS, the importer's on
    the exporter's goods before the talks and as recorded, for every RateChange of `rates`
    (`product_totals`: at the unit values of the pair's trade weights, read once for all)."""
    asked = [
        (rate.importer, rate.exporter, day)
        for rate in rates
        for day in (rate.before_on, rate.now_on)
    ]
    return product_totals(asked, [code for _, _, code in PRODUCTS])


def duty_pair(duties, rate):
    """({code: total duty before the talks}, {code: as recorded}) of `rate`'s pair."""
    pair = rate.importer.pk, rate.exporter.pk
    return duties[(*pair, rate.before_on)], duties[(*pair, rate.now_on)]


def commitment_lines(negotiation, commitments, as_of):
    """Who commits to what, with its amount, unit, period and status on `as_of`: those with an
    amount, oldest agreement first, up to MAIN_COMMITMENTS; the rest are counted."""
    main = [c for c in commitments if c.amount is not None][:MAIN_COMMITMENTS]
    lines = [commitment_line(commitment, as_of) for commitment in main]
    rest = len(commitments) - len(main)
    if rest:
        lines.append(
            Line(
                f"{rest} more commitment{'s' if rest != 1 else ''} in the agreements",
                url=f"{negotiation.get_absolute_url()}#agreements-heading",
            )
        )
    return lines or [Line("none recorded")]


def commitment_line(commitment, as_of):
    amount = " ".join(
        part
        for part in (format_amount(commitment.amount, commitment.unit), commitment.period)
        if part
    )
    change = commitment.change_on(as_of)
    status = (
        f"{change.get_status_display()} since {day_text(change.changed_on)}"
        if change
        else "no status recorded"
    )
    return Line(
        f"{commitment.giver.name}: {commitment.description}",
        url=commitment.get_absolute_url(),
        detail=f"{amount}; {status}",
    )


def csv_rows(answer):
    """The header (the negotiations' titles), then one row per fact; a cell's lines are
    separated by new lines."""
    header = ["Fact", *(negotiation.title for negotiation in answer.negotiations)]
    return [
        header,
        *(
            [fact.label, *("\n".join(map(str, lines)) for lines in fact.cells)]
            for fact in answer.facts
        ),
    ]
