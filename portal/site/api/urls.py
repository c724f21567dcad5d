"""/api/v1/: mounted outside the language prefixes (the language is the `lang` parameter)."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from portal.site.api import publications, views

app_name = "api"

router = SimpleRouter()
router.register("offices", views.OfficeViewSet, basename="office")
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("objectives", views.ObjectiveViewSet, basename="objective")
router.register("country-actions", views.CountryActionViewSet, basename="countryaction")
router.register("publications", publications.PublicationViewSet, basename="publication")
router.register("pledges", views.PledgeViewSet, basename="pledge")
router.register("reviews", views.ReviewViewSet, basename="review")

urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    *router.urls,
    # Paths without a trailing slash are left to CommonMiddleware, which adds it (APPEND_SLASH).
    # [\s\S], not ".": a newline too, as in /api/v1/offices/%0A/.
    re_path(r"^(?:[\s\S]*/)?$", views.not_found, name="not_found"),
]
