"""The offices as the translation tools' scopes (portal/localization/scopes.py): an office's
scope is its country office page with everything under it, and its own record."""

from offices.models import CountryOfficePage, Office
from portal.localization.scopes import ScopeProvider


class OfficeScopes(ScopeProvider):
    model = Office

    def all(self):
        return Office.objects.order_by("name")

    def with_pages(self):
        return Office.objects.filter(page__isnull=False).order_by("name")

    def get(self, pk):
        return Office.objects.filter(pk=pk).first()

    def find(self, code):
        return (
            Office.objects.filter(country=code.upper(), page__isnull=False).order_by("pk").first()
        )

    def code(self, scope):
        return scope.country.code

    def root_page(self, scope):
        return scope.page

    def root_paths(self):
        return dict(CountryOfficePage.objects.values_list("office_id", "path"))

    def at(self, paths):
        office_page = (
            CountryOfficePage.objects.filter(path__in=paths).select_related("office").first()
        )
        return office_page.office if office_page is not None else None

    def of_user(self, user):
        return Office.objects.filter(office_groups__group__user=user).distinct()

    def languages(self, scope):
        return list(scope.languages)
