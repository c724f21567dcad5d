"""Images on public pages: WebP with a JPEG fallback in several widths, never the original file."""

import re

import pytest
import wagtail_factories
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection

from tests.support.portal import PAGE_KEYS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_portal")]

SRCSET_WIDTHS = re.compile(r"\s(\d+)w\b")  # "url 400w": not the "9w" a file name may hold


def make_image(width=1200, height=675, **kwargs):
    return wagtail_factories.ImageFactory(
        collection=Collection.get_first_root_node(),
        file__width=width,
        file__height=height,
        **kwargs,
    )


def image_block(image, alt="Layers of blue, like a fjord.", caption="The fjord at dusk"):
    return {"type": "image", "value": {"image": image.pk, "alt_text": alt, "caption": caption}}


def paragraph(text="Some words."):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def set_body(page, blocks):
    page.body_en = blocks
    page.save()


def html_of(client, page):
    response = client.get(page.get_url())
    assert response.status_code == 200
    return response.content.decode()


def pictures(html):
    return re.findall(r"<picture>.*?</picture>", html, flags=re.S)


def test_image_block_is_a_webp_picture_with_jpeg_fallback_widths_and_size(client, portal):
    image = make_image()
    set_body(portal["standard"], [paragraph(), paragraph(), image_block(image)])

    html = html_of(client, portal["standard"])

    [picture] = pictures(html)
    source = re.search(r"<source[^>]*>", picture).group(0)
    img = re.search(r"<img[^>]*>", picture).group(0)
    assert 'type="image/webp"' in source
    assert SRCSET_WIDTHS.findall(source) == ["400", "800", "1200"]
    assert source.count(".webp ") == 3
    assert SRCSET_WIDTHS.findall(re.search(r'srcset="([^"]*)"', img).group(1)) == [
        "400",
        "800",
        "1200",
    ]
    assert re.search(r'src="[^"]+\.jpg"', img)
    # Width and height of the fallback (400 px wide, 16:9) reserve the space before it loads.
    assert 'width="400"' in img and 'height="225"' in img
    assert 'alt="Layers of blue, like a fjord."' in img
    assert 'sizes="(min-width: 48rem) 46rem, calc(100vw - 2rem)"' in img
    assert 'loading="lazy"' in img  # third block of the body: below the fold
    assert "<figcaption>The fjord at dusk</figcaption>" in html


def test_an_image_at_the_top_of_the_body_is_not_lazy(client, portal):
    set_body(portal["article"], [image_block(make_image())])

    [picture] = pictures(html_of(client, portal["article"]))

    assert 'loading="eager"' in picture


def test_small_image_is_not_upscaled_and_has_no_duplicate_widths(client, portal):
    image = make_image(width=300, height=200)
    set_body(portal["standard"], [image_block(image)])

    [picture] = pictures(html_of(client, portal["standard"]))

    img = re.search(r"<img[^>]*>", picture).group(0)
    assert 'width="300"' in img and 'height="200"' in img
    assert "srcset" not in img  # one size only
    assert picture.count(".webp") == 1


def test_missing_alt_text_falls_back_to_the_image_description_or_empty(client, portal):
    described = make_image(description="A harbour at night.")
    plain = make_image()
    set_body(portal["standard"], [image_block(described, alt=""), image_block(plain, alt="")])

    html = html_of(client, portal["standard"])

    imgs = re.findall(r"<img[^>]*>", html)
    assert [re.search(r'alt="([^"]*)"', img).group(1) for img in imgs] == [
        "A harbour at night.",
        "",
    ]


def test_no_public_page_links_to_an_original_image_file(client, portal):
    image = make_image()
    for key in PAGE_KEYS:
        page = portal[key].specific
        if hasattr(page, "body_en"):
            set_body(page, [paragraph(), image_block(image)])

    shown = 0
    for key in PAGE_KEYS:
        html = html_of(client, portal[key])
        assert "original_images" not in html, key
        assert ".original." not in html, key
        shown += len(pictures(html))
    assert shown >= 5  # the check saw real pictures


def count_cold_queries(client, page):
    """Queries for a render with the renditions already made but not in the cache."""
    client.get(page.get_url())  # makes the renditions
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(page.get_url())
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_images_and_renditions_are_fetched_once_per_page(client, portal):
    page = portal["standard"]
    set_body(page, [image_block(make_image(800, 450))])
    one = count_cold_queries(client, page)

    set_body(page, [image_block(make_image(800, 450, title=f"Image {i}")) for i in range(3)])
    three = count_cold_queries(client, page)

    assert three == one
    assert len(pictures(html_of(client, page))) == 3
