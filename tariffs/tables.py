import datetime as dt
from html import escape
from urllib.parse import urlencode

import django_tables2 as tables
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django_tables2.templatetags.django_tables2 import table_page_range

from core.markup import escaped
from core.paths import path_writer

from . import querysets
from .models import Measure
from .wording import describe_rate

EMPTY = "—"  # what a column shows for no value (django-tables2's default)

# The legal bases' labels, as `get_legal_basis_display` gives them.
LEGAL_BASES = {
    value: str(label) for value, label in Measure._meta.get_field("legal_basis").flatchoices
}


class MeasureTable(tables.Table):
    """The measures list. django-tables2 orders, paginates and writes the header and the
    page links; the rows are written by `rows_html`, one string per row, from the cells'
    own rules (`render_targets`, `render_state`), the measure's link and its legal basis."""

    title = tables.Column(linkify=True)
    issuer = tables.Column(accessor="issuer__iso3", verbose_name="Issuer")
    targets = tables.Column(empty_values=(), orderable=False, verbose_name="On goods from")
    legal_basis = tables.Column()
    state = tables.Column(empty_values=(), orderable=False, verbose_name="Status and rate")

    class Meta:
        model = Measure
        fields = ["title", "issuer", "targets", "legal_basis", "state"]
        attrs = {"class": "table", "tabindex": "0"}
        order_by = ("title",)
        template_name = "tariffs/measure_table.html"

    def __init__(self, *args, on=None, **kwargs):
        self.on = on or dt.date.today()
        super().__init__(*args, **kwargs)

    def render_targets(self, record):
        if record.applies_to_all_economies:
            return "All economies"
        return ", ".join(record.target_codes()) or EMPTY

    def render_state(self, record):
        return mark_safe(state_cell(record, self.on))

    def paginate(self, *args, **kwargs):
        """The page as django-tables2 cuts it, its measures read by `querysets.measure_page`
        from the table's filtered, ordered queryset."""
        super().paginate(*args, **kwargs)
        first, last = self.page.start_index(), self.page.end_index()
        self.page.object_list = querysets.measure_page(self.data.data, max(first - 1, 0), last)
        return self

    def header_html(self):
        """The table's head as django-tables2's template writes it: each column's header,
        a link that orders by it where it can order (`querystring_replace`'s address)."""
        if not self.show_header:
            return ""
        cells = []
        for column in self.columns:
            header = escaped(column.header)
            if column.orderable:
                address = self.query_with(self.prefixed_order_by_field, column.order_by_alias.next)
                header = f'<a href="{address}">{header}</a>'
            cells.append(f"<th {column.attrs['th'].as_html()}>\n{header}\n</th>")
        head = "\n".join(cells)
        return mark_safe(
            f"<thead {attributes(self.attrs, 'thead')}>\n<tr>\n{head}\n</tr>\n</thead>"
        )

    def pagination_html(self):
        """The page links as django-tables2's template writes them: previous, the range of
        pages (`table_page_range`, the current one marked, "..." for the gaps) and next."""
        page = getattr(self, "page", None)
        if page is None or self.paginator.num_pages <= 1:
            return ""
        field = self.prefixed_page_field
        links = []
        if page.has_previous():
            address = self.query_with(field, page.previous_page_number())
            links.append(
                f'<li class="previous">\n<a href="{address}">\n{gettext("previous")}\n</a>\n</li>'
            )
        if page.has_previous() or page.has_next():
            for number in table_page_range(page, self.paginator):
                active = 'class="active"' if number == page.number else ""
                if number == "...":
                    link = '<a href="#">...</a>'
                else:
                    link = f'<a href="{self.query_with(field, number)}">\n{number}\n</a>'
                links.append(f"<li {active}>\n{link}\n</li>")
        if page.has_next():
            address = self.query_with(field, page.next_page_number())
            links.append(f'<li class="next">\n<a href="{address}">\n{gettext("next")}\n</a>\n</li>')
        return mark_safe('<ul class="pagination">\n' + "\n".join(links) + "\n</ul>")

    def query_with(self, name, value):
        """This page's query string with `name` set to `value`, escaped (as
        `querystring_replace` writes it)."""
        params = dict(self.request.GET)
        params[name] = value
        return escape("?" + urlencode(params, doseq=True))

    def rows_html(self):
        """The rows of the page as the columns write them: the title linked to the measure,
        the issuer's code, the targets, the legal basis's label, the state; "even" and
        "odd" rows in turn."""
        rows = []
        if hasattr(self, "page"):
            measures = self.page.object_list
        else:
            measures = querysets.read_lists(row.record for row in self.rows)
        measure_path = path_writer("tariffs:measure")
        for index, measure in enumerate(measures):
            title = escaped(measure.title)
            cells = (
                f'<a href="{measure_path(measure.pk)}">{title}</a>' if measure.title else EMPTY,
                escaped(measure.issuer.iso3),
                escaped(self.render_targets(measure)),
                escaped(LEGAL_BASES.get(measure.legal_basis, measure.legal_basis) or EMPTY),
                state_cell(measure, self.on),
            )
            rows.append(
                f'<tr class="{"odd" if index % 2 else "even"}">'
                + "".join(f"<td>{cell}</td>" for cell in cells)
                + "</tr>"
            )
        if not rows and self.empty_text:
            columns = len(self.columns)
            rows.append(f'<tr><td colspan="{columns}">{escaped(self.empty_text)}</td></tr>')
        return mark_safe("\n".join(rows))


def state_cell(measure, on):
    """The measure's status and rate on `on` (HTML, escaped): its state then, or the step
    announced for later, or that nothing is announced yet."""
    state = measure.state_on(on)
    if state is None:
        later = measure.next_step(on)
        if later is None:
            return '<span class="status">Not yet announced</span>'
        rate = describe_rate(measure.state_on(later.effective_on))
        return (
            '<span class="status status-announced">Announced</span> for '
            f"{later.effective_on:%Y-%m-%d}: {escape(rate)}"
        )
    return (
        f'<span class="status status-{escape(state.status)}">{escape(str(state.status_label))}'
        f"</span> {escape(describe_rate(state))}"
    )


def attributes(attrs, name):
    """`{{ attrs.<name>.as_html }}` as a template writes it: nothing when there is none."""
    found = attrs.get(name)
    return found.as_html() if found is not None else ""
