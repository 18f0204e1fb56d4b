"""The web chat served by `rag serve`, called through Gradio's API as a client would."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


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

    from conftest import ROOT, free_port, rag_command, wait_until_serving
    from gradio_client import Client

    port = free_port()
    env = dict(os.environ, RAG_STORE_DIR=str(seeded_store), HF_HUB_OFFLINE="1", RAG_AUTH_USER="alice",
               RAG_AUTH_PASSWORD="s3cret-pass", GRADIO_ANALYTICS_ENABLED="False")  # fmt: skip
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([*rag_command(), "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_serving(url, proc, tmp_path / "serve.log")
        with pytest.raises(Exception):  # noqa: B017 - gradio_client raises a plain error without a login
            Client(url, verbose=False).predict("Siapa Bonnie Jenkins?", api_name="/chat")
        reply = Client(url, auth=("alice", "s3cret-pass"), verbose=False).predict(
            "Siapa Bonnie Jenkins?", api_name="/chat"
        )
        assert "Jenkins" in reply
        assert "s3cret-pass" not in (tmp_path / "serve.log").read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
