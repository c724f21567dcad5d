"""The map of offices: projection, paths, framing, and the SVG the pages show."""

import math
import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string

from offices import map as office_maps
from offices.models import Office
from tests.support import factories as f
from tests.support.helpers import url_in

SVG = "{http://www.w3.org/2000/svg}"


def svg_of(html):
    """The page's one <svg> element, parsed as XML (so it must be well-formed)."""
    found = re.findall(r"<svg\b.*?</svg>", html, re.S)
    assert len(found) == 1
    return found[0], ET.fromstring(found[0])  # noqa: S314 - our own page, not untrusted input


def external_urls(svg_text):
    """Every address the SVG would fetch or lead to outside the site."""
    values = re.findall(r'(?:href|src|xlink:href)="([^"]*)"', svg_text)
    values += re.findall(r"url\(([^)]*)\)", svg_text)
    return [v for v in values if not v.startswith("/") or v.startswith("//")]


def office(code, covers=(), pk=None, name=None):
    """An unsaved office: the map needs only its country, what it covers and its name."""
    name = name or f"Office in {code}"
    return Office(pk=pk, name=name, name_en=name, country=code, covers=list(covers))


# --- Drawing, without the database ------------------------------------------------------------


def test_robinson_projection():
    assert office_maps.robinson(0, 0) == (0, 0)
    x, y = office_maps.robinson(180, 0)
    assert math.isclose(x, 0.8487 * math.pi) and y == 0
    assert office_maps.robinson(0, 90) == (0, 1.3523)
    assert office_maps.robinson(-30, -40) == tuple(-v for v in office_maps.robinson(30, 40))


def test_path_numbers_are_short_and_readable():
    assert [office_maps.number(n) for n in (23, -5, 10, 0, -120)] == ["2.3", "-.5", "1", "0", "-12"]
    assert office_maps.join_numbers(["1.5", ".5", "-2", "3", ".5"]) == "1.5.5-2 3 .5"
    d = office_maps.path_data([[(0, 0), (10, 0), (10, 10.04), (0, 10)]])
    assert d == "M0 0l10 0 0 10-10 0z"  # tenths rounded away: 10.04 is 10


def test_simplify_drops_points_on_a_straight_line():
    ring = [(0, 0), (5, 0.1), (10, 0), (10, 10), (5, 10), (0, 10)]
    assert office_maps.simplify(ring, 0.5) == [(0, 0), (10, 0), (10, 10), (0, 10)]
    assert office_maps.simplify(ring, 0.05) == [(0, 0), (5, 0.1), (10, 0), (10, 10), (0, 10)]


def test_a_small_country_is_framed_with_its_surroundings():
    x0, y0, x1, y1 = office_maps.frame(["BE"], aspect=1.6, min_width=0.55)
    assert math.isclose((x1 - x0) / (y1 - y0), 1.6)
    assert x1 - x0 >= 0.55
    bx0, by0, bx1, by1 = office_maps.shapes()["BE"].main
    assert x0 < bx0 and bx1 < x1 and y0 < by0 and by1 < y1
    assert office_maps.frame(["MT"], aspect=1.6) is None  # no shape at 1:110m


def test_offices_everywhere_fit_one_small_world_map():
    offices = [
        office("NO", ["SE", "IS"], pk=1),
        office("BR", ["AR", "UY", "PY"], pk=2),
        office("AU", ["NZ", "FJ"], pk=3),
        office("US", ["CA", "MX"], pk=4),
        office("ZA", ["LS", "SZ", "BW", "NA"], pk=5),
        office("TH", ["LA", "KH", "MM"], pk=6),
        office("LU", pk=7),
    ]
    urls = {o.pk: f"/en/where-we-work/{o.country.code.lower()}/" for o in offices}
    drawn = office_maps.office_map(offices, urls=urls)
    x0, _y0, x1, _y1 = office_maps.world()
    assert drawn.view_box.startswith("0 0 1000 ")
    assert [c.code for c in drawn.offices] == ["NO", "BR", "AU", "US", "ZA", "TH", "LU"]
    assert {c.code for c in drawn.covered} == {
        "SE", "IS", "AR", "UY", "PY", "NZ", "FJ", "CA", "MX", "LS", "SZ", "BW", "NA", "LA", "KH",
        "MM",
    }  # fmt: skip
    luxembourg = drawn.offices[-1]
    assert luxembourg.marker is not None  # too small to see on a world map: a round marker
    assert luxembourg.url == "/en/where-we-work/lu/"
    html = render_to_string(
        "components/office_map.html",
        {"office_map": drawn, "map_id": "world", "offices": None, "office": offices[0]},
    )
    svg_text, svg = svg_of(html)
    assert len(svg_text.encode()) < 60_000
    assert len(svg.findall(f".//{SVG}a")) == 7
    assert external_urls(svg_text) == []


def test_views_are_drawn_once_and_cached():
    offices = [office("FI", ["SE"], pk=1)]
    office_maps.office_map(offices)
    hits = office_maps.draw.cache_info().hits
    first = office_maps.office_map(offices)
    assert office_maps.draw.cache_info().hits == hits + 1
    assert office_maps.office_map(offices).land == first.land
    assert office_maps.shapes() is office_maps.shapes()


def test_no_map_without_a_country_to_draw():
    assert office_maps.office_map([office("MT", pk=1)]) is None
    assert office_maps.office_map([]) is None
    html = render_to_string("components/office_map.html", {"office_map": None})
    assert "<svg" not in html


# --- On the pages ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_offices_index_shows_the_map_and_its_text_alternative(client, portal):
    norway = portal["office"]
    norway.covers = ["SE", "IS"]
    norway.save()
    netherlands = f.OfficeFactory(name_en="Netherlands", country="NL", city_en="The Hague")
    nl_page = f.CountryOfficePageFactory(
        parent=portal["offices_index"], title="Netherlands", slug="netherlands", office=netherlands
    )
    html = client.get(portal["offices_index"].url).content.decode()
    svg_text, svg = svg_of(html)

    assert svg.get("role") == "group"  # a picture holding links: they stay reachable
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby") == title.get("id")
    assert svg.get("aria-describedby") == desc.get("id")
    assert title.text == "Map of our offices and the countries they cover"
    assert "Dark: a country with an office" in desc.text

    links = {a.get("href"): a for a in svg.iter(f"{SVG}a")}
    assert set(links) == {portal["office_page"].url, nl_page.url}
    assert links[portal["office_page"].url].get("aria-label") == "Norway (Norway)"
    assert links[nl_page.url].get("aria-label") == "Netherlands (Netherlands)"
    assert all(a.find(f"{SVG}path") is not None for a in links.values())
    covered_group = svg.find(f"{SVG}g[@class='office-map__covered']")
    covered = [g.find(f"{SVG}title").text for g in covered_group.findall(f"{SVG}g")]
    assert sorted(covered) == ["Iceland: covered by Norway", "Sweden: covered by Norway"]
    assert external_urls(svg_text) == []
    assert len(svg_text.encode()) < 30_000

    # The text alternative next to the map: every office, its country and what it covers.
    listed = re.search(r'<ul class="office-map__list">(.*?)</ul>', html, re.S).group(1)
    items = [
        " ".join(re.sub(r"<[^>]+>", "", item).split())
        for item in re.findall(r"<li>(.*?)</li>", listed, re.S)
    ]
    assert items == ["Netherlands: Netherlands", "Norway: Norway; also covers Iceland, Sweden"]
    assert f'<a href="{portal["office_page"].url}">Norway</a>' in listed


@pytest.mark.django_db
def test_country_office_page_shows_a_small_map_without_links(client, portal):
    norway = portal["office"]
    norway.covers = ["SE"]
    norway.save()
    html = client.get(portal["office_page"].url).content.decode()
    svg_text, svg = svg_of(html)
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Map of the countries Norway covers"
    assert svg.find(f".//{SVG}a") is None
    assert external_urls(svg_text) == []
    assert 'class="office-map office-map--small"' in html


@pytest.mark.django_db
def test_map_speaks_the_visitors_language(client, portal):
    portal["office"].covers = ["SE"]
    portal["office"].save()
    html = client.get(url_in(portal["offices_index"], "fr")).content.decode()
    _svg_text, svg = svg_of(html)
    (link,) = svg.iter(f"{SVG}a")
    assert link.get("aria-label") == "Norway (Norvège)"
    assert link.get("href").startswith("/fr/")
