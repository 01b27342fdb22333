"""The browser tests' own harness (casework/testing/browser.py): a click waits until the page it
acts on has finished loading, so no click lands on a page that its scripts are still moving."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser]

# As on Casework's pages, a module script runs once the page is parsed and changes its layout
# (GOV.UK Frontend's initAll folds the header's menu away on a phone); here it adds a banner
# above the button.
PAGE = """<!doctype html><html lang="en"><head><title>Loading</title>
<script type="module" src="/late.js"></script></head>
<body><main><h1>A page still loading</h1>
<button type="button" onclick="window.clicks = (window.clicks || 0) + 1;
document.getElementById('out').textContent = 'Clicked'">Go</button><p id="out"></p></main></body>
</html>"""
LATE_JS = "document.querySelector('main').insertAdjacentHTML('afterbegin', '<p>Banner</p>');"


CLICKS = {
    "locator": lambda page: page.get_by_role("button", name="Go").click(),
    "page's shortcut": lambda page: page.click("text=Go"),
}


@pytest.mark.parametrize("click", CLICKS.values(), ids=CLICKS.keys())
def test_a_click_waits_for_the_page_to_finish_loading(browser, click):
    with browser.new_context() as context:
        page = context.new_page()
        held = []  # the script's request, answered only when the test says
        page.route("http://casework.test/late.js", lambda route: held.append(route))
        page.route(
            "http://casework.test/",
            lambda route: route.fulfill(body=PAGE, content_type="text/html"),
        )
        page.goto("http://casework.test/", wait_until="commit")
        button = page.get_by_role("button", name="Go")
        expect(button).to_be_visible()
        page.set_default_timeout(1_000)

        with pytest.raises(PlaywrightTimeoutError, match="load"):
            click(page)
        assert page.evaluate("window.clicks") is None

        held[0].fulfill(body=LATE_JS, content_type="text/javascript")
        click(page)
        expect(page.locator("#out")).to_have_text("Clicked")
        assert page.evaluate("window.clicks") == 1
