"""The web chat served by `rag serve`, called through Gradio's API as a client would."""

from __future__ import annotations

import os
import subprocess
import time

import pytest
from conftest import ROOT, free_port, rag_command

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`rag serve` on a loopback port with an empty store (it ingests seeds/ itself)."""
    port = free_port()
    store = tmp_path_factory.mktemp("serve-store")
    env = dict(os.environ, RAG_STORE_DIR=str(store), HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False")
    proc = subprocess.Popen([*rag_command(), "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 180
    import urllib.request

    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"rag serve exited: {proc.stdout.read()}")
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            time.sleep(1)
    else:
        proc.kill()
        pytest.fail("rag serve did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


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
