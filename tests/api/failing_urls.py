"""The site's addresses plus two API views that fail outside DRF's handling, to show what a
client gets from Django's own error views under /api/."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny

from config.urls import *  # noqa: F403 (the site's addresses and error views)
from config.urls import urlpatterns as site


@api_view(["GET"])
@permission_classes([AllowAny])
def broken(request):
    raise RuntimeError("a bug")


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("api/v1/broken/", broken),
    path("api/v1/forbidden/", forbidden),
    path("broken-page/", lambda request: 1 / 0),
    *site,
]
