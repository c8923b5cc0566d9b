from django.contrib import admin
from django.urls import include, path

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

# API clients get JSON for errors raised outside the API's views too (an unknown address, a
# request Django refuses, a server error); pages get Django's.
handler400 = "core.api.exceptions.bad_request"
handler403 = "core.api.exceptions.permission_denied"
handler404 = "core.api.exceptions.page_not_found"
handler500 = "core.api.exceptions.server_error"
