"""The core loop in a real browser against the real processes: an advisor composes and submits, a principal
approves, the worker publishes through the X connector to the sandbox network, and the post shows on the
sandbox timeline and, with its network URL, on the advisor's page."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from clearpost.accounts.demo import DEMO_PASSWORD
from clearpost.core.testing import System

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed")]


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    running = System(tmp_path_factory.mktemp("system")).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield instance
        instance.close()


def login(page, system: System, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{system.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def logout(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name=re.compile("Sign out")).click()
    page.wait_for_url(re.compile("/accounts/login/"))


def test_advisor_post_is_approved_published_and_shown_on_the_sandbox_timeline(system: System, browser) -> None:  # type: ignore[no-untyped-def]
    text = f"Join us for our community financial-literacy evening next week. All are welcome! #{int(time.time())}"
    page = browser.new_page()

    login(page, system, "advisor1")
    page.get_by_role("link", name="Compose").click()
    page.get_by_label("Text").fill(text)
    # The live check answers as the advisor types.
    page.locator("#screening .counter").wait_for()
    assert re.search(r"\d+ / 280 on x", page.locator("#screening .counter").inner_text())
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_url(re.compile(r"/posts/\d+/$"))
    post_url = page.url
    assert page.locator("#post-status").inner_text() == "In review"
    logout(page)

    login(page, system, "principal1")
    assert "/review/" in page.url
    page.get_by_role("link", name=text[:40], exact=False).first.click()
    page.get_by_role("button", name="Approve").click()
    page.wait_for_load_state()
    logout(page)

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page.goto(f"{system.sandbox_url}/x/advisor1")
        if page.get_by_text(text).count():
            break
        time.sleep(0.5)
    assert page.get_by_text(text).count() == 1, "the approved post did not reach the sandbox timeline"

    login(page, system, "advisor1")
    page.goto(post_url)
    assert page.locator("#post-status").inner_text() == "Published"
    external = page.locator("#external-url")
    assert re.fullmatch(rf"{re.escape(system.sandbox_url)}/x/advisor1/status/\d+", external.inner_text())
    page.close()


def test_market_event_to_published_share_in_two_clicks(system: System, browser) -> None:  # type: ignore[no-untyped-def]
    """The story: the Dow gains 150 points, the linked library item unlocks, the advisor is notified, and two
    clicks later the approved item is published under the firm's automatic approval."""
    out = system.manage("market", "replay", "--speed", "0", "--rebase-to-today")
    assert "event fired" in out
    page = browser.new_page()
    login(page, system, "advisor1")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page.goto(f"{system.url}/library/suggestions/")
        if page.locator("a[href*='/library/s/']").count():
            break
        time.sleep(0.5)
    page.locator("a[href*='/library/s/']").first.click()  # click 1: the notification
    page.locator("#share-now").click()  # click 2: share now
    page.wait_for_load_state()

    deadline = time.monotonic() + 60
    found = False
    while time.monotonic() < deadline and not found:
        timeline = httpx.get(f"{system.sandbox_url}/x/advisor1", timeout=5).text
        found = re.search(r"The Dow is up [\d.,]+ points today", timeline) is not None
        time.sleep(0.5)
    if not found:
        page.goto(f"{system.url}/posts/")
        pytest.fail(f"the shared item did not reach the sandbox timeline; the advisor's posts:\n"
                    f"{page.locator('main').inner_text()[:1500]}")
    page.close()


def test_a_complaining_reply_becomes_a_complaint_case_in_three_clicks(system: System, browser) -> None:  # type: ignore[no-untyped-def]
    """The audience complains under an advisor's published post; capture screens it into the branch
    supervisor's queue; the supervisor turns it into a FINRA 4530 complaint case in three clicks."""
    system.manage("sandbox_audience", "--probability", "1", "--kind", "complaint", sandbox=True)
    system.manage("scheduler", "--once")  # enqueues the capture cycle; the worker runs it
    page = browser.new_page()
    login(page, system, "supervisor1")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        page.goto(f"{system.url}/supervision/")
        if page.locator("a[href*='/supervision/items/']").count():
            break
        time.sleep(0.5)
    page.locator("a[href*='/supervision/items/']").first.click()  # click 1: the flagged reply
    assert page.locator(".status-complaint, .status-flag").count() or "complaint" in page.content()
    page.get_by_text("Open a complaint from this message").click()  # click 2
    page.get_by_label("Customer").fill("Sandbox audience member")
    page.get_by_role("button", name="Open complaint case").click()  # click 3
    page.wait_for_url(re.compile(r"/supervision/complaints/\d+/$"))
    assert "Complaint" in page.locator("h1").inner_text()
    assert "Sandbox audience member" in page.content()
    page.close()
