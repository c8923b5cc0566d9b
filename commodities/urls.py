from django.urls import path

from . import views

app_name = "commodities"
urlpatterns = [
    path("commodities/", views.browser, name="browser"),
    path("commodities/<str:code>/", views.commodity_detail, name="commodity"),
]
