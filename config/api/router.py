from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from commodities.api.views import CommodityViewSet, TradeFlowViewSet
from core.api.exports import ExportViewSet
from core.api.tokens import LoginView, LogoutAllView, LogoutView
from core.api.views import EconomyViewSet, SourceViewSet
from negotiations.api.views import (
    AgreementViewSet,
    CommitmentViewSet,
    ConcessionViewSet,
    NegotiationViewSet,
    PersonViewSet,
    RoundViewSet,
)
from tariffs.api.rates import EffectiveRateView
from tariffs.api.views import MeasureViewSet, TariffLookupView

router = DefaultRouter()
router.register("economies", EconomyViewSet)
router.register("negotiations", NegotiationViewSet)
router.register("rounds", RoundViewSet)
router.register("people", PersonViewSet)
router.register("sources", SourceViewSet)
router.register("measures", MeasureViewSet)
router.register("commodities", CommodityViewSet)
router.register("concessions", ConcessionViewSet)
router.register("trade-flows", TradeFlowViewSet)
router.register("agreements", AgreementViewSet)
router.register("commitments", CommitmentViewSet)
router.register("exports", ExportViewSet, basename="export")

app_name = "api"
urlpatterns = [
    path("tariff-lookup/", TariffLookupView.as_view(), name="tariff-lookup"),
    path("effective-rate/", EffectiveRateView.as_view(), name="effective-rate"),
    path("auth/login/", LoginView.as_view(), name="login"),
    path("auth/logout/", LogoutView.as_view(), name="logout"),
    path("auth/logout-all/", LogoutAllView.as_view(), name="logout-all"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The page and its script apart, so that the Content Security Policy need allow no inline
    # script; the page's template has no inline style either.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("", include(router.urls)),
]
