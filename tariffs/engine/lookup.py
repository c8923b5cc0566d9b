"""The answer to "what duty does this product from this partner pay on this date, and why"."""

from ..expressions import parse
from ..models import Chapter99Heading
from .answer import DutyAnswer, LineAnswer
from .book import MeasureBook, reach_ids
from .layers import layer, needs_unit_value, sources_of, total
from .resolve import resolve
from .rows import cite
from .schedule import schedule_lines
from .unit_values import unit_value


def lookup_duty(importer, exporter, code, on, known_on=None, book=None):
    """The total duty on `code` from `exporter` into `importer` on `on`, for each national
    line at or under the code, as the law reads now (or as it read on `known_on`)."""
    reach = reach_ids(exporter)
    book = book or MeasureBook.load(importer, code=code, reach=reach)
    revision, groups = schedule_lines(importer, code, on)
    lines, skipped, note = [], {}, ""
    if not groups:
        note = (
            f"No national line for {code} in the schedule in effect on {on:%Y-%m-%d}."
            if revision
            else f"No schedule of {importer.iso3} is in effect on {on:%Y-%m-%d}."
        )
        targets = [(code, "", None, "", [])]
    else:
        targets = [
            (g.line.code, g.line.description, parse(g.line.general), g.line.general, g.statistical)
            for g in groups
        ]
    resolved = {}
    for line_code, *_ in targets:
        resolved[line_code] = resolve(
            book.candidates(line_code, reach), line_code, on, reach, known_on
        )
    # The unit value is read only when a specific rate needs it.
    states = [item.state for applying, _ in resolved.values() for item in applying]
    values = (
        unit_value(importer, exporter, code)
        if needs_unit_value([target[2] for target in targets], states)
        else None
    )
    mapping = values.as_mapping() if values else {}
    cite([item.measure for applying, _ in resolved.values() for item in applying])
    for line_code, description, base, base_text, statistical in targets:
        applying, not_applying = resolved[line_code]
        base_ave = base.ad_valorem_equivalent(mapping) if base is not None else None
        layers = [
            layer(item, base, base_ave, on, sources_of(item.measure, item.state))
            for item in applying
        ]
        result, ave, why = total(base, layers, mapping)
        lines.append(
            LineAnswer(
                code=line_code,
                description=description,
                revision=revision,
                base_text=base_text,
                base=base,
                layers=layers,
                statistical_lines=statistical,
                unit_value=values,
                total=result,
                total_ad_valorem=ave,
                not_computable=why,
            )
        )
        for entry in not_applying:
            skipped.setdefault(entry.measure.pk, entry)
    describe_headings(importer, [layer for line in lines for layer in line.layers])
    return DutyAnswer(importer, exporter, code, on, known_on, lines, list(skipped.values()), note)


def describe_headings(importer, layers):
    """Give each layer the text of its chapter 99 heading from the newest revision listing
    it, in one query."""
    numbers = {entry.heading for entry in layers if entry.heading}
    if not numbers:
        return
    texts = {}
    headings = (
        Chapter99Heading.objects.filter(revision__importer=importer, number__in=numbers)
        .order_by("number", "-revision__effective_from")
        .values_list("number", "description", "general")
    )
    for number, description, general in headings:
        texts.setdefault(number, f"{description} ({general})" if general else description)
    for entry in layers:
        entry.heading_text = texts.get(entry.heading, "")
