"""The web chat in a real browser: Debian's chromium, headless, driven by Playwright."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import break_retrieval

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
HOSTILE_ARTICLE = """Festival Layang-Layang Internasional Parangtritis

Panitia festival layang-layang di Pantai Parangtritis mencatat 312 peserta dari sembilan negara tahun ini.

Ketua panitia festival layang-layang menulis <script>window.__pwned = 1</script> dan <img src=x onerror="window.__pwned = 2"> di situs resmi festival.

Tiket festival layang-layang dijual di [portal tiket]({base}/beli) seharga **Rp 25.000** per orang ![]({base}/track.png) sejak Senin.
"""


def launch_chromium(playwright):
    """Debian's chromium, headless (Playwright's own browser download does not work here)."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    )


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        yield browser
        browser.close()


def open_page(browser, url: str):
    """A new tab on the app at `url`, once its question box is there."""
    page = browser.new_page(viewport={"width": 1400, "height": 950})
    page.goto(url)
    page.locator("#question textarea").wait_for()
    return page


@pytest.fixture(scope="module")
def page(browser, served):
    page = open_page(browser, served)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "last-state.png"), full_page=True)  # for looking at a failure
    page.close()


def notices(page) -> list[str]:
    """The texts of the warnings shown (Gradio's toasts)."""
    return [t.replace("\n", " ") for t in page.locator(".toast-body").all_inner_texts()]


def submit(page, question: str) -> None:
    """Start a new conversation and send `question`; the chat shows it at once."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.locator("#new").click()
    box = page.locator("#question textarea")
    box.fill(question)
    page.locator("#ask").click()
    try:
        page.locator("#chat").get_by_text(question[:40]).first.wait_for(timeout=15_000)
    except PlaywrightTimeout:
        pytest.fail(f"the chat did not take the question; the box holds {box.input_value()!r}; {notices(page)}")


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


def test_next_question_typed_while_the_answer_streams_is_kept(page):
    submit(page, "Negara mana saja yang menurut Stoltenberg mendukung perang Rusia di Ukraina?")
    page.locator("#question textarea").fill("Siapa Bonnie Jenkins?")  # while the answer is still coming
    ask_done(page)
    assert page.locator("#question textarea").input_value() == "Siapa Bonnie Jenkins?"


def test_question_sent_while_an_answer_streams_is_answered_after_it(page):
    submit(page, "Negara mana saja yang menurut Stoltenberg mendukung perang Rusia di Ukraina?")
    page.locator("#question textarea").fill("Siapa Bonnie Jenkins?")
    page.locator("#ask").click()  # while the first answer is still coming
    page.wait_for_function(
        "() => { const t = document.querySelector('#chat').innerText, at = t.indexOf('Siapa Bonnie Jenkins?');"
        " return at >= 0 && t.slice(at).includes('[1]'); }",
        timeout=60_000,
    )
    first, _, second = ask_done(page).partition("Siapa Bonnie Jenkins?")
    assert "China" in first and "Wakil Menteri Luar Negeri" in second


def test_question_typed_after_new_conversation_is_kept_on_a_slow_connection(page):
    ask(page, "Siapa Bonnie Jenkins?")
    network = page.context.new_cdp_session(page)
    network.send("Network.enable")
    # every request now takes 1.5 s each way: an answer from the server to "New conversation" would land late
    network.send("Network.emulateNetworkConditions",
                 {"offline": False, "latency": 1500, "downloadThroughput": -1, "uploadThroughput": -1})  # fmt: skip
    try:
        page.locator("#new").click()
        assert page.locator("#chat").get_by_text("Siapa Bonnie Jenkins?").count() == 0  # cleared at once
        page.locator("#question textarea").fill("Where did Putin and Kim Jong Un hold their talks?")
        page.wait_for_timeout(4_000)
        assert page.locator("#question textarea").input_value() == "Where did Putin and Kim Jong Un hold their talks?"
    finally:
        network.send("Network.emulateNetworkConditions",
                     {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})  # fmt: skip
        network.detach()


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


def upload(page, *files: Path) -> str:
    """Add `files` in the Articles tab; the new upload report's text."""
    page.get_by_role("tab", name="Articles").click()
    report = page.locator("#report")
    before = report.inner_text()
    page.locator("#upload input[type=file]").set_input_files([str(f) for f in files])
    listed = page.locator(f'#upload td.filename[aria-label="{files[-1].name}"]')
    listed.wait_for()  # uploaded
    page.locator("#add").click()
    page.wait_for_function(
        "([before, name]) => { const t = document.querySelector('#report').innerText;"
        " return t !== before && t.includes(name); }",
        arg=[before, files[-1].name],
        timeout=120_000,
    )
    listed.wait_for(state="detached")  # the upload box is emptied
    return report.inner_text()


def leftovers(folder: Path) -> list[str]:
    """The files under `folder` (none if it does not exist)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_uploaded_article_is_answerable_and_its_markup_stays_text(page, served_server, request_counter, tmp_path):
    base, requests = request_counter
    article = tmp_path / "festival_parangtritis.txt"
    article.write_text(HOSTILE_ARTICLE.format(base=base), encoding="utf-8")
    empty = tmp_path / "kosong.txt"
    empty.write_bytes(b"")
    report = upload(page, article, empty)
    assert "festival_parangtritis.txt: added" in report and "kosong.txt: not added, the file is empty" in report
    assert "festival_parangtritis.txt" in page.locator("#articles").inner_text()
    uploads = served_server[1] / "uploads"
    assert (uploads / "festival_parangtritis.txt").read_text(encoding="utf-8") == article.read_text(encoding="utf-8")
    assert not (uploads / "kosong.txt").exists()
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

    chat = ask(page, "Di mana tiket festival layang-layang dijual dan berapa harganya?")
    page.wait_for_timeout(1_000)  # time for the browser to fetch anything the page asks for
    panel = page.locator("#sources").inner_text()
    for text in (chat, panel):
        assert f"[portal tiket]({base}/beli)" in text and "**Rp 25.000**" in text and f"![]({base}/track.png)" in text
    assert requests["/track.png"] == 0 and sum(requests.values()) == 0  # no image was fetched
    assert page.locator(f'#chat a[href^="{base}"], #sources a[href^="{base}"], #chat img, #sources img').count() == 0
    assert page.locator("#chat strong, #sources strong").filter(has_text="25.000").count() == 0
    page.screenshot(path=str(ARTIFACTS / "chat-markdown-as-text.png"), full_page=True)


def test_rejected_uploads_leave_no_file_behind(browser, make_bot, launch_app, tmp_path):
    import httpx

    uploads = tmp_path / "uploads"
    url, gradio_temp = launch_app(make_bot(), uploads_dir=uploads, max_file_mb=0.05)  # 50 kB
    (tmp_path / "in").mkdir()
    empty, binary, good, big = (
        tmp_path / "in" / name for name in ("kosong.txt", "biner.txt", "berita.txt", "besar.txt")
    )
    empty.write_bytes(b"")
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    good.write_text("Pasar Malam Kota Lama\n\nPasar malam Kota Lama dibuka lagi pada Jumat dengan 80 pedagang.\n")
    big.write_text("Berita Panjang\n\n" + "Kalimat yang panjang sekali untuk berita ini. " * 3000)  # 135 kB
    page = open_page(browser, url)
    try:
        report = upload(page, empty, binary, good)
        assert "kosong.txt: not added, the file is empty" in report
        assert "biner.txt: not added, the file is binary" in report and "berita.txt: added" in report
        assert leftovers(uploads) == ["berita.txt"] and leftovers(gradio_temp) == []

        page.locator("#upload input[type=file]").set_input_files([str(big)])  # refused before it is sent
        page.locator(".toast-body").filter(has_text="besar.txt").wait_for()
        assert leftovers(gradio_temp) == []
    finally:
        page.close()
    # a client that skips the browser's check is refused by the server, and nothing of the file stays
    with big.open("rb") as f:
        refused = httpx.post(f"{url}gradio_api/upload", files={"files": ("besar.txt", f, "text/plain")})
    assert refused.status_code == 413
    assert leftovers(gradio_temp) == [] and leftovers(uploads) == ["berita.txt"]


def test_same_named_uploads_are_kept_apart_and_a_new_version_replaces_the_old(browser, make_bot, launch_app, tmp_path):
    uploads = tmp_path / "uploads"
    url, gradio_temp = launch_app(make_bot(), uploads_dir=uploads)
    texts = {
        "banjir": "Banjir Rendam Jakarta Utara\n\nBanjir setinggi satu meter merendam 40 rumah di Penjaringan pada Selasa.\n",
        "gempa": "Gempa Guncang Cianjur\n\nGempa bermagnitudo 5,6 mengguncang Cianjur pada Senin siang.\n",
        "banjir-baru": "Banjir Rendam Jakarta Utara\n\nBanjir setinggi satu meter merendam 65 rumah di Penjaringan pada Selasa.\n",
    }
    files = {}
    for key, text in texts.items():
        (tmp_path / key).mkdir()
        files[key] = tmp_path / key / "laporan.txt"
        files[key].write_text(text, encoding="utf-8")
    page = open_page(browser, url)
    try:
        assert "laporan.txt: added" in upload(page, files["banjir"])
        report = upload(page, files["gempa"])  # another article under the same name
        assert "laporan.txt: kept as laporan (2).txt beside an existing article of the same name" in report
        assert (uploads / "laporan.txt").read_text(encoding="utf-8") == texts["banjir"]
        assert (uploads / "laporan (2).txt").read_text(encoding="utf-8") == texts["gempa"]

        report = upload(page, files["banjir-baru"])  # the same headline: a new version of the first
        assert "laporan.txt: replaced laporan.txt, as a new version of the same article" in report
        assert (uploads / "laporan.txt").read_text(encoding="utf-8") == texts["banjir-baru"]
        assert "unchanged" in upload(page, files["banjir-baru"])
        table = page.locator("#articles").inner_text()
        assert "laporan (2).txt" in table and "Gempa Guncang Cianjur" in table
        assert leftovers(uploads) == ["laporan (2).txt", "laporan.txt"] and leftovers(gradio_temp) == []

        page.get_by_role("tab", name="Chat").click()
        assert "65 rumah" in ask(page, "Berapa rumah yang terendam banjir di Penjaringan?")
        assert "laporan.txt" in page.locator("#sources").inner_text()
    finally:
        page.close()


def test_store_failures_show_their_message_and_keep_the_question(browser, make_bot, launch_app, monkeypatch, caplog):
    import re

    from rag import StoreUnavailable

    bot = make_bot()
    failure = break_retrieval(
        bot, monkeypatch, StoreUnavailable("the search index of /srv/news/store cannot be read: params damaged")
    )
    url, _ = launch_app(bot)
    page = open_page(browser, url)
    question = "Siapa Bonnie Jenkins?"
    box = page.locator("#question textarea")
    try:
        box.fill(question)
        page.locator("#ask").click()
        page.locator(".toast-body").filter(has_text="the search index of /srv/news/store cannot be read").wait_for()
        assert box.input_value() == question
        page.wait_for_timeout(300)
        assert page.locator("#chat").get_by_text(question).count() == 0  # not left in the chat unanswered

        failure[0] = RuntimeError("disk I/O error in chroma.sqlite3")
        page.locator("#ask").click()
        notice = page.locator(".toast-body").filter(has_text="Sorry")
        notice.wait_for()
        ref = re.search(r"reference ([0-9a-f]{8})", notice.inner_text())[1]
        assert "went wrong on the server" in notice.inner_text() and "disk I/O" not in notice.inner_text()
        assert box.input_value() == question
        page.screenshot(path=str(ARTIFACTS / "chat-server-failure.png"), full_page=True)
    finally:
        page.close()
    logged = [r for r in caplog.records if ref in r.getMessage()]
    assert len(logged) == 1 and "disk I/O error" in str(logged[0].exc_info[1])  # the log line with the traceback


def test_four_users_adding_same_named_articles_at_once_lose_nothing(browser, make_bot, launch_app, tmp_path):
    """Four tabs press "Add" together, each with its own article called laporan.txt: all four are kept,
    each is answerable, and the search index covers every chunk."""
    from test_store_integrity import HEADS, VILLAGES, write_article

    bot = make_bot()
    url, _ = launch_app(bot, uploads_dir=tmp_path / "uploads", concurrency=4)
    files = [write_article(tmp_path / f"user{i}", i, name="laporan.txt") for i in range(4)]
    pages = [open_page(browser, url) for _ in files]
    try:
        for page, file in zip(pages, files, strict=True):
            page.get_by_role("tab", name="Articles").click()
            page.locator("#upload input[type=file]").set_input_files([str(file)])
            page.locator('#upload td.filename[aria-label="laporan.txt"]').wait_for()
        for page in pages:  # as near to together as one browser allows
            page.locator("#add").click(no_wait_after=True)
        for page in pages:
            page.wait_for_function("document.querySelector('#report').innerText.includes('laporan')", timeout=180_000)
    finally:
        for page in pages:
            page.close()
    names = {"laporan.txt", "laporan (2).txt", "laporan (3).txt", "laporan (4).txt"}
    assert {d["source"] for d in bot.docs()} == names
    assert sorted(p.name for p in (tmp_path / "uploads").iterdir()) == sorted(names)
    assert len(bot.retriever.lexical.retriever(1000).corpus) == bot.store.count()
    for i in range(4):
        answer = bot.ask(f"Siapa kepala Desa {VILLAGES[i]}?")
        assert answer.found and HEADS[i] in answer.text
        text = (tmp_path / "uploads" / answer.citations[0].source).read_text(encoding="utf-8")
        assert VILLAGES[i] in text  # the file kept under the cited name is this village's article
