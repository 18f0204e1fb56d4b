"""The web chat with RAG_LLM=openai: the model's words stream in, then the checked answer replaces them."""

from __future__ import annotations

import os
import subprocess

import pytest
from conftest import ROOT, free_port, rag_command, wait_until_serving
from fake_openai import FakeOpenAI
from test_browser import ARTIFACTS, launch_chromium, submit

pytestmark = pytest.mark.e2e
REPLY = ("Putin berjanji memperdalam hubungan perdagangan dan keamanan dengan Korea Utara [1] "
         "dan mendukungnya melawan Amerika Serikat [1]. Ini juga disebut di [9].")  # fmt: skip


@pytest.fixture(scope="module")
def llm_served(seeded_store, tmp_path_factory):
    fake = FakeOpenAI()
    fake.replies = [REPLY]
    fake.piece_delay = 0.08
    port = free_port()
    log_path = tmp_path_factory.mktemp("llm-serve") / "serve.log"
    env = dict(os.environ, RAG_STORE_DIR=str(seeded_store), HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False",
               RAG_LLM="openai", RAG_LLM_BASE_URL=fake.url, RAG_LLM_MODEL="scripted")  # fmt: skip
    with log_path.open("w") as log:
        proc = subprocess.Popen([*rag_command(), "serve", "--port", str(port)], cwd=ROOT, env=env,
                                stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
        url = f"http://127.0.0.1:{port}/"
        wait_until_serving(url, proc, log_path)
        yield url, fake
        proc.terminate()
        proc.wait(timeout=30)
    fake.close()


def test_llm_words_stream_in_then_the_checked_answer_with_sources(llm_served):
    from playwright.sync_api import sync_playwright

    url, fake = llm_served
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1400, "height": 950})
        page.goto(url)
        page.locator("#question textarea").wait_for()
        page.evaluate(
            """() => { window.__texts = [];
              new MutationObserver(() => window.__texts.push(document.querySelector('#chat').innerText))
                .observe(document.querySelector('#chat'), {subtree: true, childList: true, characterData: true}); }"""
        )
        submit(page, "Apa yang dijanjikan Putin dalam suratnya sebelum berkunjung ke Korea Utara?")
        page.locator("#sources details").first.wait_for(timeout=60_000)
        page.wait_for_timeout(500)
        texts = page.evaluate("window.__texts")
        final = page.locator("#chat").inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "chat-llm.png"), full_page=True)
        browser.close()
    # the model's own words while it writes (before the checked answer and its source list replace them)
    raw = [t for t in texts if "Putin berjanji" in t and "003_5a631abbb720e1ed.txt" not in t]
    growing = sorted({len(t) for t in raw})
    assert len(growing) >= 5, growing
    assert any("[9]" in t for t in raw)  # shown as written, bogus marker and all
    assert "[9]" not in final and "Putin berjanji memperdalam" in final and "[1]" in final
    assert "003_5a631abbb720e1ed.txt" in final  # the checked answer's source list
    assert fake.chat_requests()[-1]["stream"] is True
