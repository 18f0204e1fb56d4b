"""The web chat in a real browser: Debian's chromium, headless, driven by Playwright."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
HOSTILE_ARTICLE = """Festival Layang-Layang Internasional Parangtritis

Panitia festival layang-layang di Pantai Parangtritis mencatat 312 peserta dari sembilan negara tahun ini.

Ketua panitia festival layang-layang menulis <script>window.__pwned = 1</script> dan <img src=x onerror="window.__pwned = 2"> di situs resmi festival.
"""


def launch_chromium(playwright):
    """Debian's chromium, headless (Playwright's own browser download does not work here)."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    )


@pytest.fixture(scope="module")
def page(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1400, "height": 950})
        page.goto(served)
        page.locator("#question textarea").wait_for()
        yield page
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "last-state.png"), full_page=True)  # for looking at a failure
        browser.close()


def submit(page, question: str) -> None:
    """Start a new conversation and send `question`, retrying if the page was not listening yet."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(5):
        page.locator("#new").click()
        page.locator("#question textarea").fill(question)
        page.locator("#ask").click()
        try:  # the user's message shows in the chat at once when the click reached a ready app
            page.locator("#chat").get_by_text(question[:40]).first.wait_for(timeout=8_000)
            return
        except PlaywrightTimeout:
            continue
    pytest.fail("the chat never took the question")


def ask_done(page) -> str:
    """Wait until the answer (or refusal) has finished streaming in; the chat's final text."""
    page.wait_for_function(
        "() => { const t = document.querySelector('#chat').innerText;"
        " return t.includes('[1]') || t.includes('Not in these articles'); }",
        timeout=60_000,
    )
    last = ""
    for _ in range(80):
        page.wait_for_timeout(150)
        text = page.locator("#chat").inner_text()
        if text == last:
            return text
        last = text
    return last


def ask(page, question: str) -> str:
    """Ask in a new conversation; the chat's final text."""
    submit(page, question)
    return ask_done(page)


def test_answer_streams_in_with_markers_and_sources_panel(page):
    question = "Negara mana saja yang menurut Stoltenberg mendukung perang Rusia di Ukraina?"
    page.evaluate(
        """() => { window.__seen = [];
          new MutationObserver(() => window.__seen.push(document.querySelector('#chat').innerText.length))
            .observe(document.querySelector('#chat'), {subtree: true, childList: true, characterData: true}); }"""
    )
    submit(page, question)
    chat = ask_done(page)
    growth = sorted(set(page.evaluate("window.__seen")))
    assert len(growth) >= 8, growth  # clearing, the question, then the answer in many pieces
    assert "[1]" in chat and "China" in chat and "Iran" in chat
    panel = page.locator("#sources")
    assert "Liputan6" in panel.inner_text() and "2024-06-19" in panel.inner_text()
    assert "Iran" in panel.locator("mark").first.inner_text()  # the quote is highlighted in its passage
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-answer.png"), full_page=True)


def test_refusal_looks_different_and_shows_related_only(page):
    ask(page, "Who is the prime minister of Japan?")
    assert "Not in these articles" in page.locator("#chat").inner_text()
    assert "Related passages (not evidence" in page.locator("#sources").inner_text()
    page.screenshot(path=str(ARTIFACTS / "chat-refusal.png"), full_page=True)


def test_sources_that_disagree_show_a_warning(page):
    chat = ask(page, "When did Putin visit North Korea in June 2024?")
    assert "Warning:" in chat and "Reported by 2 outlets" in chat
    warning = page.locator("#sources .conflict")
    assert warning.is_visible()
    assert "2024-06-19" in warning.inner_text() and "2024-06-20" in warning.inner_text()
    page.screenshot(path=str(ARTIFACTS / "chat-conflict.png"), full_page=True)


def test_articles_tab_lists_the_seeds(page):
    page.get_by_role("tab", name="Articles").click()
    table = page.locator("#articles").inner_text()
    for outlet in ("usmnews", "Metrotvnews", "Tampang", "Liputan6"):
        assert outlet in table
    page.get_by_role("tab", name="Chat").click()


def test_uploaded_article_is_answerable_and_its_markup_stays_text(page, tmp_path):
    article = tmp_path / "festival_parangtritis.txt"
    article.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    empty = tmp_path / "kosong.txt"
    empty.write_bytes(b"")
    page.get_by_role("tab", name="Articles").click()
    page.locator("#upload input[type=file]").set_input_files([str(article), str(empty)])
    page.locator("#add").click()
    report = page.locator("#report")
    report.get_by_text("kosong.txt").wait_for(timeout=120_000)
    assert "festival_parangtritis.txt" in report.inner_text() and "empty" in report.inner_text()
    assert "festival_parangtritis.txt" in page.locator("#articles").inner_text()
    page.get_by_role("tab", name="Chat").click()

    ask(page, "Berapa peserta festival layang-layang di Pantai Parangtritis?")
    assert "312" in page.locator("#chat").inner_text()
    assert "festival_parangtritis.txt" in page.locator("#sources").inner_text()

    ask(page, "Apa yang ditulis ketua panitia festival layang-layang di situs resmi festival?")
    shown = page.locator("#chat").inner_text() + page.locator("#sources").inner_text()
    assert "<script>window.__pwned = 1</script>" in shown  # shown as text...
    assert "onerror" in shown
    assert page.evaluate("window.__pwned") is None  # ...and never run
    assert page.locator("#chat script, #sources script, #chat img[src=x], #sources img").count() == 0
    page.screenshot(path=str(ARTIFACTS / "chat-escaped.png"), full_page=True)
