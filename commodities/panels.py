"""Panels that apps above this one add to a commodity's page.

The commodity page belongs here, but what touches a code (tariff measures, concessions) lives
in the apps above, which may not be imported from here. Each of them registers a panel:

    @commodity_panel(order=10)
    def measures(commodity):
        return "tariffs/panels/commodity_measures.html", {"measures": ...}

and the page renders every registered panel in order.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Panel:
    order: int
    build: object  # commodity -> (template name, context)


_panels: list[Panel] = []


def commodity_panel(order=100):
    """Register `build(commodity)`, which returns a template name and its context."""

    def register(build):
        if all(panel.build is not build for panel in _panels):
            _panels.append(Panel(order, build))
            _panels.sort(key=lambda panel: panel.order)
        return build

    return register


def render_panels(commodity, request=None):
    """The HTML of every registered panel for `commodity`, in order."""
    rendered = []
    for panel in _panels:
        template, context = panel.build(commodity)
        rendered.append(render_to_string(template, context, request=request))
    return rendered
