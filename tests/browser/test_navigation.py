"""The header navigation at a laptop's width: every item on one line, signed in or not; and the
guidance versions table stacked on a phone."""

import pytest

from .conftest import screenshot
from .test_reports import sign_in

pytestmark = pytest.mark.browser

NAV_ITEMS = ".govuk-service-navigation__item"


def item_tops(page):
    return page.eval_on_selector_all(NAV_ITEMS, "items => items.map(i => Math.round(i.offsetTop))")


def test_the_navigation_fits_on_one_line_at_1280_pixels_signed_in(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    anonymous = item_tops(page)
    labels = page.eval_on_selector_all(NAV_ITEMS, "items => items.map(i => i.innerText.trim())")
    screenshot(page, "navigation-1280")
    assert len(set(anonymous)) == 1, (
        f"navigation wraps for a visitor: {list(zip(labels, anonymous, strict=True))}"
    )
    sign_in(page, "admin", "demo-admin-2026", "/guidance/")
    page.goto("/guidance/")
    tops = item_tops(page)
    labels = page.eval_on_selector_all(NAV_ITEMS, "items => items.map(i => i.innerText.trim())")
    screenshot(page, "navigation-1280-signed-in")
    assert len(tops) >= len(anonymous), labels
    assert len(set(tops)) == 1, (
        f"navigation wraps when signed in: {list(zip(labels, tops, strict=True))}"
    )


def test_the_versions_table_stacks_on_a_phone(page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/guidance/mappa-guidance/versions/")
    row = page.locator(".app-version-table tbody tr").first
    cells = row.locator("th, td")
    lefts = [round(cells.nth(i).bounding_box()["x"]) for i in range(cells.count())]
    assert len(set(lefts)) == 1, f"cells side by side on a phone: {lefts}"
    note = row.locator("td[data-label='What changed']").bounding_box()
    assert note["width"] > 300
    scroll = page.eval_on_selector(".app-table-scroll", "el => el.scrollWidth <= el.clientWidth")
    assert scroll, "the table still scrolls sideways"
    screenshot(page, "versions-375")
