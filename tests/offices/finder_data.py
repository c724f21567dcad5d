"""A small catalogue of programmes for the finder, CSV and API tests, built once per module.

Like the `portal` fixture's office part (Norway's office and its "Voluntary return" programme,
run from Norway, objective 5, a private-sector partner, origin NG+SN, destination NL+BE,
running), plus:

- a site-wide programme index under the home page;
- Finland's office (FI) with a programme index holding
  - "Counter-trafficking": Finland, objective 10, an NGO partner, no countries, completed;
  - "Joint return": Finland and Norway, objectives 5 and 21, origin AF, destination NO,
    planned, a Norwegian title;
  - "Zulu draft": matches every filter but was never published;
  - "Secret": matches every filter but sits behind a password.
"""

from contextlib import contextmanager

from django.db import transaction
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site

from tests.support import factories as f


@contextmanager
def shared_catalogue(django_db_blocker):
    """The catalogue for a whole test module, in a transaction rolled back after the module:
    each test's own transaction is a savepoint inside it, so tests still cannot see each
    other's changes, and the database is left as it was found."""
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("en"):
        yield build_catalogue(build_portal())
        transaction.set_rollback(True)


def build_portal():
    """What the `portal` fixture (tests/conftest.py) holds that the finder needs."""
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = f.HomePageFactory(parent=root, title="Home", slug="home", title_nb="Hjem")
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    objective = f.ObjectiveFactory(number=5, title_en="Enhance pathways", title_nb="Lovlige veier")
    office = f.OfficeFactory(name_en="Norway", name_nb="Norge", country="NO", city_en="Oslo")
    partner = f.PartnerFactory(name_en="Business council", kind="private")
    offices_index = f.OfficeIndexPageFactory(
        parent=home, title="Where we work", slug="where-we-work"
    )
    office_page = f.CountryOfficePageFactory(
        parent=offices_index, title="Norway", slug="norway", office=office
    )
    programme_index = f.ProgrammeIndexPageFactory(
        parent=office_page, title="Programmes", slug="programmes"
    )
    voluntary = programme(
        programme_index,
        title="Voluntary return",
        slug="voluntary-return",
        offices=[office],
        partners=[partner],
        objectives=[objective],
    )
    return {
        "home": home,
        "objective": objective,
        "office": office,
        "partner": partner,
        "offices_index": offices_index,
        "office_page": office_page,
        "programme_index": programme_index,
        "programme": voluntary,
    }


def programme(parent, **kwargs):
    offices = kwargs.pop("offices", [])
    partners = kwargs.pop("partners", [])
    objectives = kwargs.pop("objectives", [])
    page = f.ProgrammePageFactory(parent=parent, **kwargs)
    page.offices.set(offices)
    page.partners.set(partners)
    page.objectives.set(objectives)
    page.save()
    return page


def build_catalogue(portal):
    home, norway = portal["home"], portal["office"]
    objective_5 = portal["objective"]
    objective_10 = f.ObjectiveFactory(number=10, title_en="Prevent trafficking")
    objective_21 = f.ObjectiveFactory(
        number=21, title_en="Return and readmission", title_nb="Retur og tilbaketaking"
    )
    finland = f.OfficeFactory(
        name_en="Finland", name_nb="Finland", country="FI", city_en="Helsinki"
    )
    ngo = f.PartnerFactory(name_en="Helping hands", kind="ngo")
    everything = f.PartnerFactory(name_en="Everyone", kind="un")

    site_index = f.ProgrammeIndexPageFactory(
        parent=home, title="All programmes", slug="all-programmes"
    )
    finland_page = f.CountryOfficePageFactory(
        parent=portal["offices_index"], title="Finland", slug="finland", office=finland
    )
    finland_index = f.ProgrammeIndexPageFactory(
        parent=finland_page, title="Programmes", slug="programmes"
    )
    counter = programme(
        finland_index,
        title="Counter-trafficking",
        slug="counter-trafficking",
        status="completed",
        countries_of_origin=[],
        countries_of_destination=[],
        offices=[finland],
        partners=[ngo],
        objectives=[objective_10],
    )
    joint = programme(
        finland_index,
        title="Joint return",
        title_nb="Felles retur",
        slug="joint-return",
        status="planned",
        countries_of_origin=["AF"],
        countries_of_destination=["NO"],
        offices=[finland, norway],
        objectives=[objective_5, objective_21],
    )
    hidden = {
        "countries_of_origin": ["NG", "AF"],
        "countries_of_destination": ["NO", "BE"],
        "offices": [finland, norway],
        "partners": [ngo, everything, portal["partner"]],
        "objectives": [objective_5, objective_10, objective_21],
    }
    draft = programme(finland_index, title="Zulu draft", slug="zulu-draft", live=False, **hidden)
    secret = programme(finland_index, title="Secret", slug="secret", **hidden)
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="hush"
    )
    return {
        **portal,
        "site_index": site_index,
        "finland": finland,
        "finland_page": finland_page,
        "finland_index": finland_index,
        "voluntary": portal["programme"],
        "counter": counter,
        "joint": joint,
        "draft": draft,
        "secret": secret,
        "objective_10": objective_10,
        "objective_21": objective_21,
        "ngo": ngo,
    }


def more_programmes(catalogue, n):
    """n more running programmes of Norway's office, each with its objective and partner."""
    parent = Page.objects.get(pk=catalogue["programme_index"].pk)  # fresh tree numbers
    for i in range(n):
        programme(
            parent,
            title=f"Extra {i:03}",
            slug=f"extra-{i:03}",
            offices=[catalogue["office"]],
            partners=[f.PartnerFactory()],
            objectives=[catalogue["objective"]],
        )


def url_of(page, lang="en"):
    with translation.override(lang):
        return page.get_url()
