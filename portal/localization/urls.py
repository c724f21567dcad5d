"""Admin URLs of the translation tools, mounted under /admin/translations/ (see admin_hooks)."""

from django.urls import path

from portal.localization import views

app_name = "translations"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("coverage.csv", views.coverage_csv, name="coverage_csv"),
    path("<str:model>/<str:language>/", views.drilldown, name="drilldown"),
]
