from django.urls import path

from . import views
from .feeds import EventsFeed, NegotiationFeed

app_name = "negotiations"
urlpatterns = [
    path("", views.home, name="home"),
    path("negotiations/", views.NegotiationListView.as_view(), name="negotiation-list"),
    path("negotiations/<slug:slug>/", views.negotiation_detail, name="negotiation"),
    path("negotiations/<slug:slug>/feed/", NegotiationFeed(), name="negotiation-feed"),
    path(
        "negotiations/<slug:slug>/effective-rate/",
        views.negotiation_rates,
        name="negotiation-rates",
    ),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round"),
    path("agreements/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("compare/", views.compare, name="compare"),
    path("search/", views.search, name="search"),
    path("feeds/events/", EventsFeed(), name="events-feed"),
]
