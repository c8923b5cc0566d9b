"""The site under /moved/, for tests of addresses under another URL configuration."""

from django.urls import include, path

urlpatterns = [path("moved/", include("config.urls"))]
