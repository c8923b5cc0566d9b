import datetime as dt

import django_tables2 as tables
from django.utils.html import format_html

from .models import Measure
from .wording import describe_rate


class MeasureTable(tables.Table):
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

    def __init__(self, *args, on=None, **kwargs):
        self.on = on or dt.date.today()
        super().__init__(*args, **kwargs)

    def render_targets(self, record):
        if record.applies_to_all_economies:
            return "All economies"
        return ", ".join(economy.iso3 for economy in record.targets.all()) or "—"

    def render_state(self, record):
        state = record.state_on(self.on)
        if state is None:
            later = record.next_step(self.on)
            if later is None:
                return format_html('<span class="status">{}</span>', "Not yet announced")
            return format_html(
                '<span class="status status-announced">Announced</span> for {}: {}',
                f"{later.effective_on:%Y-%m-%d}",
                describe_rate(record.state_on(later.effective_on)),
            )
        return format_html(
            '<span class="status status-{}">{}</span> {}',
            state.status,
            state.status_label,
            describe_rate(state),
        )
