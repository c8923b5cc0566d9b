from django.urls import path

from . import views

app_name = "tariffs"
urlpatterns = [
    path("measures/", views.MeasureListView.as_view(), name="measure-list"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("tariff-lookup/", views.tariff_lookup, name="lookup"),
]
