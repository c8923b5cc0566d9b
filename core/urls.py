from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("sources/<int:pk>/", views.source_detail, name="source"),
]
