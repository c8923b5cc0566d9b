from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.views import defaults

from .health import HealthView

urlpatterns = [
    path("api/v1/", include("config.api.router")),
    path("admin/", admin.site.urls),
    path("health/", HealthView.as_view(), name="health"),
    path("", include("negotiations.urls")),
    path("", include("tariffs.urls")),
    path("", include("commodities.urls")),
    path("", include("core.urls")),
]


def page_not_found(request, exception):
    """API clients get JSON for an unknown address too, not an HTML page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


handler404 = page_not_found
