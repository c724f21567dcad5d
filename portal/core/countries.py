"""ISO 3166-1 country codes, for database constraints on country fields."""

from django.db.models import Q
from django_countries.data import COUNTRIES

COUNTRY_CODES = sorted(COUNTRIES)


def valid_country(field_name):
    """A CHECK condition: the field holds a known ISO 3166-1 alpha-2 code."""
    return Q(**{f"{field_name}__in": COUNTRY_CODES})
