"""Screenshots of the translation tools for docs/translators-guide.md (docs/images/tr-NN-*.png).

Against a running demo portal (see the README: load_demo, rebuild_translation_memory, runserver):

    DATABASE_URL=sqlite:////tmp/guide.sqlite3 .venv/bin/python scripts/guide_screenshots.py \\
        --prepare --url http://127.0.0.1:8105

--prepare (run it with the server's DATABASE_URL) adds what the guide shows and the demo lacks:
a Finnish translator's account (`finnish-translator`, password `portal-demo`) and a published
English article, never translated, whose texts the translation memory partly knows (headings and
sentences of the Finnish-translated "Two years of the Global Compact" article), with a term of
the termbase, a forbidden term and a link. It is idempotent.

Then Chromium logs in as the translator (and as the admin for the termbase's TBX upload) and
saves the screenshots, cropped to the part each one is about and reduced to a palette.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "portal-demo"  # noqa: S105 - the demo's published password
TRANSLATOR = "finnish-translator"
ARTICLE_SLUG = "progress-on-trafficking-and-return"

ARTICLE_TITLE = "Anti-trafficking and return: progress"
ARTICLE_SUMMARY = (
    "How countries work with the International Organization for Migration on the Global "
    "Compact for Migration, and why nobody should be called an illegal migrant."
)
ARTICLE_BODY = [
    {"type": "heading", "value": {"text": "What two years have changed", "level": "h2"}},
    {
        "type": "paragraph",
        "value": (
            "<p>A report of the UN Secretary-General took stock two years after the adoption.</p>"
        ),
    },
    {
        "type": "paragraph",
        "value": "<p>Egypt and Serbia opened new shelters for victims of trafficking.</p>",
    },
    {
        "type": "paragraph",
        "value": (
            '<p>Read <a href="https://www.un.org/en/migration2022">the progress report</a> on '
            "the <b>2.7 million</b> migrants stranded in 2020.</p>"
        ),
    },
    {"type": "heading", "value": {"text": "Where the world fell behind", "level": "h2"}},
]


# --- preparation (Django) -------------------------------------------------------------------


def prepare():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django  # noqa: PLC0415 - only with --prepare

    django.setup()
    from django.contrib.auth.models import Group, User  # noqa: PLC0415
    from django.utils import translation  # noqa: PLC0415

    from portal.models import ArticlePage, NewsIndexPage  # noqa: PLC0415

    user, _created = User.objects.get_or_create(
        username=TRANSLATOR, defaults={"first_name": "Aino", "email": "aino@example.org"}
    )
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name="Translators: Finnish"))
    # Start each run from an untranslated article: delete the one an earlier run translated.
    ArticlePage.objects.filter(slug_en=ARTICLE_SLUG).delete()
    news = NewsIndexPage.objects.live().order_by("path").first()
    with translation.override("en"):
        article = ArticlePage(
            title_en=ARTICLE_TITLE,
            slug_en=ARTICLE_SLUG,
            summary_en=ARTICLE_SUMMARY,
            body_en=ARTICLE_BODY,
            author="Communications team",
        )
        news.add_child(instance=article)
        article.save_revision().publish()
    from django.contrib.contenttypes.models import ContentType  # noqa: PLC0415

    print(f"Prepared: user {TRANSLATOR!r}, article {article.pk} {ARTICLE_TITLE!r}.")
    content_type = ContentType.objects.get_for_model(ArticlePage)
    return {"pk": article.pk, "content_type": content_type.pk}


# --- screenshots (Playwright) -----------------------------------------------------------------


def save(png_bytes, name):
    """Reduced to a palette (text stays crisp without dithering), then written optimised."""
    from PIL import Image  # noqa: PLC0415

    with tempfile.NamedTemporaryFile(suffix=".png") as raw:
        raw.write(png_bytes)
        raw.flush()
        image = Image.open(raw.name).convert("RGB")
        image = image.quantize(colors=96, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        path = IMAGES / f"tr-{name}.png"
        image.save(path, optimize=True)
    print(f"  {path.relative_to(ROOT)} ({path.stat().st_size // 1024} kB)")


def around(page, *selectors, pad=12, main=True):
    """The clip holding the first element matched by each selector (and, with `main`, the
    whole width of the admin's main column)."""
    boxes = [page.locator(selector).first.bounding_box() for selector in selectors]
    left = min(b["x"] for b in boxes) - pad
    top = min(b["y"] for b in boxes) - pad
    right = max(b["x"] + b["width"] for b in boxes) + pad
    bottom = max(b["y"] + b["height"] for b in boxes) + pad
    if main:
        column = page.locator("main").first.bounding_box()
        left, right = column["x"], column["x"] + column["width"]
    return {"x": max(left, 0), "y": max(top, 0), "width": right - left, "height": bottom - top}


def shoot(page, name, *selectors, **options):
    """The part of the page around `selectors`, scrolled to the top of the window (the editor's
    buttons stay at the bottom of the window, over what is below)."""
    page.locator(selectors[0]).first.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.evaluate("window.scrollBy(0, -24)")
    page.wait_for_timeout(200)  # let the admin's scripts settle (tabs, sidebar)
    save(page.screenshot(clip=around(page, *selectors, **options)), name)


def log_in(browser, url, username, password, height=2000):
    page = browser.new_page(viewport={"width": 1280, "height": height})
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/admin/")
    return page


def the_dashboard(page, url):
    page.goto(f"{url}/admin/translations/")
    shoot(page, "01-dashboard", "main h1", ".tr-matrix tbody tr:nth-child(4)")
    page.goto(f"{url}/admin/translations/portal.ArticlePage/fi/")
    page.locator(f"tr:has(a:text('{ARTICLE_TITLE}')) input[type=checkbox]").check()
    shoot(page, "02-drilldown", "main h1", f"tr:has(a:text('{ARTICLE_TITLE}')) >> nth=2")
    shoot(page, "03-word-counts", ".tr-word-counts")


def the_editor(page, url, article):
    page.goto(f"{url}/admin/translations/edit/{article['content_type']}/{article['pk']}/fi/")
    shoot(page, "04-editor-terms", "main h1", "#field-summary")
    shoot(page, "05-exact-match", "#field-body .tr-editor-row >> nth=0")
    shoot(page, "06-fuzzy-match", "#field-body .tr-editor-row >> nth=2")
    page.get_by_role("button", name="Pre-fill from memory").click()
    page.wait_for_load_state()
    shoot(page, "07-prefilled", ".tr-prefill-bar", "#field-body .tr-editor-row >> nth=0")
    tokens = page.locator("#field-body textarea.tr-editor-tokens").nth(2)
    tokens.fill("{1}Lue {2}edistysraportti{/2} {3}2,7 miljoonasta{/3} siirtolaisesta.{/1}")
    shoot(page, "08-tokens", "#field-body .tr-editor-row >> nth=3")
    page.locator("#field-title input").fill("Ihmiskaupan torjunta ja paluu: edistystä")
    page.locator("#field-summary textarea").fill(
        "Miten maat tekevät yhteistyötä globaalin muuttoliikesopimuksen parissa, ja miksi "
        "sana laiton siirtolainen on väärä."
    )
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    shoot(page, "09-warnings", ".messages", "#field-summary", pad=16)


def the_files_page(page, url, article):
    page.goto(f"{url}/admin/translations/po/")
    page.locator("input[name=scope][value=page]").check()
    page.fill("input[name=page]", str(article["pk"]))
    page.select_option("select[name=format]", "xliff12")
    page.select_option("select[name=only]", "missing")
    shoot(page, "10-files-page", "main h1", "form:has(input[name=scope])")
    page.get_by_role("button", name="Count words").click()
    page.wait_for_load_state()
    shoot(page, "11-files-word-count", ".tr-word-counts")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download file").click()
    xliff = Path(download.value.path()).read_text(encoding="utf-8")
    translated = translate_xliff(xliff)
    with tempfile.NamedTemporaryFile("w", suffix=".xlf", encoding="utf-8", delete=False) as out:
        out.write(translated)
    page.goto(f"{url}/admin/translations/po/")
    page.set_input_files("input[type=file]", out.name)
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_load_state()
    shoot(page, "12-import-report", ".po-report")
    os.unlink(out.name)


def translate_xliff(text):
    """What a CAT tool gives back: the title translated and confirmed (state "translated"), the
    summary with a forbidden term (imported, with a warning); the pre-filled units left as they
    came (needs-review-translation: not imported)."""
    from lxml import etree  # noqa: PLC0415

    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    root = etree.fromstring(text.encode("utf-8"))  # noqa: S320 - our own export
    finnish = {
        ARTICLE_TITLE: "Ihmiskaupan torjunta ja paluu: edistystä",
        ARTICLE_SUMMARY: "Miten maat tekevät yhteistyötä IOM:n kanssa, ja miksi sana "
        "laiton siirtolainen on väärä.",
    }
    for unit in root.iterfind(".//x:trans-unit", ns):
        source = "".join(unit.find("x:source", ns).itertext())
        if source in finnish:
            target = unit.find("x:target", ns)
            if target is None:
                target = etree.SubElement(unit, f"{{{ns['x']}}}target")
            target.text = finnish[source]
            target.set("state", "translated")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8")


def the_memory_and_termbase(page, url, admin):
    page.goto(f"{url}/admin/translations/memory/")
    shoot(page, "13-memory", "main h1", "form[enctype]")
    page.goto(f"{url}/admin/snippets/portal/concept/?q=irregular")
    shoot(page, "14-termbase", "header", "table.listing", main=False)
    admin.goto(f"{url}/admin/translations/tbx/")
    shoot(admin, "15-tbx", "main h1", "main section:last-of-type")


def the_jobs(browser, url, password):
    """The demo's jobs: the French one as its translator, the Norwegian one as its reviewer."""
    french = log_in(browser, url, "fr-translator", password)
    french.goto(f"{url}/admin/translations/jobs/")
    french.get_by_role("link", name="French:").first.click()
    shoot(french, "16-job", "main h1", "section[aria-labelledby=job-history]")
    french.locator("table.listing a").first.click()
    shoot(french, "17-job-editor", ".tr-job-bar", "#tr-editor .tr-editor-field")
    norwegian = log_in(browser, url, "nb-reviewer", password)
    norwegian.goto(f"{url}/admin/translations/jobs/")
    norwegian.get_by_role("link", name="Norwegian:").first.click()
    norwegian.get_by_role("link", name="Review").click()
    shoot(norwegian, "18-job-review", "main h1", "#tr-review")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8105")
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--user", default=TRANSLATOR)
    parser.add_argument("--admin", default="admin")
    parser.add_argument("--password", default=PASSWORD)
    args = parser.parse_args()
    if args.prepare:
        article = prepare()
    else:
        parser.error("--prepare is needed: the screenshots follow the article it makes")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    IMAGES.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = log_in(browser, args.url, args.user, args.password)
        admin = log_in(browser, args.url, args.admin, args.password)
        the_dashboard(page, args.url)
        the_editor(page, args.url, article)
        the_files_page(page, args.url, article)
        the_memory_and_termbase(page, args.url, admin)
        the_jobs(browser, args.url, args.password)
        browser.close()


if __name__ == "__main__":
    main()
