"""The site's URLs, plus the baselines of bench/views.py under /bench/."""

from django.urls import include, path

from config.urls import handler400, handler403, handler404, handler500  # noqa: F401

from . import page_views, views

baselines = [
    path("api/measures/", views.measures, name="measures"),
    path("api/concessions/", views.concessions, name="concessions"),
    path("api/trade-flows/", views.trade_flows, name="trade-flows"),
    path("measures/", views.measure_page, name="measure-page"),
    path("negotiations/<slug:slug>/", views.negotiation_page, name="negotiation-page"),
    path("compare/", page_views.compare_page, name="compare-page"),
    path("tariff-lookup/", page_views.lookup_page, name="lookup-page"),
]

urlpatterns = [
    path("bench/", include((baselines, "bench"))),
    path("", include("config.urls")),
]
