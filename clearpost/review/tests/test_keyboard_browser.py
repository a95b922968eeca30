"""The review screen driven from the keyboard in a real browser, against the real processes: `n` claims the
next review, `r` without a reason asks for one, `a` approves and moves on, `j`/`k` walk the queue."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from clearpost.accounts.demo import DEMO_PASSWORD
from clearpost.core.testing import System

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed")]


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    running = System(tmp_path_factory.mktemp("system"), worker=False).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def page(system: System) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        yield browser.new_page()
        browser.close()


def _login(page, system: System, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{system.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_principal_reviews_from_the_keyboard(system: System, page) -> None:  # type: ignore[no-untyped-def]
    _login(page, system, "advisor1")
    for i in range(3):
        page.goto(f"{system.url}/posts/compose/")
        page.get_by_label("Text").fill(f"Our branch hosts a free budgeting workshop, session {i}. All welcome!")
        page.get_by_role("button", name="Submit for approval").click()
        page.wait_for_url(re.compile(r"/posts/\d+/$"))
    page.get_by_role("button", name=re.compile("Sign out")).click()

    _login(page, system, "principal1")
    page.goto(f"{system.url}/review/")
    page.keyboard.press("n")
    page.wait_for_url(re.compile(r"/review/\d+/$"))
    first = page.url
    page.keyboard.press("r")  # no reason yet: the reason field asks for one
    assert page.locator("#reason").get_attribute("aria-invalid") == "true"
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    page.wait_for_url(lambda url: url != first)
    assert "Approved" in page.locator(".flash").first.inner_text()
    second = page.url
    if page.locator("#review-screen").get_attribute("data-next-url"):
        page.keyboard.press("j")
        page.wait_for_url(lambda url: url != second)
        page.keyboard.press("k")
        page.wait_for_url(second)
