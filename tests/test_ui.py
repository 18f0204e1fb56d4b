"""The web chat served by `rag serve`, called through Gradio's API as a client would."""

from __future__ import annotations

import html
import re
import time

import pytest
from conftest import break_retrieval

pytestmark = pytest.mark.e2e


def login(url: str, user: str, password: str, client: str = "127.0.0.1"):
    """POST Gradio's login form from the loopback address `client`; the response."""
    import httpx

    with httpx.Client(transport=httpx.HTTPTransport(local_address=client)) as http:
        return http.post(f"{url}login/", data={"username": user, "password": password})


def test_chat_api_answers_with_sources(served):
    from gradio_client import Client

    client = Client(served, verbose=False)
    reply = client.predict("Siapa Sekretaris Jenderal NATO yang berbicara tentang Korea Utara pada Desember 2024?",
                           api_name="/chat")  # fmt: skip
    assert "Rutte" in reply
    assert "[1]" in reply and "**Sources**" in reply
    assert "001_3534e1b773fe22bb.txt" in reply or "000_0d34fdc664c847d8.txt" in reply


def test_chat_api_warns_on_empty_question(served):
    from gradio_client import Client

    reply = Client(served, verbose=False).predict("   ", api_name="/chat")
    assert "empty" in reply


def test_chat_api_issue_example_names_china_and_iran_from_liputan6(served):
    from gradio_client import Client

    reply = Client(served, verbose=False).predict(
        "Negara mana saja yang menurut Stoltenberg mendukung perang Rusia di Ukraina?", api_name="/chat"
    )
    answer, _, sources = reply.partition("**Sources**")
    assert "China" in answer and "Iran" in answer and "[1]" in answer
    assert "1. `003_5a631abbb720e1ed.txt`, Liputan6, 2024-06-19" in sources


def test_article_markup_is_escaped_in_api_markdown(served):
    from gradio_client import Client

    # the Tampang seed contains a literal "<123>" line; nothing from an article is passed on as a tag
    reply = Client(served, verbose=False).predict("Who is the prime minister of Japan?", api_name="/chat")
    assert "<" not in reply.replace("&lt;", "")


def test_basic_auth_from_settings_guards_the_chat(tmp_path, seeded_store):
    import os
    import subprocess

    import httpx
    from conftest import ROOT, free_port, rag_command, wait_until_serving
    from gradio_client import Client

    port = free_port()
    env = dict(os.environ, RAG_STORE_DIR=str(seeded_store), HF_HUB_OFFLINE="1", RAG_AUTH_USER="alice",
               RAG_AUTH_PASSWORD="s3cret-pass", GRADIO_ANALYTICS_ENABLED="False", RAG_LOGIN_MAX_FAILURES="3",
               RAG_MAX_FILE_MB="0.02")  # fmt: skip
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([*rag_command(), "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(url, proc, tmp_path / "serve.log")
        with pytest.raises(Exception):  # noqa: B017 - gradio_client raises a plain error without a login
            Client(url, verbose=False).predict("Siapa Bonnie Jenkins?", api_name="/chat")
        assert httpx.get(f"{url}openapi.json").status_code == 401  # the schema needs a login too
        # the settings reach the server: a client that fails 3 times is refused (429), others are not
        tries = [login(url, "mallory", "guess", client="127.0.0.2").status_code for _ in range(4)]
        assert tries == [400, 400, 400, 429]
        reply = Client(url, auth=("alice", "s3cret-pass"), verbose=False).predict(
            "Siapa Bonnie Jenkins?", api_name="/chat"
        )
        assert "Jenkins" in reply
        assert "s3cret-pass" not in (tmp_path / "serve.log").read_text()
        cookies = login(url, "alice", "s3cret-pass").cookies
        with (tmp_path / "big.txt").open("wb") as big:  # RAG_MAX_FILE_MB: refused before it reaches the disk
            big.write(b"Judul\n\n" + b"Kalimat berita. " * 2000)
        with (tmp_path / "big.txt").open("rb") as big:
            refused = httpx.post(f"{url}gradio_api/upload", files={"files": big}, cookies=cookies)
        assert refused.status_code == 413
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def test_repeated_failed_logins_lock_out_the_client_or_the_user_until_the_window_passes(seeded_bot, launch_app):
    window = 5.0  # long enough that a loaded machine still makes every try inside it
    url, _ = launch_app(seeded_bot, auth=("alice", "s3cret-pass"), login_failures=5, login_window=window)
    started = time.monotonic()
    tries = [login(url, "mallory", f"guess{i}", client="127.0.0.2") for i in range(12)]  # a guessing script
    assert [r.status_code for r in tries[:5]] == [400] * 5
    assert {r.status_code for r in tries[5:]} == {429} and int(tries[-1].headers["Retry-After"]) >= 1
    assert login(url, "alice", "s3cret-pass", client="127.0.0.2").status_code == 429  # this client waits...
    assert login(url, "alice", "s3cret-pass", client="127.0.0.3").status_code == 200  # ...others need not

    for i in range(5):  # guesses at alice's password from an address each
        assert login(url, "alice", f"guess{i}", client=f"127.0.1.{i}").status_code == 400
    assert login(url, "alice", "s3cret-pass", client="127.0.0.4").status_code == 429  # alice waits too
    assert time.monotonic() - started < window  # all of the above happened inside one window

    time.sleep(max(0.0, started + 2 * window + 0.1 - time.monotonic()))  # the window (and alice's) passes
    assert login(url, "alice", "s3cret-pass", client="127.0.0.4").status_code == 200
    assert login(url, "alice", "s3cret-pass", client="127.0.0.2").status_code == 200


def test_api_schema_and_api_info_need_a_login(seeded_bot, launch_app):
    import httpx

    url, _ = launch_app(seeded_bot, auth=("alice", "s3cret-pass"))
    pages = ("openapi.json", "gradio_api/openapi.json", "gradio_api/info")
    assert [httpx.get(url + page).status_code for page in pages] == [401, 401, 401]
    cookies = login(url, "alice", "s3cret-pass").cookies
    for page in pages:
        answer = httpx.get(url + page, cookies=cookies)
        assert answer.status_code == 200 and answer.json()


def test_chat_api_keeps_article_markdown_as_text(make_bot, launch_app, tmp_path):
    from gradio_client import Client
    from test_render import rendered

    article = tmp_path / "tiket_festival.txt"
    article.write_text("Festival Layang-Layang Parangtritis\n\nTiket festival layang-layang dijual di "
                       "[portal tiket](http://127.0.0.1:9/beli) seharga **Rp 25.000** ![](http://127.0.0.1:9/t.png) "
                       "per orang.\n")  # fmt: skip
    bot = make_bot()
    bot.ingest([article])
    url, _ = launch_app(bot)
    reply = Client(url, verbose=False).predict("Berapa harga tiket festival layang-layang?", api_name="/chat")
    assert "[1]" in reply and "**Sources**" in reply and "1. `tiket_festival.txt`" in reply
    page = rendered(reply)  # as a Markdown client shows it
    assert "<a " not in page and "<img" not in page and page.count("<strong>") == 1  # "Sources" only
    assert "[portal tiket](http://127.0.0.1:9/beli) seharga **Rp 25.000** ![](http://127.0.0.1:9/t.png)" in (
        html.unescape(re.sub("<[^>]+>", "", page))
    )


def test_chat_api_reports_a_broken_store_in_one_line(make_bot, launch_app, monkeypatch, caplog):
    from gradio_client import Client

    from rag import StoreUnavailable

    bot = make_bot()
    failure = break_retrieval(
        bot, monkeypatch, StoreUnavailable("the search index of /srv/news/store cannot be read: params damaged")
    )
    url, _ = launch_app(bot)
    client = Client(url, verbose=False)
    reply = client.predict("Siapa Bonnie Jenkins?", api_name="/chat")
    assert reply == "Cannot answer: the search index of /srv/news/store cannot be read: params damaged"
    failure[0] = RuntimeError("disk I/O error in chroma.sqlite3")
    reply = client.predict("Siapa Bonnie Jenkins?", api_name="/chat")
    ref = re.search(r"reference ([0-9a-f]{8})\.$", reply)[1]
    assert reply.startswith("Cannot answer: Sorry, something went wrong on the server") and "disk" not in reply
    assert any(ref in r.getMessage() and r.exc_info for r in caplog.records)


def test_each_further_lockout_lasts_twice_as_long():
    from fastapi import HTTPException

    from ui.login import CLIENT, LoginLimiter

    now = [1000.0]
    limiter = LoginLimiter("alice", "s3cret-pass", max_failures=5, window=60.0, clock=lambda: now[0])
    token = CLIENT.set("203.0.113.7")  # the address LoginGuard records for a login request

    def refused_for() -> float | None:
        try:
            limiter("alice", "s3cret-pass")
        except HTTPException as exc:
            assert exc.status_code == 429
            return float(exc.headers["Retry-After"])
        return None

    for lockout in (60, 120, 240):
        assert [limiter("alice", "wrong") for _ in range(5)] == [False] * 5
        assert refused_for() == lockout
        now[0] += lockout - 1
        assert refused_for() == 1
        now[0] += 1
    assert refused_for() is None  # the right password, after the wait: logged in, and the records cleared
    assert [limiter("alice", "wrong") for _ in range(4)] == [False] * 4 and refused_for() is None
    CLIENT.reset(token)
