"""A small catalogue of programmes for the finder, CSV and API tests, built once per module.

The `portal` fixture's office part (tests/support/portal.py `build_office`: Norway's office and
its "Voluntary return" programme, run from Norway, objective 5, a private-sector partner, origin
NG+SN, destination NL+BE, running), plus:

- a site-wide programme index under the home page;
- Finland's office (FI) with a programme index holding
  - "Counter-trafficking": Finland, objective 10, an NGO partner, no countries, completed;
  - "Joint return": Finland and Norway, objectives 5 and 21, origin AF, destination NO,
    planned, a Norwegian title;
  - "Zulu draft": matches every filter but was never published;
  - "Secret": matches every filter but sits behind a password.
"""

from wagtail.models import Page, PageViewRestriction

from tests.support import factories as f
from tests.support.portal import build_office, shared


def shared_catalogue(django_db_blocker):
    """The catalogue for a whole test module (tests/support/portal.py `shared`): built once,
    rolled back after the module; each test's changes are rolled back after it."""
    return shared(django_db_blocker, lambda: build_catalogue(build_office()))


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
