"""Screenshots of editing an office's record for docs/editors-guide.md (docs/images/12-16).

Against a running demo portal, freshly loaded (see the README: load_demo, runserver):

    .venv/bin/python scripts/record_screenshots.py --url http://127.0.0.1:8100

Chromium logs in as the Norway office's editor, changes the office's e-mail address, previews the
office page in Norwegian and submits the change; then as the office's moderator, who finds it on
the dashboard, approves it and opens the record's history. It changes the demo's data as it goes
(the address is changed and approved), so run it once per fresh demo.
"""

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from guide_screenshots import CHROMIUM, IMAGES, PASSWORD, ROOT, around, log_in  # noqa: E402

NEW_EMAIL = "post.oslo@example.org"


def save(png_bytes, name):
    from guide_screenshots import save as save_reduced  # noqa: PLC0415

    save_reduced(png_bytes, name)
    # guide_screenshots names its files tr-NN-*.png: these belong to the editors' guide.
    made = IMAGES / f"tr-{name}.png"
    target = IMAGES / f"{name}.png"
    made.replace(target)
    print(f"  -> {target.relative_to(ROOT)}")


def open_actions(page):
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()
    page.wait_for_timeout(300)


def the_editor(page, url, office_id):
    page.goto(f"{url}/admin/snippets/offices/office/edit/{office_id}/")
    page.fill('input[name="email"]', NEW_EMAIL)
    page.locator('input[name="email"]').scroll_into_view_if_needed()
    open_actions(page)
    save(page.screenshot(), "12-office-record-submit")
    page.keyboard.press("Escape")
    page.locator("[data-side-panel-toggle='preview']").click()
    page.locator("select[name='preview-mode'], #id_preview_mode").first.select_option("nb")
    page.wait_for_timeout(1500)  # the preview reloads in its frame
    address = page.frame_locator("iframe").locator(f"a[href='mailto:{NEW_EMAIL}']")
    address.scroll_into_view_if_needed()
    address.evaluate("e => e.scrollIntoView({block: 'center'})")
    save(page.screenshot(), "13-office-record-preview")
    page.locator("[data-side-panel-toggle='preview']").click()
    open_actions(page)
    page.get_by_role("button", name=re.compile("Submit to .* moderation")).click()
    page.wait_for_load_state("networkidle")


def the_moderator(page, url, office_id):
    page.goto(f"{url}/admin/")
    section = "section:has-text('Awaiting your review')"
    page.set_viewport_size({"width": 1280, "height": 1400})
    save(page.screenshot(clip=around(page, section, main=True)), "14-office-record-awaiting")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{url}/admin/snippets/offices/office/edit/{office_id}/")
    page.locator('input[name="email"]').scroll_into_view_if_needed()
    open_actions(page)
    save(page.screenshot(), "15-office-record-approve")
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{url}/admin/snippets/offices/office/history/{office_id}/")
    save(page.screenshot(clip=around(page, "main h1", "table.listing")), "16-office-record-history")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8100")
    parser.add_argument("--office", type=int, default=1, help="the Norway office's id")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        the_editor(log_in(browser, args.url, "norway-editor", PASSWORD, 900), args.url, args.office)
        the_moderator(
            log_in(browser, args.url, "norway-moderator", PASSWORD, 900), args.url, args.office
        )
        browser.close()


if __name__ == "__main__":
    main()
