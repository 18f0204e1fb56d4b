"""Shared fixtures: the real embedder, and bots over real Chroma stores in temporary folders."""

from __future__ import annotations

import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GENERAL = ROOT.parent / "shared" / "corpus" / "general"  # the general dev corpus: ten articles on other topics
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture(scope="session")
def embedder():
    """The bundled MiniLM, loaded once for the whole run."""
    from rag.embedding import load_embedder

    return load_embedder()


@pytest.fixture()
def make_bot(tmp_path_factory, embedder):
    """Build a Bot over a fresh store folder (real Chroma, real BM25, real embedder)."""
    from rag import Bot, Settings

    def build(store_dir: Path | None = None, **overrides):
        store = store_dir or tmp_path_factory.mktemp("store")
        return Bot.from_settings(Settings(store_dir=store, _env_file=None, **overrides), embedder=embedder)

    return build


@pytest.fixture()
def article_bot(make_bot, tmp_path):
    """Build a Bot over one article written to a fresh folder."""

    def build(name: str, text: str):
        folder = tmp_path / Path(name).stem
        folder.mkdir()
        (folder / name).write_text(text, "utf-8")
        bot = make_bot()
        bot.ingest([folder])
        return bot

    return build


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory, embedder) -> Path:
    """A store folder holding the four seed articles, ingested once per run."""
    from rag import Bot, Settings

    store = tmp_path_factory.mktemp("seeded")
    Bot.from_settings(Settings(store_dir=store, _env_file=None), embedder=embedder).ingest([SEEDS])
    return store


@pytest.fixture(scope="session")
def seeded_bot(seeded_store, embedder):
    """A Bot over the seeded store (read-only use: do not ingest into it)."""
    from rag import Bot, Settings

    return Bot.from_settings(Settings(store_dir=seeded_store, _env_file=None), embedder=embedder)


@pytest.fixture()
def seeds_copy(tmp_path) -> Path:
    """A writable copy of seeds/."""
    target = tmp_path / "articles"
    shutil.copytree(SEEDS, target)
    return target


def free_port() -> int:
    """A TCP port free on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rag_command() -> list[str]:
    """The installed `rag` console script of this interpreter's environment."""
    script = Path(sys.executable).parent / "rag"
    return [str(script)] if script.exists() else [sys.executable, "-m", "rag.cli"]


def wait_until_serving(url: str, proc, log_path: Path, timeout: float = 180) -> None:
    """Poll `url` until it answers; fail with the server's log if the process dies or time runs out."""
    import time
    import urllib.request

    deadline = time.time() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail(f"the server at {url} did not start: {log_path.read_text()}")
            time.sleep(0.5)


@pytest.fixture(scope="session")
def served(served_server) -> str:
    """The URL of the shared `rag serve`."""
    return served_server[0]


@pytest.fixture(scope="session")
def served_server(tmp_path_factory):
    """`rag serve` on a loopback port with an empty store (it ingests seeds/ itself); yields (URL, store)."""
    import subprocess

    port = free_port()
    store = tmp_path_factory.mktemp("serve-store")
    env = dict(os.environ, RAG_STORE_DIR=str(store), HF_HUB_OFFLINE="1", GRADIO_ANALYTICS_ENABLED="False")
    log = (store.parent / "serve.log").open("w")
    proc = subprocess.Popen([*rag_command(), "serve", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    wait_until_serving(url, proc, store.parent / "serve.log")
    yield url, store
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


@pytest.fixture()
def launch_app(tmp_path, monkeypatch):
    """Launch the web app in this process on a loopback port: launch(bot, **serve_kwargs) -> (URL, Gradio temp
    folder). Each app keeps Gradio's uploads in a temp folder of its own; all are closed after the test."""
    from ui.app import serve

    apps = []

    def launch(bot, **kwargs):
        temp = tmp_path / f"gradio-{len(apps)}"
        monkeypatch.setenv("GRADIO_TEMP_DIR", str(temp))  # read when the app is built
        port = free_port()
        apps.append(serve(bot, port=port, block=False, **kwargs))
        return f"http://127.0.0.1:{port}/", temp

    yield launch
    for app in apps:
        app.close()


@pytest.fixture()
def request_counter():
    """A loopback HTTP server that answers 200 to anything; yields (base URL, Counter of paths requested)."""
    import threading
    from collections import Counter
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen: Counter[str] = Counter()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen[self.path] += 1
            self.send_response(200)
            self.send_header("Content-Type", "image/png" if self.path.endswith(".png") else "text/plain")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def break_retrieval(bot, monkeypatch, error: Exception) -> list[Exception]:
    """Make every retrieval of `bot` raise; returns the one-item list holding the error (swap it to change)."""
    failure = [error]

    def broken(*args, **kwargs):
        raise failure[0]

    monkeypatch.setattr(bot.retriever, "retrieve", broken)
    return failure


VOLCANO = [GENERAL / "articles" / name
           for name in ("01_erupsi_welang_kabarjatim.txt", "02_erupsi_welang_wartasatu.txt")]  # fmt: skip


@pytest.fixture(scope="session")
def volcano_bot(tmp_path_factory, embedder):
    """A bot over the two reports of one eruption, which agree on some facts and differ on others."""
    from rag import Bot, Settings

    folder = tmp_path_factory.mktemp("volcano")
    for path in VOLCANO:
        shutil.copy(path, folder / path.name)
    bot = Bot.from_settings(Settings(store_dir=tmp_path_factory.mktemp("store"), _env_file=None), embedder=embedder)
    bot.ingest([folder])
    return bot
